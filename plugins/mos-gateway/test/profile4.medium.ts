/**
 * MOS profile 4 against @mos-connection as the NCS: roStorySend carries the story's text and its
 * Clipwright item; the text (its paragraphs, not the presenter's instructions) is stored with the
 * running order and the item renders to READY; roReqAll answers a roListAll of the mirror. The time
 * from roStorySend to READY is measured by bench/mos.js, not here.
 */
import { IMOSROFullStory } from '@mos-connection/connector';
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

it('renders the item roStorySend carries, and reports READY', async () => {
  expect(ackStatus(await ncs.dev.sendCreateRunningOrder(runningOrder('RO-4', [story('S1', [])])))).toBe('OK');
  const body: IMOSROFullStory = {
    ID: s128('S1'),
    Slug: s128('Taiwan quake'),
    RunningOrderId: s128('RO-4'),
    Body: [
      { Type: 'p', Content: 'A strong earthquake shook eastern Taiwan this morning.' },
      { Type: 'pi', Content: 'Anchor on camera 2' },
      { Type: 'storyItem', Content: item('I1', 'OBJ-S1', GATEWAY_ID, clipMeta('news-brief', SHORT_FIELDS)) },
      { Type: 'p', Content: '台北 felt it too; 112 people reported shaking.' },
    ],
  };
  expect(ackStatus(await ncs.dev.sendRunningOrderStory(body))).toBe('OK');

  const db = new Client({ connectionString: service.svc.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ doc: string }>(`SELECT doc FROM mos_running_order WHERE id = 'RO-4'`);
    expect(JSON.parse(rows[0].doc).stories[0].text).toBe(
      'A strong earthquake shook eastern Taiwan this morning.\n台北 felt it too; 112 people reported shaking.',
    );
  } finally {
    await db.end();
  }

  await until('READY', () => ncs.statusesOf('I1').includes('READY'), RENDER_WAIT_MS);
  expect(ncs.statusesOf('I1').filter((st) => st === 'READY')).toHaveLength(1);
});

it('answers roReqAll with every running order it holds', async () => {
  await ncs.dev.sendCreateRunningOrder(runningOrder('RO-4B', [story('S9', [])]));
  const all = await ncs.dev.sendRequestAllRunningOrders();
  expect(all.map((r) => mosTypes.mosString128.stringify(r.ID)).sort()).toEqual(['RO-4', 'RO-4B']);
  const ro = await ncs.dev.sendRequestRunningOrder(s128('RO-4'));
  expect(ro?.Stories[0].Items.map((i) => mosTypes.mosString128.stringify(i.ID))).toEqual(['I1']);
});
