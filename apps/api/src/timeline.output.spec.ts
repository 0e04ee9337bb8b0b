import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import {
  AssetRepository,
  createDataSource,
  JobRepository,
  parseDatabaseUrl,
  WorkspaceRepository,
} from '@app/persistence';
import { TemplateLoader } from '@app/templates';
import { answer } from './answer.testing';
import { jobView, JobsService } from './jobs.service';
import { TemplateCatalog } from './template.catalog';
import { timelineOutput } from './timeline.output';

const root = path.resolve(__dirname, '../../..');
const item = (
  JSON.parse(readFileSync(path.join(root, 'templates/news-brief/sample.geojson'), 'utf8')) as {
    features: unknown[];
  }
).features[0];

describe('timeline exports through the API', () => {
  let ds: DataSource;
  let jobs: JobRepository;
  let service: JobsService;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ds = await createDataSource(parseDatabaseUrl('sqlite::memory:'));
    jobs = new JobRepository(ds);
    const ws = new WorkspaceRepository(ds);
    a = (await ws.findOrCreate('a')).id;
    b = (await ws.findOrCreate('b')).id;
    const queue = { queue: async () => undefined, queueAll: async () => undefined };
    const catalog = new TemplateCatalog(new TemplateLoader(path.join(root, 'templates')));
    service = new JobsService(jobs, queue, catalog, new AssetRepository(ds), {
      publish: async () => undefined,
    });
  });
  afterAll(() => ds.destroy());

  const create = (timeline: unknown, ws = a) =>
    service.create(ws, { template: 'news-brief', data: item, timeline }, undefined);

  /** Completes the job as a worker would, with one zip per aspect. */
  const complete = async (id: string, aspects: string[]) => {
    expect(await jobs.start(a, id)).toBe(1);
    const outputs = aspects.map((aspect) => {
      const name = `timeline-${aspect.replace(':', 'x')}.zip`;
      return {
        name,
        aspect,
        storageKey: `${a}/jobs/${id}/a1/${name}`,
        size: 10,
        contentType: 'application/zip',
      };
    });
    expect(await jobs.complete(a, id, 1, { timelines: [] }, outputs)).toBe(true);
  };

  describe('the request field', () => {
    it('stores the formats asked for once each, in the documented order', async () => {
      const { job } = await create(['mlt', 'otio', 'mlt']);
      expect((await jobs.get(a, job.id))?.timeline).toEqual(['otio', 'mlt']);
    });

    it('stores null when none is asked for', async () => {
      const { job } = await service.create(a, { template: 'news-brief', data: item }, undefined);
      expect((await jobs.get(a, job.id))?.timeline).toBeNull();
      expect((await create([])).job.timeline).toBeNull();
    });

    it('takes the same field for every job of a batch, and shows it in the job view', async () => {
      const feed = { type: 'FeatureCollection', features: [item, { ...(item as object), id: 'second' }] };
      const { jobs: made } = await service.createBatch(a, {
        template: 'news-brief',
        data: feed,
        timeline: ['edl'],
      });
      expect(made.map((j) => j.timeline)).toEqual([['edl'], ['edl']]);
      expect(jobView(made[0]).timeline).toEqual(['edl']);
      const plain = await service.create(a, { template: 'news-brief', data: item }, undefined);
      expect(jobView(plain.job)).not.toHaveProperty('timeline');
      expect(
        await answer(
          service.createBatch(a, { template: 'news-brief', data: feed, timeline: ['otio', 'avid'] }),
        ),
      ).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT', path: '$.timeline[1]' } } });
    });

    it.each([
      [
        ['otio', 'aaf'],
        '$.timeline[1]',
        /"aaf" is not a timeline format; choose from otio, fcpxml, xmeml, mlt, edl/,
      ],
      [['OTIO'], '$.timeline[0]', /"OTIO" is not a timeline format/],
      [[3], '$.timeline[0]', /must be string/],
      ['otio', '$.timeline', /must be array/],
    ])('answers %j with a 400 naming %s', async (timeline, at, message) => {
      const got = await answer(create(timeline));
      expect(got).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT', path: at } } });
      expect(got.body.error.message).toMatch(message);
    });
  });

  describe('GET /v1/jobs/{id}/timeline/{format}', () => {
    it("answers the zip of the first output by default, and the asked aspect's otherwise", async () => {
      const { job } = await create(['otio', 'mlt']);
      await complete(job.id, ['16:9', '9:16']);
      expect(await timelineOutput(service, a, job.id, 'otio', undefined)).toMatchObject({
        name: 'timeline-16x9.zip',
        aspect: '16:9',
        contentType: 'application/zip',
        storageKey: `${a}/jobs/${job.id}/a1/timeline-16x9.zip`,
      });
      expect(await timelineOutput(service, a, job.id, 'mlt', '9:16')).toMatchObject({
        name: 'timeline-9x16.zip',
        aspect: '9:16',
      });
    });

    it('answers 409 OUTPUT_NOT_READY before the job completes', async () => {
      const { job } = await create(['otio']);
      expect(await answer(timelineOutput(service, a, job.id, 'otio', undefined))).toMatchObject({
        status: 409,
        body: { error: { code: 'OUTPUT_NOT_READY', path: 'id' } },
      });
    });

    it("answers 404 for another workspace's job, whatever the format", async () => {
      const { job } = await create(['otio']);
      await complete(job.id, ['16:9', '9:16']);
      for (const format of ['otio', 'mlt']) {
        expect(await answer(timelineOutput(service, b, job.id, format, undefined))).toMatchObject({
          status: 404,
          body: { error: { code: 'NOT_FOUND', path: 'id' } },
        });
      }
    });

    it('answers 404 for a format the job did not ask for, or an aspect it did not render', async () => {
      const { job } = await create(['otio']);
      const plain = await service.create(
        a,
        { template: 'news-brief', data: item, aspects: ['16:9'] },
        undefined,
      );
      await complete(job.id, ['16:9', '9:16']);
      const cases: [string, string, string | undefined, string, RegExp][] = [
        [job.id, 'mlt', undefined, 'format', /timeline "mlt" in job .* \(it asked for otio\)/],
        [job.id, 'aaf', undefined, 'format', /timeline "aaf"/],
        [plain.job.id, 'otio', undefined, 'format', /it asked for none/],
        [job.id, 'otio', '4:3', 'query:aspect', /output "4:3" .* \(its aspects: 16:9, 9:16, 1:1, 4:5\)/],
      ];
      for (const [id, format, aspect, at, message] of cases) {
        const got = await answer(timelineOutput(service, a, id, format, aspect));
        expect(got).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', path: at } } });
        expect(got.body.error.message).toMatch(message);
      }
    });
  });
});
