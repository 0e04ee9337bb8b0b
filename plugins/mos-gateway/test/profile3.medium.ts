/**
 * MOS profile 3 against @mos-connection as the NCS: mosObjCreate with a Clipwright payload makes a
 * placeholder object (mosAck with its objID, a NOT READY mosObj) that renders and fills in
 * (mosObj READY); a story item naming it then reports READY without rendering it again.
 */
import { IMOSObjectType, IMOSScope } from '@mos-connection/connector';
import {
  clipMeta,
  GATEWAY_ID,
  GatewayProcess,
  GatewayStack,
  item,
  mosTypes,
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

beforeAll(async () => {
  ({ gateway, ncs } = await stack.start());
});

afterAll(() => stack.stop());

it('turns mosObjCreate into a placeholder that fills in, then serves a story item naming it', async () => {
  const ack = await ncs.dev.sendObjectCreate({
    Slug: s128('Ridge quake'),
    Type: IMOSObjectType.VIDEO,
    TimeBase: 30,
    Duration: 0,
    MosExternalMetaData: clipMeta('news-brief', SHORT_FIELDS),
  });
  expect(String(ack.Status)).toBe('ACK');
  const objId = mosTypes.mosString128.stringify(ack.ID);
  expect(objId).toMatch(/^CW-/);

  const placeholder = await until(
    'NOT READY mosObj',
    () => ncs.objectsOf(objId).find((o) => String(o.Status) === 'NOT READY'),
    30_000,
  );
  expect(mosTypes.mosString128.stringify(placeholder.Slug)).toBe('Ridge quake');
  const ready = await until(
    'READY mosObj',
    () => ncs.objectsOf(objId).find((o) => String(o.Status) === 'READY'),
    RENDER_WAIT_MS,
  );
  expect(ready.Duration).toBeGreaterThan(0);
  expect(ready.Paths?.length).toBe(3);

  // The journalist drops the object into a story: same content, so no second render.
  const meta = clipMeta('news-brief', SHORT_FIELDS);
  await ncs.dev.sendCreateRunningOrder(
    runningOrder('RO-3', [story('S1', [item('I1', objId, GATEWAY_ID, meta)])]),
  );
  await until('READY for the item', () => ncs.statusesOf('I1').includes('READY'), 30_000);
  expect(gateway.proc.logs().filter((l) => l.msg === 'job submitted')).toHaveLength(1);
});

it('refuses mosObjCreate without a Clipwright payload, naming what is missing', async () => {
  await expect(
    ncs.dev.sendObjectCreate({
      Slug: s128('no payload'),
      Type: IMOSObjectType.VIDEO,
      TimeBase: 30,
      Duration: 0,
      MosExternalMetaData: [
        { MosScope: IMOSScope.OBJECT, MosSchema: 'http://other/schema', MosPayload: { other: 'x' } },
      ],
    }),
  ).rejects.toThrow(/carries no Clipwright payload/);
});
