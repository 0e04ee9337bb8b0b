import { aspectSlug } from '@app/engine';
import type { JobOutputEntity } from '@app/persistence';
import { ApiError } from './api.error';
import type { JobsService } from './jobs.service';

/**
 * The stored zip of one output's editable timelines (`timeline-16x9.zip`: every timeline file the
 * job asked for and the `media/` folder they reference; docs/timelines.md), for
 * `GET /v1/jobs/{id}/timeline/{format}`. `aspect` picks the output when the job has several
 * (default: the job's first aspect).
 *
 * Throws 404 NOT_FOUND for a job of another workspace, a format the job did not ask for (path
 * `format`) or an aspect it did not render (path `query:aspect`), and 409 OUTPUT_NOT_READY until the
 * job has completed.
 */
export async function timelineOutput(
  service: Pick<JobsService, 'get' | 'output'>,
  workspaceId: string,
  id: string,
  format: string,
  aspect: string | undefined,
): Promise<JobOutputEntity> {
  const job = await service.get(workspaceId, id);
  const asked = job.timeline ?? [];
  if (!asked.includes(format)) {
    const had = asked.length ? `it asked for ${asked.join(', ')}` : 'it asked for none';
    throw ApiError.notFound(`timeline "${format}" in job ${id} (${had})`, 'format');
  }
  const picked = aspect ?? job.aspects[0];
  if (!job.aspects.includes(picked)) {
    throw ApiError.notFound(
      `output "${picked}" in job ${id} (its aspects: ${job.aspects.join(', ')})`,
      'query:aspect',
    );
  }
  return service.output(workspaceId, id, `timeline-${aspectSlug(picked)}.zip`);
}
