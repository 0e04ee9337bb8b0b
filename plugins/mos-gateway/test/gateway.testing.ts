/**
 * What the gateway's medium specs share: the real API and worker (test/service/service.harness.ts),
 * the gateway as a real process, and @mos-connection acting as the newsroom system (NCS) over
 * loopback sockets on free ports picked at run time.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  getMosTypes,
  IMOSExternalMetaData,
  IMOSItem,
  IMOSItemStatus,
  IMOSObject,
  IMOSROStory,
  IMOSRunningOrder,
  IMOSScope,
  MosConnection,
  MosDevice,
} from '@mos-connection/connector';
import {
  AppProcess,
  createKey,
  ServiceEnv,
  serviceEnv,
  sleep,
  startApi,
  startApp,
} from '../../../test/service/service.harness';

export const mosTypes = getMosTypes(false);
export const s128 = (v: string) => mosTypes.mosString128.create(v);
const root = path.resolve(__dirname, '../../..');

/** `n` distinct TCP ports free right now on loopback. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import('node:net').Server>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export interface Ports {
  lower: number;
  upper: number;
  query: number;
}

export async function portTriples(n: number): Promise<Ports[]> {
  const p = await freePorts(3 * n);
  return Array.from({ length: n }, (_, i) => ({ lower: p[3 * i], upper: p[3 * i + 1], query: p[3 * i + 2] }));
}

/**
 * The longest a spec waits for a small news-brief to render (seconds of work, more on a loaded
 * machine): a bound that only a broken gateway, API or worker reaches.
 */
export const RENDER_WAIT_MS = 90_000;

