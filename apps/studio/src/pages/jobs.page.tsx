import { useEffect, useState } from 'react';
import { FINISHED, type ClipwrightClient, type Job } from '@app/client';
import { href } from '../route';
import { ErrorNote, PageTitle } from '../ui';
import { JobProgress, useLiveJob } from './job-progress';

function JobRow({ client, initial }: { client: ClipwrightClient; initial: Job }) {
  const job = useLiveJob(client, initial, initial.id) ?? initial;
  const [error, setError] = useState<unknown>();
  return (
    <li className="job-row">
      <a href={href({ page: 'job', id: job.id })}>
        {job.template} <span className="muted">· {new Date(job.createdAt).toLocaleTimeString()}</span>
      </a>
      <JobProgress job={job} />
      {!FINISHED.includes(job.state) ? (
        <button type="button" className="quiet" onClick={() => client.cancel(job.id).catch(setError)}>
          Cancel<span className="sr-only"> job {job.id.slice(-6)}</span>
        </button>
      ) : null}
      <ErrorNote error={error} />
    </li>
  );
}

/** The workspace's jobs, newest first, each with its live progress; a batch's jobs when one is named. */
export function JobsPage({ client, batch }: { client: ClipwrightClient; batch?: string }) {
  const [jobs, setJobs] = useState<Job[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    client.jobs({ limit: 30, ...(batch ? { batch } : {}) }).then((r) => setJobs(r.items), setError);
  }, [client, batch]);
  return (
    <>
      <PageTitle>{batch ? 'Jobs of the feed' : 'Jobs'}</PageTitle>
      <ErrorNote error={error} />
      {jobs && jobs.length === 0 ? (
        <p>
          No jobs yet. <a href={href({ page: 'gallery' })}>Make a clip</a>
        </p>
      ) : null}
      <ul className="jobs" aria-label="Jobs, newest first">
        {jobs?.map((j) => (
          <JobRow key={j.id} client={client} initial={j} />
        ))}
      </ul>
    </>
  );
}
