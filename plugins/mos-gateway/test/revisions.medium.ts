/**
 * Story -> clip across edits: a story item edited three times makes three revisions with three
 * idempotency keys; superseded jobs are cancelled, only the last revision's clip is published and
 * reported READY, and a replayed message renders nothing.
 */
import {
  ackStatus,
  clipMeta,
  GATEWAY_ID,
  GatewayProcess,
  GatewayStack,
  item,
  NcsDouble,
  RENDER_WAIT_MS,
  runningOrder,
  s128,
  SHORT_FIELDS,
  story,
  until,
} from './gateway.testing';

jest.setTimeout(240_000);

const stack = new GatewayStack();
let gateway: GatewayProcess;
let ncs: NcsDouble;
const brief = (place: string) =>
  clipMeta(
    'news-brief',
    SHORT_FIELDS.map(([k, v]) => [k, k === 'place' ? place : v]),
  );

beforeAll(async () => {
  ({ gateway, ncs } = await stack.start());
});

afterAll(() => stack.stop());

it('renders the last of three edits, publishes only it, and never renders a replay', async () => {
  const at = (place: string) => [story('S1', [item('I1', 'OBJ-R1', GATEWAY_ID, brief(place))])];
  expect(ackStatus(await ncs.dev.sendCreateRunningOrder(runningOrder('RO-R', at('Azores'))))).toBe('OK');
  const replace = (place: string) =>
    ncs.dev.sendROReplaceItems({ RunningOrderID: s128('RO-R'), StoryID: s128('S1'), ItemID: s128('I1') }, [
      item('I1', 'OBJ-R1', GATEWAY_ID, brief(place)),
    ]);
  // Each edit lands while the one before is queued or rendering: three revisions, three jobs.
  const submittedRevision = (n: number) =>
    gateway.proc.waitForLog((l) => l.msg === 'job submitted' && l.revision === n, 60_000);
  await submittedRevision(1);
  expect(ackStatus(await replace('Canary Islands'))).toBe('OK');
  await submittedRevision(2);
  expect(ackStatus(await replace('Mid-Atlantic Ridge'))).toBe('OK');
  await submittedRevision(3);
  await until('READY', () => ncs.statusesOf('I1').includes('READY'), RENDER_WAIT_MS);
  const submitted = gateway.proc.logs().filter((l) => l.msg === 'job submitted');
  expect(submitted.map((l) => l.revision)).toEqual([1, 2, 3]);
  expect(new Set(submitted.map((l) => l.idempotencyKey)).size).toBe(3);
  const superseded = gateway.proc
    .logs()
    .filter((l) => l.msg === 'job cancelled' || l.msg === 'job had already finished');
  expect(superseded.map((l) => l.jobId).sort()).toEqual([submitted[0].jobId, submitted[1].jobId].sort());

  const objs = ncs.objectsOf('OBJ-R1').filter((o) => String(o.Status) === 'READY');
  expect(objs.map((o) => o.Revision)).toEqual([3]);
  const ready = gateway.proc.logs().filter((l) => l.msg === 'clip ready');
  expect(ready.map((l) => l.revision)).toEqual([3]);

  // The NCS sends the last edit again (a retry after a lost ack): same content, nothing new.
  expect(ackStatus(await replace('Mid-Atlantic Ridge'))).toBe('OK');
  expect(
    ackStatus(await ncs.dev.sendReplaceRunningOrder(runningOrder('RO-R', at('Mid-Atlantic Ridge')))),
  ).toBe('OK');
  await new Promise((r) => setTimeout(r, 1500));
  expect(gateway.proc.logs().filter((l) => l.msg === 'job submitted')).toHaveLength(3);
  expect(ncs.statusesOf('I1').filter((s) => s === 'READY')).toHaveLength(1);
});
