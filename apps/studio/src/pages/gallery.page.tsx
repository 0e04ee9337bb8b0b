import { useEffect, useState } from 'react';
import type { ClipwrightClient, TemplateSummary } from '@app/client';
import { href } from '../route';
import { ErrorNote, PageTitle, useBlobUrl } from '../ui';

function Thumbnail({ client, id }: { client: ClipwrightClient; id: string }) {
  const url = useBlobUrl(client, client.thumbnailPath(id));
  return url ? (
    <img src={url} alt="" width={320} height={180} />
  ) : (
    <div className="thumb-empty" aria-hidden="true" />
  );
}

/** Every template with its thumbnail; choosing one opens its form filled with the template's sample. */
export function GalleryPage({ client }: { client: ClipwrightClient }) {
  const [items, setItems] = useState<TemplateSummary[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    client.templates().then((r) => setItems(r.items), setError);
  }, [client]);
  return (
    <>
      <PageTitle>Make a clip</PageTitle>
      <p className="lead">Pick a template. Its form opens filled with a sample you can change.</p>
      <ErrorNote error={error} />
      {!items && !error ? <p aria-live="polite">Loading templates…</p> : null}
      <ul className="gallery">
        {items?.map((t) => (
          <li key={t.id}>
            <a href={href({ page: 'template', id: t.id })} className="card">
              <Thumbnail client={client} id={t.id} />
              <span className="card-title">{t.title}</span>
              {t.description ? <span className="card-text">{t.description}</span> : null}
              <span className="card-meta">{t.outputs.map((o) => o.aspect).join(' · ')}</span>
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
