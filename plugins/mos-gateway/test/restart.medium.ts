/**
 * State that survives a restart: the gateway is killed (SIGKILL) while its clip renders; restarted
 * on the same database it resumes following the job without submitting it again, reports READY
 * exactly once, and answers roReqAll from the stored mirror.
 */
import {
  clipMeta,
  GATEWAY_ID,
  gatewayEnv,
  GatewayProcess,
  item,
  mosTypes,
  NcsDouble,
  NCS_ID,
  portTriples,
  RENDER_WAIT_MS,
  runningOrder,
  Service,
  SHORT_FIELDS,
  startGateway,
  startService,
  story,
  until,
} from './gateway.testing';

jest.setTimeout(240_000);

let service: Service;
let gateway: GatewayProcess;
let ncs: NcsDouble;

afterAll(async () => {
  await ncs?.stop();
  await gateway?.proc.stop();
  await service?.stop();
});

it('resumes a render after being killed, reports READY once, and still knows its running orders', async () => {
  const [g, n] = await portTriples(2);
  service = await startService();
  const env = await gatewayEnv(service, g, { id: NCS_ID, ports: n });
  gateway = await startGateway(env);
  ncs = await new NcsDouble(NCS_ID, n).start(GATEWAY_ID, g);
  await ncs.connected();

  await ncs.dev.sendCreateRunningOrder(
    runningOrder('RO-K', [
      story('S1', [item('I1', 'OBJ-K1', GATEWAY_ID, clipMeta('news-brief', SHORT_FIELDS))]),
    ]),
  );
  await until('BUSY', () => ncs.statusesOf('I1').includes('BUSY'), RENDER_WAIT_MS);
  const submitted = gateway.proc.logs().find((l) => l.msg === 'job submitted');
  await gateway.proc.stop('SIGKILL');

  gateway = await startGateway(env);
  await until('READY', () => ncs.statusesOf('I1').includes('READY'), RENDER_WAIT_MS);
  await new Promise((r) => setTimeout(r, 1500));
  expect(ncs.statusesOf('I1').filter((s) => s === 'READY')).toHaveLength(1);
  expect(gateway.proc.logs().filter((l) => l.msg === 'job submitted')).toHaveLength(0);
  expect(gateway.proc.logs().find((l) => l.msg === 'clip ready')).toMatchObject({ jobId: submitted?.jobId });

  const all = await ncs.dev.sendRequestAllRunningOrders();
  expect(all.map((r) => mosTypes.mosString128.stringify(r.ID))).toEqual(['RO-K']);
});