/** Polls `test` until it returns a value (not undefined/false) or the time is up. */
export async function until<T>(
  what: string,
  test: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await test();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The newsroom system: an @mos-connection NCS that records what the gateway sends it. */
export class NcsDouble {
  readonly statuses: {
    at: number;
    roId: string;
    storyId: string;
    itemId: string;
    objId: string;
    status: string;
  }[] = [];
  readonly objects: { at: number; obj: IMOSObject }[] = [];
  conn: MosConnection | null = null;
  device: MosDevice | null = null;

  constructor(
    readonly id: string,
    readonly ports: Ports,
  ) {}

  async start(gatewayId: string, gatewayPorts: Ports): Promise<this> {
    const conn = new MosConnection({
      mosID: this.id,
      acceptsConnections: true,
      isNCS: true,
      profiles: { '0': true, '1': true, '2': true, '3': true, '4': true },
      ports: this.ports,
    });
    conn.on('error', () => undefined);
    conn.on('warning' as 'error', () => undefined);
    await conn.init();
    this.conn = conn;
    const device = await conn.connect({
      primary: {
        id: gatewayId,
        host: '127.0.0.1',
        ports: gatewayPorts,
        timeout: 4000,
        heartbeatInterval: 1000,
      },
    });
    device.onItemStatus(async (st: IMOSItemStatus) => {
      this.statuses.push({
        at: Date.now(),
        roId: mosTypes.mosString128.stringify(st.RunningOrderId),
        storyId: mosTypes.mosString128.stringify(st.StoryId),
        itemId: mosTypes.mosString128.stringify(st.ID),
        objId: st.ObjectId ? mosTypes.mosString128.stringify(st.ObjectId) : '',
        status: String(st.Status),
      });
      return { ID: st.RunningOrderId, Status: s128('OK'), Stories: [] };
    });
    device.onMOSObjects(async (objs) => {
      for (const obj of objs) this.objects.push({ at: Date.now(), obj });
      return { ID: objs[0]?.ID ?? s128('0'), Revision: 0, Status: 'ACK' as never, Description: s128('') };
    });
    device.onRequestMachineInfo(async () => {
      throw new Error('not asked in these tests');
    });
    this.device = device;
    return this;
  }

  /** Resolves once this NCS's heartbeats to the gateway are answered. */
  async connected(timeoutMs = 30_000): Promise<void> {
    await until(
      'NCS connected to the gateway',
      () => this.device?.getConnectionStatus().PrimaryConnected,
      timeoutMs,
    );
  }

  statusesOf(itemId: string): string[] {
    return this.statuses.filter((s) => s.itemId === itemId).map((s) => s.status);
  }

  objectsOf(objId: string): IMOSObject[] {
    return this.objects
      .filter((o) => mosTypes.mosString128.stringify(o.obj.ID ?? s128('')) === objId)
      .map((o) => o.obj);
  }

  get dev(): MosDevice {
    if (!this.device) throw new Error('NCS not started');
    return this.device;
  }

  async stop(): Promise<void> {
    await this.conn?.dispose();
    this.conn = null;
    this.device = null;
  }
}

/** The shortest news-brief data that makes a valid brief (one sentence of speech). */
export const SHORT_FIELDS: [string, string][] = [
  ['mag', '4.6'],
  ['place', 'Mid-Atlantic Ridge'],
  ['time', '2025-11-20T17:55:05Z'],
  ['lat', '0.9'],
  ['lon', '-29.1'],
];

/** The sample feed's first quake, every field given: the longest news-brief (about 30 s). */
export const FULL_FIELDS: [string, string][] = [
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

/** mosExternalMetadata carrying a Clipwright payload (schema/clipwright-item.xsd). */
export function clipMeta(
  template: string,
  fields: [string, string][],
  extra: Record<string, string> = {},
): IMOSExternalMetaData[] {
  const field = fields.map(([name, value]) => ({ attributes: { name, value } }));
  return [
    {
      MosScope: IMOSScope.PLAYLIST,
      MosSchema: 'http://gateway.test/schema/clipwright-item.xsd',
      MosPayload: { clipwright: { attributes: { version: '1', template, ...extra }, field } },
    },
  ];
}

export function item(id: string, objId: string, mosId: string, meta?: IMOSExternalMetaData[]): IMOSItem {
  return {
    ID: s128(id),
    Slug: s128(`item ${id}`),
    ObjectID: s128(objId),
    MOSID: mosId,
    ...(meta ? { MosExternalMetaData: meta } : {}),
  };
}

export function story(id: string, items: IMOSItem[]): IMOSROStory {
  return { ID: s128(id), Slug: s128(`story ${id}`), Items: items };
}

export function runningOrder(id: string, stories: IMOSROStory[]): IMOSRunningOrder {
  return { ID: s128(id), Slug: s128(`show ${id}`), Stories: stories };
}

export function ackStatus(ack: { Status: unknown }): string {
  return mosTypes.mosString128.stringify(ack.Status as never);
}

/**
 * A templates folder holding a small `news-brief`: the real template's inputs schema and script
 * (so the gateway's jobs are checked as the real ones are, and the narration is the real one), drawn
 * at 320x180 over a plain background (test/fixtures/small-news-brief.template.json). A render takes
 * seconds instead of a minute: these specs are about MOS, and the real template renders in
 * test/cli-render and test/service (and in bench/mos.js, which measures it through the gateway).
 */
export async function smallTemplatesDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mos-templates-'));
  const brief = path.join(dir, 'news-brief');
  await fs.mkdir(brief);
  const real = path.join(root, 'templates/news-brief');
  await fs.copyFile(path.join(real, 'inputs.schema.json'), path.join(brief, 'inputs.schema.json'));
  await fs.copyFile(path.join(real, 'script.liquid'), path.join(brief, 'script.liquid'));
  await fs.copyFile(
    path.join(__dirname, 'fixtures/small-news-brief.template.json'),
    path.join(brief, 'template.json'),
  );
  return dir;
}

export interface Service {
  svc: ServiceEnv;
  api: { proc: AppProcess; url: string };
  worker: AppProcess | null;
  /** Resolves when the worker says it is ready (a job posted before waits in the queue). */
  workerReady: Promise<void>;
  key: string;
  stop(): Promise<void>;
}

/**
 * The real API (and a worker unless `worker: false`) on a throwaway database, and a workspace key.
 * They serve the small news-brief (smallTemplatesDir) unless `templates: 'real'`. Returns once the
 * API answers; the worker boots meanwhile (await `workerReady`, e.g. beside the gateway's start).
 */
export async function startService(
  opts: { worker?: boolean; templates?: 'small' | 'real' } = {},
): Promise<Service> {
  const templates = opts.templates === 'real' ? null : await smallTemplatesDir();
  const svc = await serviceEnv({
    WORKER_LOCK_MS: '5000',
    WORKER_STALLED_INTERVAL_MS: '2000',
    ...(templates ? { CLIPWRIGHT_TEMPLATES: templates } : {}),
  });
  const api = await startApi(svc.env);
  // The API has migrated the database: the worker's boot and the key's insert need nothing else.
  const worker = opts.worker === false ? null : startApp('worker', svc.env);
  const workerReady = worker
    ? worker.waitForLog((l) => l.msg === 'worker ready').then(() => undefined)
    : Promise.resolve();
  // Awaited by the spec; a worker that dies first must not also be an unhandled rejection.
  workerReady.catch(() => undefined);
  const key = await createKey(svc.env.DATABASE_URL as string, 'newsroom');
  return {
    svc,
    api,
    worker,
    workerReady,
    key,
    async stop() {
      await worker?.stop();
      await api.proc.stop();
      await svc.dropDatabase();
      if (templates) await fs.rm(templates, { recursive: true, force: true });
    },
  };
}

export interface GatewayProcess {
  proc: AppProcess;
  httpUrl: string;
}

/** The gateway as its own process (from its TypeScript sources), waiting until it says ready. */
export async function startGateway(env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      path.join(root, 'test/service/swc-register.js'),
      path.join(root, 'plugins/mos-gateway/src/main.ts'),
    ],
    {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const proc = new AppProcess('mos-gateway', child);
  try {
    const http = await proc.waitForLog((l) => l.msg === 'http listening');
    await proc.waitForLog((l) => l.msg === 'gateway ready');
    return { proc, httpUrl: String(http.url) };
  } catch (e) {
    await proc.stop();
    throw e;
  }
}

export const GATEWAY_ID = 'clipwright.test';
export const NCS_ID = 'ncs.test';

/** The gateway's environment for a service, its own ports and the NCS's (or NCSs'). */
export async function gatewayEnv(
  service: Service,
  gatewayPorts: Ports,
  primary: { id: string; ports: Ports },
  buddy?: { id: string; ports: Ports },
): Promise<Record<string, string>> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mos-gateway-'));
  return {
    MOS_ID: GATEWAY_ID,
    MOS_PORT_LOWER: String(gatewayPorts.lower),
    MOS_PORT_UPPER: String(gatewayPorts.upper),
    MOS_PORT_QUERY: String(gatewayPorts.query),
    MOS_NCS_ID: primary.id,
    MOS_NCS_HOST: '127.0.0.1',
    MOS_NCS_PORT_LOWER: String(primary.ports.lower),
    MOS_NCS_PORT_UPPER: String(primary.ports.upper),
    MOS_NCS_PORT_QUERY: String(primary.ports.query),
    ...(buddy
      ? {
          MOS_NCS_BUDDY_ID: buddy.id,
          MOS_NCS_BUDDY_HOST: '127.0.0.1',
          MOS_NCS_BUDDY_PORT_LOWER: String(buddy.ports.lower),
          MOS_NCS_BUDDY_PORT_UPPER: String(buddy.ports.upper),
          MOS_NCS_BUDDY_PORT_QUERY: String(buddy.ports.query),
        }
      : {}),
    MOS_TIMEOUT_MS: '1000',
    MOS_HEARTBEAT_MS: '1000',
    MOS_RECONNECT_MIN_MS: '200',
    MOS_RECONNECT_MAX_MS: '1600',
    CLIPWRIGHT_API_URL: service.api.url,
    CLIPWRIGHT_API_KEY: service.key,
    MOS_DATABASE_URL: service.svc.env.DATABASE_URL as string,
    MOS_HTTP_PORT: '0',
    MOS_DATA_DIR: dataDir,
  };
}

