import { useEffect, useState } from 'react';
import { FINISHED, followJob, type ClipwrightClient, type Job } from '@app/client';

/** The job, kept live: followed over server-sent events until it finishes. */
export function useLiveJob(client: ClipwrightClient, initial: Job | undefined, id: string): Job | undefined {
  const [job, setJob] = useState<Job | undefined>(initial);
  useEffect(() => {
    const ctl = new AbortController();
    (async () => {
      const first = initial ?? (await client.job(id, { signal: ctl.signal }));
      setJob(first);
      if (FINISHED.includes(first.state) && first.outputs) return;
      setJob(await followJob(client, id, { signal: ctl.signal, onProgress: setJob }));
    })().catch(() => undefined);
    return () => ctl.abort();
    // `initial` seeds the first render only: a new one from the parent must not restart the stream.
  }, [client, id]);
  return job;
}

const STAGES: Record<string, string> = {
  bind: 'Reading the data',
  speak: 'Recording the voice',
  caption: 'Writing captions',
  perform: 'Animating the anchor',
  generate: 'Making pictures',
  compose: 'Composing the picture',
  finish: 'Finishing (loudness, encode)',
  deliver: 'Delivering',
};

/** The job's state in words: "Composing the picture, 62%", "Done", "Failed: ...". */
export function describe(job: Job): string {
  if (job.state === 'queued') return 'Waiting for a worker';
  if (job.state === 'active') {
    const stage = job.stage ? (STAGES[job.stage] ?? job.stage) : 'Starting';
    return `${stage}, ${Math.round(job.progress * 100)}%`;
  }
  if (job.state === 'completed') return 'Done';
  if (job.state === 'cancelled') return 'Cancelled';
  return `Failed: ${job.error?.message ?? 'unknown error'}`;
}

export function JobProgress({ job }: { job: Job }) {
  return (
    <div className="progress">
      <progress
        max={1}
        value={job.state === 'completed' ? 1 : job.progress}
        aria-label={`Progress of job ${job.id.slice(-6)}`}
      />
      <span className={`state state-${job.state}`} aria-live="polite">
        {describe(job)}
      </span>
    </div>
  );
}
