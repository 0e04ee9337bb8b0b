/**
 * MOS profile 2 against @mos-connection as the NCS, with the real API, worker, Redis and database:
 * running orders (roCreate, story and item insert/replace/move/swap/delete, roReadyToAir, roReq,
 * roDelete), an item's clip reported PENDING -> BUSY -> READY (and ERROR), a deleted story
 * cancelling its job, and bad input (malformed XML, unknown running order, unknown template,
 * missing field) answered with a NACK and its reason while other running orders carry on.
 */
import { connect } from 'node:net';
import { encodeUtf16be } from '../src/mos/malformed.guard';
import {
  ackStatus,
  clipMeta,
  GATEWAY_ID,
  GatewayProcess,
  GatewayStack,
  item,
  mosTypes,
  NCS_ID,
  NcsDouble,
  Ports,
  RENDER_WAIT_MS,
  runningOrder,
  s128,
  Service,
  SHORT_FIELDS,
  story,
  until,
} from './gateway.testing';

jest.setTimeout(240_000);

const stack = new GatewayStack();
let service: Service;
let gateway: GatewayProcess;
let ncs: NcsDouble;
let gw: Ports;
const brief = (place = 'Mid-Atlantic Ridge') =>
  clipMeta(
    'news-brief',
    SHORT_FIELDS.map(([k, v]) => [k, k === 'place' ? place : v]),
  );

beforeAll(async () => {
  ({ service, gateway, ncs } = await stack.start());
  gw = stack.gatewayPorts;
  await gateway.proc.waitForLog((l) => l.msg === 'mos link up');
});

afterAll(() => stack.stop());

async function jobState(jobId: string): Promise<string> {
  const res = await fetch(`${service.api.url}/v1/jobs/${jobId}`, {
    headers: { authorization: `Bearer ${service.key}` },
  });
  return ((await res.json()) as { state: string }).state;
}

it('reports an item PENDING, BUSY, READY as its clip renders, the mosObj before READY', async () => {
  const ack = await ncs.dev.sendCreateRunningOrder(
    runningOrder('RO-A', [story('S1', [item('I1', 'OBJ-I1', GATEWAY_ID, brief())])]),
  );
  expect(ackStatus(ack)).toBe('OK');
  // A second story whose clip is queued behind I1: deleting the story cancels its job.
  const ack3 = await ncs.dev.sendROInsertStories({ RunningOrderID: s128('RO-A'), StoryID: s128('') }, [
    story('S3', [item('I3', 'OBJ-I3', GATEWAY_ID, brief('Azores'))]),
  ]);
  expect(ackStatus(ack3)).toBe('OK');
  const submitted = await gateway.proc.waitForLog((l) => l.msg === 'job submitted' && l.itemId === 'I3');
  const del = await ncs.dev.sendRODeleteStories({ RunningOrderID: s128('RO-A') }, [s128('S3')]);
  expect(ackStatus(del)).toBe('OK');
  await until(
    'I3 job cancelled',
    async () => (await jobState(String(submitted.jobId))) === 'cancelled',
    30_000,
  );

  await until('READY for I1', () => ncs.statusesOf('I1').includes('READY'), RENDER_WAIT_MS);
  const seen = ncs.statusesOf('I1').filter((s, i, all) => s !== all[i - 1]);
  expect(seen).toEqual(['PENDING', 'BUSY', 'READY']);
  const ready = ncs.statuses.find((s) => s.itemId === 'I1' && s.status === 'READY');
  expect(ready).toMatchObject({ roId: 'RO-A', storyId: 'S1', objId: 'OBJ-I1' });
  const obj = ncs.objectsOf('OBJ-I1').find((o) => String(o.Status) === 'READY');
  expect(obj).toBeDefined();
  expect(ncs.objects.find((o) => o.obj === obj)?.at).toBeLessThanOrEqual(ready?.at ?? 0);
  expect(ncs.statusesOf('I3')).not.toContain('READY');
});

