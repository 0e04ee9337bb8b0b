import { useEffect, useRef, useState } from 'react';
import { ClipwrightApiError, type ClipwrightClient } from '@app/client';

/** A page heading that takes focus when the page opens, so a screen reader announces the new page. */
export function PageTitle({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

/** An error as the user should read it: the API's message, and its code for support. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ClipwrightApiError ? error : undefined;
  return (
    <p role="alert" className="error">
      {e ? e.message : String(error)}
      {e ? <span className="code"> ({e.code})</span> : null}
    </p>
  );
}

/** An object URL for an authenticated download (a video or caption file needs the key in a header). */
export function useBlobUrl(client: ClipwrightClient, path: string | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!path) return;
    let made: string | undefined;
    let live = true;
    client
      .download(path)
      .then((blob) => {
        made = URL.createObjectURL(blob);
        if (live) setUrl(made);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      setUrl(undefined);
      if (made) URL.revokeObjectURL(made);
    };
  }, [client, path]);
  return url;
}

/** Saves a downloaded output under its name (the browser's own download, no key in any URL). */
export async function saveOutput(client: ClipwrightClient, href: string, name: string): Promise<void> {
  const blob = await client.download(href);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The value after `ms` without changes (the live preview waits for typing to pause). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
