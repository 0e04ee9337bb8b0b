/**
 * MOS profile 0 against @mos-connection acting as the newsroom system, over loopback: heartbeats,
 * reqMachInfo/listMachInfo, reconnect with exponential backoff after the NCS goes away, and
 * failover to the buddy NCS. The real API answers (no renders: the failover item is one the API
 * refuses, so its ERROR status is what travels to the buddy).
 */
import {
  GATEWAY_ID,
  gatewayEnv,
  GatewayProcess,
  ackStatus,
  clipMeta,
  item,
  NcsDouble,
  NCS_ID,
  Ports,
  portTriples,
  runningOrder,
  Service,
  SHORT_FIELDS,
  startGateway,
  startService,
  story,
  until,
} from './gateway.testing';

jest.setTimeout(180_000);

let service: Service;
let gateway: GatewayProcess;
let ports: { gw: Ports; ncs: Ports; buddy: Ports };
let primary: NcsDouble;
let buddy: NcsDouble | null = null;

const logs = (msg: string) => gateway.proc.logs().filter((l) => l.msg === msg);

beforeAll(async () => {
  const [gw, ncs, b] = await portTriples(3);
  ports = { gw, ncs, buddy: b };
  service = await startService({ worker: false });
  // The gateway comes up before any NCS: it must keep trying, backing off, until one answers.
  gateway = await startGateway(
    await gatewayEnv(service, gw, { id: NCS_ID, ports: ncs }, { id: 'ncs.buddy', ports: b }),
  );
  await gateway.proc.waitForLog((l) => l.msg === 'mos reconnect');
  primary = await new NcsDouble(NCS_ID, ncs).start(GATEWAY_ID, gw);
});

afterAll(async () => {
  await primary?.stop();
  await buddy?.stop();
  await gateway?.proc.stop();
  await service?.stop();
});

it('answers heartbeats and reqMachInfo with its MOS id, profiles and plug-in page', async () => {
  await primary.connected();
  await gateway.proc.waitForLog((l) => l.msg === 'mos link up');
  const info = await primary.dev.requestMachineInfo();
  const s = (v: unknown) => String((v as { _mosString128?: string })._mosString128 ?? v);
  expect(s(info.ID)).toBe(GATEWAY_ID);
  expect(s(info.mosRev)).toBe('2.8.5');
  expect(info.supportedProfiles).toMatchObject({
    profile0: true,
    profile1: true,
    profile2: true,
    profile3: true,
    profile4: true,
  });
  // @mos-connection hands defaultActiveX back as the XML reader shaped it.
  expect(JSON.stringify(info.defaultActiveX)).toContain(`"${gateway.httpUrl}/plugin/"`);
});

it('notices the NCS going away, backs off 200, 400, 800, 1600 ms, and relinks when it returns', async () => {
  const downsBefore = logs('mos link down').length;
  const upsBefore = logs('mos link up').length;
  await primary.stop();
  await until('link down', () => logs('mos link down').length > downsBefore, 30_000);
  const downAt = gateway.proc.lines.length;
  await until('five reconnect attempts', () => reconnectsSince(downAt).length >= 5, 30_000);
  expect(reconnectsSince(downAt).slice(0, 5)).toEqual([200, 400, 800, 1600, 1600]);

  primary = await new NcsDouble(NCS_ID, ports.ncs).start(GATEWAY_ID, ports.gw);
  await until('link up again', () => logs('mos link up').length > upsBefore, 30_000);
  await primary.connected();
  const info = await primary.dev.requestMachineInfo();
  expect(info.supportedProfiles.deviceType).toBe('MOS');
});

function reconnectsSince(line: number): number[] {
  return gateway.proc.lines
    .slice(line)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    })
    .filter((l) => l.msg === 'mos reconnect')
    .map((l) => Number(l.afterMs));
}

it('fails over to the buddy NCS when the primary stops answering', async () => {
  buddy = await new NcsDouble('ncs.buddy', ports.buddy).start(GATEWAY_ID, ports.gw);
  await buddy.connected();
  await until(
    'gateway sees the buddy',
    () => gateway.proc.logs().some((l) => l.msg === 'mos link up' && l.buddy === true),
    30_000,
  );
  await primary.stop();
  await until(
    'primary noticed down',
    () => gateway.proc.logs().some((l) => l.msg === 'mos link up' && l.primary === false && l.buddy === true),
    30_000,
  ).catch(() => undefined);

  // magnitude 12 passes the gateway's type check but not the API's schema (maximum 10): ERROR.
  const fields: [string, string][] = SHORT_FIELDS.map(([k, v]) => [k, k === 'mag' ? '12' : v]);
  const ack = await buddy.dev.sendCreateRunningOrder(
    runningOrder('RO-FAILOVER', [
      story('S1', [item('I1', 'OBJ-F1', GATEWAY_ID, clipMeta('news-brief', fields))]),
    ]),
  );
  expect(ackStatus(ack)).toBe('OK');
  await until('ERROR at the buddy', () => buddy?.statusesOf('I1').includes('ERROR'), 60_000);
  expect(primary.statuses).toEqual([]);
  const refused = gateway.proc.logs().find((l) => l.msg === 'job refused by the API');
  expect(refused).toMatchObject({
    roId: 'RO-FAILOVER',
    storyId: 'S1',
    itemId: 'I1',
    path: '$.data.properties.mag',
  });
});