it('follows story and item insert, replace, move, swap and delete, and answers roReq in order', async () => {
  const RO = s128('RO-A');
  const ok = async (p: Promise<{ Status: unknown }>) => expect(ackStatus(await p)).toBe('OK');
  const refused: [string, string][] = SHORT_FIELDS.map(([k, v]) => [k, k === 'mag' ? '12' : v]);
  await ok(
    ncs.dev.sendROInsertStories({ RunningOrderID: RO, StoryID: s128('S1') }, [
      story('S2', [item('I2', 'OBJ-I2', GATEWAY_ID, clipMeta('news-brief', refused))]),
    ]),
  );
  await until(
    'ERROR for I2 (the API refuses magnitude 12)',
    () => ncs.statusesOf('I2').includes('ERROR'),
    60_000,
  );
  await ok(
    ncs.dev.sendROInsertItems({ RunningOrderID: RO, StoryID: s128('S1'), ItemID: s128('') }, [
      item('V1', 'VID-1', 'video.server'),
    ]),
  );
  await ok(
    ncs.dev.sendROReplaceItems({ RunningOrderID: RO, StoryID: s128('S1'), ItemID: s128('V1') }, [
      item('V2', 'VID-2', 'video.server'),
    ]),
  );
  await ok(
    ncs.dev.sendROMoveItems({ RunningOrderID: RO, StoryID: s128('S1'), ItemID: s128('I1') }, [s128('V2')]),
  );
  await ok(ncs.dev.sendROInsertStories({ RunningOrderID: RO, StoryID: s128('') }, [story('S4', [])]));
  await ok(ncs.dev.sendROSwapStories({ RunningOrderID: RO }, s128('S4'), s128('S1')));
  await ok(ncs.dev.sendROMoveStories({ RunningOrderID: RO, StoryID: s128('') }, [s128('S2')]));
  await ok(ncs.dev.sendROReplaceStories({ RunningOrderID: RO, StoryID: s128('S4') }, [story('S5', [])]));
  await ok(ncs.dev.sendRODeleteItems({ RunningOrderID: RO, StoryID: s128('S2') }, [s128('I2')]));
  await ok(ncs.dev.sendReadyToAir({ ID: RO, Status: 'READY' as never }));

  const ro = await ncs.dev.sendRequestRunningOrder(RO);
  const ids = ro?.Stories.map((s) => [
    mosTypes.mosString128.stringify(s.ID),
    s.Items.map((i) => mosTypes.mosString128.stringify(i.ID)),
  ]);
  expect(ids).toEqual([
    ['S5', []],
    ['S1', ['V2', 'I1']],
    ['S2', []],
  ]);
});

it('refuses bad input with a NACK and its reason, and other running orders carry on', async () => {
  const unknownRo = await ncs.dev.sendReplaceRunningOrder(runningOrder('RO-NOPE', []));
  expect(ackStatus(unknownRo)).toBe('running order RO-NOPE is unknown to this device');
  const unknownTemplate = await ncs.dev.sendCreateRunningOrder(
    runningOrder('RO-B', [
      story('S1', [item('I1', 'OBJ-B1', GATEWAY_ID, clipMeta('no-such-template', SHORT_FIELDS))]),
    ]),
  );
  expect(ackStatus(unknownTemplate)).toMatch(
    /^story S1 item I1: template "no-such-template" is not one this gateway renders/,
  );
  const missing = await ncs.dev.sendCreateRunningOrder(
    runningOrder('RO-B', [
      story('S1', [
        item(
          'I1',
          'OBJ-B1',
          GATEWAY_ID,
          clipMeta(
            'news-brief',
            SHORT_FIELDS.filter(([k]) => k !== 'place'),
          ),
        ),
      ]),
    ]),
  );
  expect(ackStatus(missing)).toBe('story S1 item I1: field "place" is required by template news-brief');
  const unknownStory = await ncs.dev.sendRODeleteStories({ RunningOrderID: s128('RO-A') }, [s128('S-NOPE')]);
  expect(ackStatus(unknownStory)).toBe('story S-NOPE is not in running order RO-A');
  expect(
    gateway.proc.logs().find((l) => l.msg === 'MOS message refused' && l.message === 'roCreate'),
  ).toMatchObject({ roId: 'RO-B' });
  expect(await ncs.dev.sendRequestRunningOrder(s128('RO-B')).catch((e) => String(e))).toMatch(/NACK|Error/);

  // Malformed XML straight onto the upper port: a mosAck NACK naming the parse error.
  const reply = await new Promise<string>((resolve, reject) => {
    const sock = connect(gw.upper, '127.0.0.1', () =>
      sock.write(
        encodeUtf16be(
          `<mos><mosID>${GATEWAY_ID}</mosID><ncsID>${NCS_ID}</ncsID><messageID>77</messageID><roCreate><roID>RO-X</roID></mos>`,
        ),
      ),
    );
    let buf = Buffer.alloc(0);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const text = Buffer.from(buf).swap16().toString('utf16le');
      if (text.includes('</mos>')) {
        sock.destroy();
        resolve(text);
      }
    });
    sock.on('error', reject);
  });
  expect(reply).toContain('<status>NACK</status>');
  expect(reply).toContain('<messageID>77</messageID>');
  expect(reply).toMatch(/<statusDescription>Malformed XML: [^<]+<\/statusDescription>/);
  await gateway.proc.waitForLog((l) => l.msg === 'MOS message refused' && l.messageId === '77', 10_000);

  // RO-A is untouched by all of that, and the gateway still answers.
  const ro = await ncs.dev.sendRequestRunningOrder(s128('RO-A'));
  expect(ro?.Stories.length).toBe(3);
  expect(gateway.proc.child.exitCode).toBeNull();
});

it('roDelete forgets the running order: roReq is refused, roReqAll no longer lists it', async () => {
  expect(ackStatus(await ncs.dev.sendDeleteRunningOrder(s128('RO-A')))).toBe('OK');
  expect(await ncs.dev.sendRequestRunningOrder(s128('RO-A')).catch((e) => String(e))).toMatch(/NACK|Error/);
  const all = await ncs.dev.sendRequestAllRunningOrders();
  expect(all.map((r) => mosTypes.mosString128.stringify(r.ID))).not.toContain('RO-A');
});
