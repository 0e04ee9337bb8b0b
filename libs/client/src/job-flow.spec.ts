import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightClient } from './api.client';
import { recorded, scriptedFetch } from './client.testing';
import { EventStreamParser } from './event-stream';
import { followJob, outputFor, runJob } from './job-flow';
import { loudnessChecks } from './qc';
import type { Job } from './api.types';

const transcript = readFileSync(path.join(__dirname, 'fixtures', 'job-events.sse.txt'), 'utf8');
const ID = '019ad3c2-6b1e-7a51-9c2f-3f6f0f7e2a10';

/** A streamed response cut into chunks of `size` characters (events split mid-line). */
function streamed(text: string, size: number): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < text.length; i += size) controller.enqueue(enc.encode(text.slice(i, i + size)));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

function clientOf(answers: Parameters<typeof scriptedFetch>[0]) {
  const s = scriptedFetch(answers);
  return { c: new ClipwrightClient({ baseUrl: '', apiKey: 'k'.repeat(20), fetch: s.fetch }), calls: s.calls };
}

describe('EventStreamParser', () => {
  it('reads the recorded stream the same in any chunking, with CRLF or LF', () => {
    for (const text of [transcript, transcript.replace(/\n/g, '\r\n')]) {
      for (const size of [1, 7, 100, text.length]) {
        const p = new EventStreamParser();
        const events = [];
        for (let i = 0; i < text.length; i += size) events.push(...p.push(text.slice(i, i + size)));
        expect(events.map((e) => e.event)).toEqual(['progress', 'progress', 'end']);
        expect(events[1].id).toBe('1764483603500');
        expect((JSON.parse(events[1].data) as Job).stage).toBe('compose');
      }
    }
  });

  it('joins multi-line data, skips comments, reads retry', () => {
    const p = new EventStreamParser();
    const ev = p.push(': keep-alive\nretry: 2500\ndata: a\ndata:b\n\n');
    expect(ev).toEqual([{ event: 'message', data: 'a\nb', id: '' }]);
    expect(p.retryMs).toBe(2500);
  });
});

describe('followJob / runJob', () => {
  it('reports each progress event and resolves with the finished job', async () => {
    const { c, calls } = clientOf([recorded('job-queued.201.json', 201), streamed(transcript, 13)]);
    const seen: string[] = [];
    const job = await runJob(
      c,
      { template: 'news-brief', data: {} },
      { onProgress: (j) => seen.push(`${j.state}:${j.stage}`) },
    );
    expect(seen).toEqual(['queued:null', 'active:bind', 'active:compose']);
    expect(job.state).toBe('completed');
    expect(outputFor(job, 'mp4', '16:9')?.name).toBe('clip-16x9.mp4');
    expect(outputFor(job, 'vtt')?.name).toBe('captions.vtt');
    expect((calls[0].init.headers as Record<string, string>)['idempotency-key']).toMatch(/^cw-/);
    expect(calls[1].url).toBe(`/v1/jobs/${ID}/events`);
  });

  it('reopens a dropped stream with Last-Event-ID and keeps going', async () => {
    const cut = transcript.slice(0, transcript.indexOf('event: progress', 10));
    const rest = transcript.slice(transcript.indexOf('event: progress', 10));
    const { c, calls } = clientOf([
      streamed(cut, 50),
      recorded('job-queued.201.json', 200),
      streamed(rest, 50),
    ]);
    const waits: number[] = [];
    const job = await followJob(c, ID, { wait: async (ms) => void waits.push(ms) });
    expect(job.state).toBe('completed');
    expect(calls.map((x) => x.url)).toEqual([
      `/v1/jobs/${ID}/events`,
      `/v1/jobs/${ID}`,
      `/v1/jobs/${ID}/events`,
    ]);
    expect((calls[2].init.headers as Record<string, string>)['last-event-id']).toBe('1764483601200');
    expect(waits).toHaveLength(1);
  });

  it('gives up after too many drops in a row', async () => {
    const empty = () => streamed('', 1);
    const queued = () => recorded('job-queued.201.json', 200);
    const { c } = clientOf([empty, queued, empty, queued, empty, queued]);
    await expect(followJob(c, ID, { maxReconnects: 2, wait: async () => undefined })).rejects.toMatchObject({
      code: 'NETWORK',
    });
  });

  it("reads the finished job's loudness as pass/fail", async () => {
    const { c } = clientOf([streamed(transcript, 4096)]);
    const job = await followJob(c, ID);
    const checks = loudnessChecks(job.result);
    expect(checks.map((x) => [x.id, x.pass])).toEqual([
      ['loudness:16:9', true],
      ['truePeak:16:9', true],
      ['loudness:9:16', false],
      ['truePeak:9:16', false],
    ]);
  });
});
