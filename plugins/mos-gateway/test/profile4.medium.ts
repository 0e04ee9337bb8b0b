/**
 * MOS profile 4 against @mos-connection as the NCS: roStorySend carries the story's text and its
 * Clipwright item, which renders to READY; roReqAll answers a roListAll of the mirror. Prints the
 * time from roStorySend to roElementStat READY and how much of it was the render (no assertion on
 * it: timings on a shared machine are reported, not tested).
 */
import { IMOSROFullStory } from '@mos-connection/connector';
import {
  ackStatus,
  clipMeta,
  GATEWAY_ID,
  gatewayEnv,
  GatewayProcess,
  item,
  mosTypes,
  NcsDouble,
  NCS_ID,
  portTriples,
  runningOrder,
  s128,
  Service,
  startGateway,
  startService,
  story,
  until,
} from './gateway.testing';

jest.setTimeout(900_000);

let service: Service;
let gateway: GatewayProcess;
let ncs: NcsDouble;

/** The sample feed's first quake, every field given: the longest news-brief (about 30 s). */
const FULL: [string, string][] = [
  ['mag', '5.8'],
  ['place', '38 km SW of Hualien City, Taiwan'],
  ['time', '2025-11-21T05:42:00Z'],
  ['lat', '23.7702'],
  ['lon', '121.3361'],
  ['depth', '17.2'],
  ['magType', 'mww'],
  ['felt', '112'],
  ['alert', 'yellow'],
  ['tsunami', '0'],
  ['eventId', 'us7000abcd'],
];

beforeAll(async () => {
  const [g, n] = await portTriples(2);
  service = await startService();
  gateway = await startGateway(await gatewayEnv(service, g, { id: NCS_ID, ports: n }));
  ncs = await new NcsDouble(NCS_ID, n).start(GATEWAY_ID, g);
  await ncs.connected();
});

afterAll(async () => {
  await ncs?.stop();
  await gateway?.proc.stop();
  await service?.stop();
});

it('renders the item roStorySend carries, and reports READY', async () => {
  expect(ackStatus(await ncs.dev.sendCreateRunningOrder(runningOrder('RO-4', [story('S1', [])])))).toBe('OK');
  const body: IMOSROFullStory = {
    ID: s128('S1'),
    Slug: s128('Taiwan quake'),
    RunningOrderId: s128('RO-4'),
    Body: [
      { Type: 'p', Content: 'A strong earthquake shook eastern Taiwan this morning.' },
      { Type: 'pi', Content: 'Anchor on camera 2' },
      { Type: 'storyItem', Content: item('I1', 'OBJ-S1', GATEWAY_ID, clipMeta('news-brief', FULL)) },
      { Type: 'p', Content: '台北 felt it too; 112 people reported shaking.' },
    ],
  };
  const sentAt = Date.now();
  expect(ackStatus(await ncs.dev.sendRunningOrderStory(body))).toBe('OK');
  const ready = await until(
    'READY',
    () => ncs.statuses.find((s) => s.itemId === 'I1' && s.status === 'READY'),
    480_000,
  );
  const log = gateway.proc.logs().find((l) => l.msg === 'clip ready' && l.objId === 'OBJ-S1');
  const total = (ready.at - sentAt) / 1000;
  process.stdout.write(
    `roStorySend -> READY: ${total.toFixed(1)} s for a ${Number(log?.duration).toFixed(1)} s clip; ` +
      `render ${Number(log?.renderSeconds).toFixed(1)} s (${((100 * Number(log?.renderSeconds)) / total).toFixed(0)}%), ` +
      `queued ${Number(log?.queuedSeconds).toFixed(1)} s\n`,
  );
  expect(Number(log?.duration)).toBeGreaterThan(15);
});

it('answers roReqAll with every running order it holds', async () => {
  await ncs.dev.sendCreateRunningOrder(runningOrder('RO-4B', [story('S9', [])]));
  const all = await ncs.dev.sendRequestAllRunningOrders();
  expect(all.map((r) => mosTypes.mosString128.stringify(r.ID)).sort()).toEqual(['RO-4', 'RO-4B']);
  const ro = await ncs.dev.sendRequestRunningOrder(s128('RO-4'));
  expect(ro?.Stories[0].Items.map((i) => mosTypes.mosString128.stringify(i.ID))).toEqual(['I1']);
});
