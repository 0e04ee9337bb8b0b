import { useState } from 'react';
import { ClipwrightApiError, type BatchAnswer, type ClipwrightClient } from '@app/client';
import { href } from '../route';
import { ErrorNote } from '../ui';

/** A feed file (JSON or GeoJSON) sent as one batch: one clip per item, each bad item named with its path. */
export function FeedUpload({ client, template }: { client: ClipwrightClient; template: string }) {
  const [answer, setAnswer] = useState<BatchAnswer>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const rejected = answer?.items.filter((i) => i.status === 'rejected') ?? [];
  return (
    <section aria-labelledby="feed-heading" className="feed">
      <h2 id="feed-heading">Or a clip per item of a feed</h2>
      <label htmlFor="feed-file">Feed file (JSON or GeoJSON)</label>
      <input
        id="feed-file"
        type="file"
        accept=".json,.geojson,application/json,application/geo+json"
        disabled={busy}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          setBusy(true);
          setError(undefined);
          setAnswer(undefined);
          try {
            let data: unknown;
            try {
              data = JSON.parse(await file.text());
            } catch {
              throw new ClipwrightApiError(0, 'DATA_INVALID_JSON', `${file.name} is not valid JSON`);
            }
            setAnswer(await client.createBatch({ template, data }));
          } catch (x) {
            setError(x);
          } finally {
            setBusy(false);
          }
        }}
      />
      <ErrorNote error={error} />
      {answer ? (
        <div role="status">
          <p>
            {answer.jobs.length} {answer.jobs.length === 1 ? 'clip' : 'clips'} queued
            {rejected.length ? `, ${rejected.length} item(s) refused` : ''}.{' '}
            <a href={href({ page: 'jobs', batch: answer.batchId })}>Follow them</a>
          </p>
          {rejected.length ? (
            <ul className="rejected">
              {rejected.map((r) => (
                <li key={r.index}>
                  Item {r.index + 1}: {r.error?.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
