/**
 * MOS profile 1 against @mos-connection as the NCS: a finished clip is published as a mosObj
 * (slug, duration in frames of its time base, READY, clip and proxy paths, a thumbnail), the links
 * serve the clip and a JPEG only with their signature, and mosReqObj / mosReqAll answer from the
 * gateway's objects (mosListAll), unknown ids with a NACK.
 */
import { IMOSObject } from '@mos-connection/connector';
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

const str = (v: unknown) => mosTypes.mosString128.stringify(v as never);

it('publishes the finished clip as a READY mosObj with duration, paths and a thumbnail', async () => {
  const meta = clipMeta('news-brief', SHORT_FIELDS, { slug: 'Quake 台北 & "ridge"' });
  await ncs.dev.sendCreateRunningOrder(
    runningOrder('RO-1', [story('S1', [item('I1', 'OBJ-P1', GATEWAY_ID, meta)])]),
  );
  const obj = await until(
    'READY mosObj',
    () => ncs.objectsOf('OBJ-P1').find((o) => String(o.Status) === 'READY'),
    RENDER_WAIT_MS,
  );
  expect(str(obj.Slug)).toBe('Quake 台北 & "ridge"');
  expect(obj.TimeBase).toBe(30);
  expect(obj.Revision).toBe(1);
  expect(String(obj.Type)).toBe('VIDEO');
  const ready = gateway.proc.logs().find((l) => l.msg === 'clip ready' && l.objId === 'OBJ-P1');
  expect(obj.Duration).toBe(Math.round(Number(ready?.duration) * 30));
  expect(obj.Duration).toBeGreaterThan(30 * 3);

  const paths = obj.Paths ?? [];
  const clip = paths.find((p) => String(p.Type) === 'PATH')?.Target as string;
  const proxy = paths.find((p) => String(p.Type) === 'PROXY PATH' && p.Description === 'H.264 MP4')?.Target;
  const thumb = paths.find((p) => p.Description === 'JPEG thumbnail')?.Target as string;
  expect(proxy).toBe(clip);
  expect(clip.startsWith(`${gateway.httpUrl}/media/OBJ-P1/clip.mp4?`)).toBe(true);

  const mp4 = Buffer.from(await (await fetch(clip)).arrayBuffer());
  expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
  const jpeg = await fetch(thumb);
  expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
  expect(Buffer.from(await jpeg.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  // Without its signature (or with another object's) a link serves nothing.
  expect((await fetch(thumb.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
  expect((await fetch(clip.replace('clip.mp4', 'thumbnail.jpg'))).status).toBe(403);
});

it('answers mosReqObj with the object and an unknown id with a NACK', async () => {
  const obj = await ncs.dev.sendRequestMOSObject(s128('OBJ-P1'));
  expect(String(obj.Status)).toBe('READY');
  expect(str(obj.ID)).toBe('OBJ-P1');
  await expect(ncs.dev.sendRequestMOSObject(s128('OBJ-NOPE'))).rejects.toThrow(
    /object OBJ-NOPE is unknown to this device/,
  );
});

it('answers mosReqAll with a mosListAll of its objects', async () => {
  const before = ncs.objects.length;
  await ncs.dev.sendRequestAllMOSObjects();
  const listed: IMOSObject[] = await until(
    'mosListAll',
    () => (ncs.objects.length > before ? ncs.objects.slice(before).map((o) => o.obj) : false),
    30_000,
  );
  expect(listed.map((o) => str(o.ID))).toEqual(['OBJ-P1']);
});
