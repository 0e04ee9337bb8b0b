import { useEffect, useMemo, useRef, useState } from 'react';
import {
  captionChecks,
  FINISHED,
  loudnessChecks,
  outputFor,
  type ClipwrightClient,
  type Job,
  type QcCheck,
} from '@app/client';
import { go } from '../route';
import { ErrorNote, PageTitle, saveOutput, useBlobUrl } from '../ui';
import { JobProgress, useLiveJob } from './job-progress';

function Player({
  client,
  job,
  aspect,
  onCues,
}: {
  client: ClipwrightClient;
  job: Job;
  aspect: string;
  onCues: (c: QcCheck[]) => void;
}) {
  const video = outputFor(job, 'mp4', aspect);
  const vtt = outputFor(job, 'vtt', null) ?? outputFor(job, 'vtt');
  const src = useBlobUrl(client, video?.href);
  const track = useBlobUrl(client, vtt?.href);
  const ref = useRef<HTMLTrackElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // The browser's own WebVTT parser reads the cues; the caption rules are checked on them.
    const read = () => onCues(captionChecks(Array.from(el.track.cues ?? []) as unknown as VTTCue[]));
    el.addEventListener('load', read);
    if (el.readyState === 2) read();
    return () => el.removeEventListener('load', read);
  }, [track, onCues]);
  if (!video) return <p>No video for {aspect}.</p>;
  return (
    <video
      className={`player aspect-${aspect.replace(':', 'x')}`}
      controls
      preload="metadata"
      src={src}
      aria-label={`The clip, ${aspect}`}
    >
      {track ? <track ref={ref} kind="captions" src={track} srcLang="en" label="Captions" default /> : null}
    </video>
  );
}

function QcTable({ checks }: { checks: QcCheck[] }) {
  if (checks.length === 0) return <p className="help">No QC figures in this result.</p>;
  return (
    <table className="qc">
      <caption>Quality checks</caption>
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Measured</th>
          <th scope="col">Limit</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((c) => (
          <tr key={c.id} data-check={c.id}>
            <th scope="row">{c.label}</th>
            <td>{c.value}</td>
            <td>{c.limit}</td>
            <td className={c.pass ? 'pass' : 'fail'}>{c.pass ? '✓ Pass' : '✗ Fail'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One job: live progress, then the player per aspect with captions, downloads, QC, cancel and re-run. */
export function JobPage({ client, id }: { client: ClipwrightClient; id: string }) {
  const job = useLiveJob(client, undefined, id);
  const [aspect, setAspect] = useState<string>();
  const [captionQc, setCaptionQc] = useState<QcCheck[]>([]);
  const [error, setError] = useState<unknown>();
  const aspects = useMemo(
    () => (job?.outputs ?? []).filter((o) => o.name.endsWith('.mp4')).map((o) => o.aspect ?? ''),
    [job],
  );
  const shown = aspect ?? aspects[0];
  if (!job) return <p aria-live="polite">Loading the job…</p>;
  const finished = FINISHED.includes(job.state);
  return (
    <>
      <PageTitle>
        {job.template} <span className="muted">job {job.id.slice(-6)}</span>
      </PageTitle>
      <JobProgress job={job} />
      <ErrorNote error={error} />
      <div className="actions">
        {!finished ? (
          <button type="button" className="quiet" onClick={() => client.cancel(job.id).catch(setError)}>
            Cancel
          </button>
        ) : null}
        {finished && job.kind === 'render' ? (
          <button
            type="button"
            onClick={() =>
              client
                .json<Job>('POST', `/v1/jobs/${encodeURIComponent(job.id)}/rerun`, undefined, {
                  retry: false,
                })
                .then((j) => go({ page: 'job', id: j.id }), setError)
            }
          >
            Re-run
          </button>
        ) : null}
      </div>
      {job.state === 'completed' && shown !== undefined ? (
        <div className="columns">
          <section aria-labelledby="player-heading" className="panel">
            <h2 id="player-heading">Watch</h2>
            {aspects.length > 1 ? (
              <div role="group" aria-label="Aspect" className="aspects">
                {aspects.map((a) => (
                  <button key={a} type="button" aria-pressed={a === shown} onClick={() => setAspect(a)}>
                    {a}
                  </button>
                ))}
              </div>
            ) : null}
            <Player key={shown} client={client} job={job} aspect={shown} onCues={setCaptionQc} />
          </section>
          <section aria-labelledby="files-heading" className="panel">
            <h2 id="files-heading">Files</h2>
            <ul className="files">
              {job.outputs?.map((o) => (
                <li key={o.name}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => saveOutput(client, o.href, o.name).catch(setError)}
                  >
                    Download {o.name}
                  </button>{' '}
                  <span className="muted">{(o.size / 1024).toFixed(0)} KB</span>
                </li>
              ))}
            </ul>
            <QcTable checks={[...loudnessChecks(job.result), ...captionQc]} />
          </section>
        </div>
      ) : null}
    </>
  );
}
