import { useEffect, useState } from 'react';
import { ClipwrightApiError, type BrandKit, type ClipwrightClient } from '@app/client';
import { ErrorNote, PageTitle } from '../ui';

const COLORS: { key: 'accent' | 'background' | 'text'; label: string; fallback: string }[] = [
  { key: 'accent', label: 'Accent colour', fallback: '#e4002b' },
  { key: 'background', label: 'Background colour', fallback: '#101820' },
  { key: 'text', label: 'Text colour', fallback: '#ffffff' },
];

function FieldError({ error, path }: { error?: ClipwrightApiError; path: string }) {
  if (!error || error.path !== path) return null;
  return (
    <span className="field-error" id={`${path}-error`}>
      {error.message}
    </span>
  );
}

/** The workspace's brand kit: logo, colours, channel name, font, AI-label wording; every new job carries it. */
export function BrandPage({ client }: { client: ClipwrightClient }) {
  const [kit, setKit] = useState<BrandKit>();
  const [fonts, setFonts] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');
  const [logoUrl, setLogoUrl] = useState<string>();
  useEffect(() => {
    client.brand().then(setKit, setError);
    client.fonts().then((r) => setFonts(r.items), setError);
  }, [client]);
  if (!kit) return <ErrorNote error={error} />;
  const apiError = error instanceof ClipwrightApiError ? error : undefined;
  const set = (patch: Partial<BrandKit>) => {
    setSaved('');
    setKit({ ...kit, ...patch });
  };
  const text = (v: string) => (v === '' ? undefined : v);
  return (
    <>
      <PageTitle>Brand kit</PageTitle>
      <p className="lead">Every clip made from now on uses these.</p>
      <form
        className="panel brand"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          try {
            setKit(await client.saveBrand(kit));
            setSaved('Saved.');
          } catch (x) {
            setError(x);
          }
        }}
      >
        <label htmlFor="brand-channel">Channel name</label>
        <input
          id="brand-channel"
          value={kit.channelName ?? ''}
          maxLength={60}
          aria-invalid={apiError?.path === '$.channelName'}
          onChange={(e) => set({ channelName: text(e.target.value) })}
        />
        <FieldError error={apiError} path="$.channelName" />

        <label htmlFor="brand-logo">Logo (PNG, JPEG or WebP)</label>
        <div className="logo-row">
          {logoUrl ? <img src={logoUrl} alt="The new logo" height={48} /> : null}
          {kit.logo && !logoUrl ? <span className="muted">Uploaded logo {kit.logo.slice(-6)}</span> : null}
          <input
            id="brand-logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              try {
                const asset = await client.uploadAsset(file, file.name);
                set({ logo: `asset:${asset.id}` });
                setLogoUrl(URL.createObjectURL(file));
              } catch (x) {
                setError(x);
              }
            }}
          />
        </div>
        <FieldError error={apiError} path="$.logo" />

        <fieldset>
          <legend>Colours</legend>
          {COLORS.map((c) => (
            <span key={c.key} className="color">
              <label htmlFor={`brand-${c.key}`}>{c.label}</label>
              <input
                id={`brand-${c.key}`}
                type="color"
                value={kit.colors?.[c.key] ?? c.fallback}
                onChange={(e) => set({ colors: { ...kit.colors, [c.key]: e.target.value } })}
              />
              <FieldError error={apiError} path={`$.colors.${c.key}`} />
            </span>
          ))}
        </fieldset>

        <label htmlFor="brand-font">Font</label>
        <select id="brand-font" value={kit.font ?? ''} onChange={(e) => set({ font: text(e.target.value) })}>
          <option value="">The template's own</option>
          {fonts.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <FieldError error={apiError} path="$.font" />

        <label htmlFor="brand-ailabel">AI label wording</label>
        <input
          id="brand-ailabel"
          value={kit.aiLabel ?? ''}
          maxLength={80}
          placeholder="AI-generated"
          onChange={(e) => set({ aiLabel: text(e.target.value) })}
        />
        <FieldError error={apiError} path="$.aiLabel" />

        {apiError?.path ? null : <ErrorNote error={error} />}
        <div className="actions">
          <button type="submit">Save the brand kit</button>
          <span role="status">{saved}</span>
        </div>
      </form>
    </>
  );
}
