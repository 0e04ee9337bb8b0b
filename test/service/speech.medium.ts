/**
 * A job's lexicon and recorded voice-over through the real API and worker (Redis, PostgreSQL, the
 * S3-compatible server): what a newsroom back-end sends, end to end. The small speech-test template
 * keeps each render to seconds, so the same stack also serves the editable-timeline download
 * (`timeline` in the job, GET /v1/jobs/{id}/timeline/{format}; docs/timelines.md).
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import AdmZip from 'adm-zip';
import type { RenderResult } from '@app/core';
import { recordTake, srtStarts, writeSpeechTemplate } from '../support/speech-template';
import {
  type AppProcess,
  createKey,
  serviceEnv,
  type ServiceEnv,
  sleep,
  startApi,
  startWorker,
} from './service.harness';

jest.setTimeout(240_000);

interface JobAnswer {
  id: string;
  state: string;
  error?: { code: string; message: string; path?: string };
  result?: RenderResult;
  timeline?: string[];
  outputs?: { name: string; aspect: string | null; contentType: string }[];
}

describe('job speech fields on the real service', () => {
  let svc: ServiceEnv;
  let api: { proc: AppProcess; url: string };
  let worker: AppProcess;
  let key: string;
  let work: string;
  const data = { place: 'Hualien', km: 3 };

  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${api.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  async function upload(file: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(file)]), path.basename(file));
    const res = await fetch(`${api.url}/v1/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  /** Posts a job and waits until it is finished. */
  async function run(body: Record<string, unknown>): Promise<JobAnswer> {
    const created = await call('POST', '/v1/jobs', { template: 'speech-test', data, ...body });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    for (let i = 0; i < 400; i++) {
      const job = (await call('GET', `/v1/jobs/${id}`)).json as unknown as JobAnswer;
      if (['completed', 'failed', 'cancelled'].includes(job.state)) return job;
      await sleep(250);
    }
    throw new Error(`job ${id} did not finish`);
  }

  const output = async (id: string, name: string) =>
    (
      await fetch(`${api.url}/v1/jobs/${id}/outputs/${name}`, { headers: { authorization: `Bearer ${key}` } })
    ).text();

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-speech-svc-'));
    await writeSpeechTemplate(path.join(work, 'templates'), {
      provider: 'espeak',
      voice: 'en-us',
      rate: 160,
    });
    svc = await serviceEnv({ CLIPWRIGHT_TEMPLATES: path.join(work, 'templates') });
    api = await startApi(svc.env);
    worker = await startWorker(svc.env);
    key = await createKey(svc.env.DATABASE_URL as string, 'newsroom-speech');
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.proc.stop();
    await svc?.dropDatabase();
    await fs.rm(work, { recursive: true, force: true });
  });

  it("reads with the job's lexicon, and the captions keep the script", async () => {
    const job = await run({ lexicon: { entries: [{ grapheme: 'Hawthorne', alias: 'Haw thorn' }] } });
    expect(job.state).toBe('completed');
    expect(job.result?.speech.segments?.map((s) => s.text)).toEqual([
      'A quake struck Hualien, 3 kilometers north of Haw thorn, Nevada.',
    ]);
    const srt = await output(job.id, 'captions.srt');
    expect(srt).toContain('Hawthorne');
    expect(srt).not.toContain('Haw thorn');
  });

  it('refuses a bad lexicon entry with a 400 on its path in the body', async () => {
    const res = await call('POST', '/v1/jobs', {
      template: 'speech-test',
      data,
      lexicon: { entries: [{ grapheme: 'NV', alias: '{\\an8}' }] },
    });
    expect(res).toMatchObject({
      status: 400,
      json: { error: { code: 'INVALID_ARGUMENT', path: '$.lexicon.entries[0].alias' } },
    });
  });

  it('uses an uploaded recording as the voice, captions on its timing', async () => {
    const take = recordTake(
      work,
      'take',
      'A quake struck Hualien, 3 kilometers north of Hawthorne, Nevada.',
      210,
      1,
    );
    const job = await run({ voiceOver: `asset:${await upload(take)}` });
    expect(job.state).toBe('completed');
    expect(job.result?.speech.provider).toBe('recorded');
    const starts = srtStarts(await output(job.id, 'captions.srt'));
    expect(starts[0]).toBeGreaterThan(0.85);
    expect(starts[0]).toBeLessThan(1.2);
  });

  it('fails the job with VOICE_OVER_INVALID on $.voiceOver when the recording is not the script', async () => {
    const other = recordTake(work, 'other', 'Hello.', 160, 0.2);
    const job = await run({ voiceOver: `asset:${await upload(other)}` });
    expect(job).toMatchObject({
      state: 'failed',
      error: { code: 'VOICE_OVER_INVALID', path: '$.voiceOver' },
    });
  });

  it('hands the timelines the job asked for over as a zip that holds the media they name', async () => {
    const job = await run({ timeline: ['mlt', 'otio'] });
    expect(job).toMatchObject({ state: 'completed', timeline: ['otio', 'mlt'] });
    expect(job.outputs).toContainEqual({
      name: 'timeline-16x9.zip',
      aspect: '16:9',
      contentType: 'application/zip',
      size: expect.any(Number),
      href: `/v1/jobs/${job.id}/outputs/timeline-16x9.zip`,
    });
    const get = (route: string, auth = key) =>
      fetch(`${api.url}${route}`, { headers: { authorization: `Bearer ${auth}` }, redirect: 'manual' });
    const res = await get(`/v1/jobs/${job.id}/timeline/otio`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/zip']);
    const bytes = Buffer.from(await res.arrayBuffer());
    const zip = new AdmZip(bytes);
    const names = zip.getEntries().map((e) => e.entryName);
    expect(names).toEqual(
      expect.arrayContaining(['timeline-16x9/clip-16x9.otio', 'timeline-16x9/clip-16x9.mlt']),
    );
    const otio = JSON.parse(zip.readAsText('timeline-16x9/clip-16x9.otio')) as Record<string, unknown>;
    expect(otio.OTIO_SCHEMA).toBe('Timeline.1');
    const targets = [...JSON.stringify(otio).matchAll(/"target_url":"([^"]+)"/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThanOrEqual(2);
    for (const target of targets) expect(names).toContain(`timeline-16x9/${target}`);
    expect(targets.some((t) => t.endsWith('.wav'))).toBe(true);
    // The same zip through a presigned URL, and listed among the job's outputs.
    const signed = await get(`/v1/jobs/${job.id}/timeline/mlt?redirect=true`);
    expect(signed.status).toBe(302);
    const viaUrl = Buffer.from(await (await fetch(signed.headers.get('location') as string)).arrayBuffer());
    expect(viaUrl.equals(bytes)).toBe(true);
    // A re-run asks for the same timelines (cancelled at once: its render is not what this checks).
    const rerun = await call('POST', `/v1/jobs/${job.id}/rerun`);
    expect(rerun).toMatchObject({ status: 201, json: { timeline: ['otio', 'mlt'] } });
    await call('POST', `/v1/jobs/${rerun.json.id as string}/cancel`);
    // A format the job did not ask for, and another workspace, are not found.
    expect((await get(`/v1/jobs/${job.id}/timeline/edl`)).status).toBe(404);
    const other = await createKey(svc.env.DATABASE_URL as string, 'newsroom-other');
    const foreign = await get(`/v1/jobs/${job.id}/timeline/otio`, other);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
