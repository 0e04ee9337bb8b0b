/**
 * State that survives a restart: the gateway is killed (SIGKILL, no chance to tidy up) in the middle
 * of a running order, one clip rendering and the next queued behind it. Restarted on the same
 * PostgreSQL database it follows both jobs again without submitting anything, reports READY once
 * per item, answers roReq/roReqAll from the stored mirror, and goes on following the running order
 * (a story inserted after the restart renders with one new job).
 */
import { Client } from 'pg';
import {
  ackStatus,
  clipMeta,
  GATEWAY_ID,
  GatewayStack,
  item,
  mosTypes,
  NcsDouble,
  RENDER_WAIT_MS,
  runningOrder,
  s128,
  Service,
  SHORT_FIELDS,
  startGateway,
  story,
  until,
} from './gateway.testing';

jest.setTimeout(240_000);

const stack = new GatewayStack();
let service: Service;
let ncs: NcsDouble;

beforeAll(async () => {
  ({ service, ncs } = await stack.start());
});

afterAll(() => stack.stop());

const brief = (place: string) =>
  clipMeta(
    'news-brief',
    SHORT_FIELDS.map(([k, v]) => [k, k === 'place' ? place : v]),
  );

async function apiJobs(): Promise<{ id: string; state: string }[]> {
  const res = await fetch(`${service.api.url}/v1/jobs?limit=100`, {
    headers: { authorization: `Bearer ${service.key}` },
  });
  return ((await res.json()) as { items: { id: string; state: string }[] }).items;
}

/** The gateway's own record of a clip, read from its table as a restarted gateway reads it. */
async function clipRow(objId: string): Promise<{ jobId: string; status: string; reportedStatus: string }> {
  const db = new Client({ connectionString: service.svc.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT "jobId", status, "reportedStatus" FROM mos_clip WHERE "objId" = $1`,
      [objId],
    );
    return rows[0];
  } finally {
    await db.end();
  }
}

it('killed mid-running-order, resumes both jobs, reports READY once each, and follows the running order on', async () => {
  const first = stack.gateway!;
  expect(
    ackStatus(
      await ncs.dev.sendCreateRunningOrder(
        runningOrder('RO-K', [
          story('S1', [item('I1', 'OBJ-K1', GATEWAY_ID, brief('Azores'))]),
          story('S2', [item('I2', 'OBJ-K2', GATEWAY_ID, brief('Canary Islands'))]),
        ]),
      ),
    ),
  ).toBe('OK');
  // One worker renders one job at a time: one item renders while the other waits in the queue
  // (which one the queue takes first is not ours to say). The log line comes after the gateway has
  // stored the NCS's acknowledgement.
  const reported = (itemId: string, status: string) =>
    first.proc.waitForLog(
      (l) => l.msg === 'roElementStat sent' && l.itemId === itemId && l.status === status,
      RENDER_WAIT_MS,
    );
  const busy = (
    await first.proc.waitForLog(
      (l) =>
        l.msg === 'roElementStat sent' && l.status === 'BUSY' && ['I1', 'I2'].includes(l.itemId as string),
      RENDER_WAIT_MS,
    )
  ).itemId as string;
  const waiting = busy === 'I1' ? 'I2' : 'I1';
  await reported(waiting, 'PENDING');
  // PENDING goes out as soon as the item is known; the job is posted beside it.
  await first.proc.waitForLog((l) => l.msg === 'job submitted' && l.itemId === waiting);
  const submitted = first.proc.logs().filter((l) => l.msg === 'job submitted');
  expect(submitted.map((l) => l.itemId).sort()).toEqual(['I1', 'I2']);
  await first.proc.stop('SIGKILL');
  const statusesAtKill = ncs.statuses.length;
  expect((await clipRow('OBJ-K1')).jobId).toBe(submitted.find((l) => l.itemId === 'I1')?.jobId);

  const second = (stack.gateway = await startGateway(stack.env));
  await until(
    'READY for I1 and I2',
    () => ncs.statusesOf('I1').includes('READY') && ncs.statusesOf('I2').includes('READY'),
    RENDER_WAIT_MS,
  );
  // Both clips finished under the new process, from the jobs the old one had submitted.
  const ready = second.proc.logs().filter((l) => l.msg === 'clip ready');
  expect(Object.fromEntries(ready.map((l) => [l.itemId, l.jobId]))).toEqual(
    Object.fromEntries(submitted.map((l) => [l.itemId, l.jobId])),
  );
  expect(second.proc.logs().filter((l) => l.msg === 'job submitted')).toHaveLength(0);
  expect((await apiJobs()).map((j) => j.id).sort()).toEqual(submitted.map((l) => l.jobId).sort());
  // Nothing acknowledged before the kill is sent again: after it, each item only moves forward.
  const after = ncs.statuses.slice(statusesAtKill);
  expect(after.filter((s) => s.itemId === busy).map((s) => s.status)).toEqual(['READY']);
  expect(after.filter((s) => s.itemId === waiting).every((s) => s.status !== 'PENDING')).toBe(true);
  expect(await clipRow('OBJ-K2')).toMatchObject({ status: 'READY', reportedStatus: 'READY' });

  // The mirror survived: roReq and roReqAll answer from it.
  const ro = await ncs.dev.sendRequestRunningOrder(s128('RO-K'));
  expect(ro?.Stories.map((s) => mosTypes.mosString128.stringify(s.ID))).toEqual(['S1', 'S2']);
  const all = await ncs.dev.sendRequestAllRunningOrders();
  expect(all.map((r) => mosTypes.mosString128.stringify(r.ID))).toEqual(['RO-K']);

  // The running order goes on: a story inserted now renders with one new job, nothing else does.
  expect(
    ackStatus(
      await ncs.dev.sendROInsertStories({ RunningOrderID: s128('RO-K'), StoryID: s128('') }, [
        story('S3', [item('I3', 'OBJ-K3', GATEWAY_ID, brief('Iceland'))]),
      ]),
    ),
  ).toBe('OK');
  await until('READY for I3', () => ncs.statusesOf('I3').includes('READY'), RENDER_WAIT_MS);
  await new Promise((r) => setTimeout(r, 1000));
  expect(
    second.proc
      .logs()
      .filter((l) => l.msg === 'job submitted')
      .map((l) => l.itemId),
  ).toEqual(['I3']);
  expect(await apiJobs()).toHaveLength(3);
  for (const id of ['I1', 'I2', 'I3'])
    expect(ncs.statusesOf(id).filter((s) => s === 'READY')).toHaveLength(1);
});