/**
 * The usual set-up of a spec: the service, the gateway and one NCS linked to it. Members are set
 * as each part comes up, so `stop()` after a failed `start()` still stops what did start.
 */
export class GatewayStack {
  service: Service | null = null;
  gateway: GatewayProcess | null = null;
  ncs: NcsDouble | null = null;
  /** The gateway's environment (to start it again on the same database). */
  env: Record<string, string> = {};
  /** The ports the gateway listens on. */
  gatewayPorts: Ports = { lower: 0, upper: 0, query: 0 };

  async start(): Promise<{ service: Service; gateway: GatewayProcess; ncs: NcsDouble }> {
    const [g, n] = await portTriples(2);
    this.gatewayPorts = g;
    const service = (this.service = await startService());
    this.env = await gatewayEnv(service, g, { id: NCS_ID, ports: n });
    const starting = startGateway(this.env).then((gw) => (this.gateway = gw));
    await Promise.all([starting, service.workerReady]);
    const ncs = (this.ncs = await new NcsDouble(NCS_ID, n).start(GATEWAY_ID, g));
    await ncs.connected();
    return { service, gateway: await starting, ncs };
  }

  async stop(): Promise<void> {
    await this.ncs?.stop();
    await this.gateway?.proc.stop();
    await this.service?.stop();
  }
}

export { sleep };
