/**
 * Runs the real API and workers as child processes (node + test/service/swc-register.js on the
 * TypeScript sources: no build step, never a stale dist/) against the real Redis, PostgreSQL and
 * S3 that scripts/services.sh starts, each test file in a database and a queue prefix of its own.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { Client } from 'pg';
import { registerKeysCommand } from '../../apps/cli/src/keys.command';
import { parseExportLine, runServicesScript, SERVICE_ENV_KEYS } from '../servers/services';

const root = path.resolve(__dirname, '../..');
const register = path.join(__dirname, 'swc-register.js');

export interface ServiceEnv {
  env: NodeJS.ProcessEnv;
  dropDatabase(): Promise<void>;
}

/** Servers from the environment, or started by scripts/services.sh; then a throwaway database. */
export async function serviceEnv(
  extra: Record<string, string> = {},
  given?: Record<string, string | undefined>,
): Promise<ServiceEnv> {
  let servers: Record<string, string | undefined> = given ?? process.env;
  if (!SERVICE_ENV_KEYS.every((k) => servers[k])) servers = parseExportLine(runServicesScript('start'));
  const base = new URL(servers.DATABASE_URL as string);
  const name = `cw_e2e_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = new URL(base.toString());
  db.pathname = `/${name}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...Object.fromEntries(SERVICE_ENV_KEYS.map((k) => [k, servers[k]])),
    DATABASE_URL: db.toString(),
    STORAGE: 's3',
    QUEUE_PREFIX: `e2e${randomBytes(4).toString('hex')}`,
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    // Tests share a machine with other work: renders at normal priority keep their time predictable.
    WORKER_NICENESS: '0',
    // The tier's encode preset (test/servers/global-setup.ts), so the workers' renders cost what the CLI's do.
    ...(process.env.CLIPWRIGHT_ENCODE_PRESET
      ? { CLIPWRIGHT_ENCODE_PRESET: process.env.CLIPWRIGHT_ENCODE_PRESET }
      : {}),
    STAGING_DIR: path.join(root, '.tmp', `staging-${name}`),
    LOG_LEVEL: 'info',
    ...extra,
  };
  return {
    env,
    async dropDatabase() {
      const c = new Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export class AppProcess {
  readonly lines: string[] = [];
  private readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let buf = '';
    const logFile = process.env.E2E_LOG_DIR
      ? path.join(process.env.E2E_LOG_DIR, `${name}-${child.pid}.log`)
      : undefined;
    const onData = (d: Buffer) => {
      if (logFile) appendFileSync(logFile, d);
      buf += d.toString('utf8');
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      this.lines.push(...parts);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Log lines that are JSON objects (pino), parsed. */
  logs(): Record<string, unknown>[] {
    return this.lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  async waitForLog(
    test: (l: Record<string, unknown>) => boolean,
    timeoutMs = 60_000,
  ): Promise<Record<string, unknown>> {
    const t0 = Date.now();
    for (;;) {
      const hit = this.logs().find(test);
      if (hit) return hit;
      if (this.child.exitCode !== null)
        throw new Error(`${this.name} exited:\n${this.lines.slice(-20).join('\n')}`);
      if (Date.now() - t0 > timeoutMs)
        throw new Error(`${this.name}: log line not seen:\n${this.lines.slice(-20).join('\n')}`);
      await sleep(100);
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }

  exit(): Promise<number | null> {
    return this.exited;
  }
}

export function startApp(app: 'api' | 'worker', env: NodeJS.ProcessEnv): AppProcess {
  const child = spawn(process.execPath, ['-r', register, path.join(root, `apps/${app}/src/main.ts`)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new AppProcess(app, child);
}

export async function startApi(
  env: NodeJS.ProcessEnv,
): Promise<{ proc: AppProcess; url: string; metricsUrl: string | null }> {
  const proc = startApp('api', env);
  const line = await proc.waitForLog((l) => l.msg === 'api listening');
  const metrics = proc.logs().find((l) => l.msg === 'metrics listening');
  return {
    proc,
    url: `http://127.0.0.1:${String(line.port)}`,
    metricsUrl: metrics ? `http://127.0.0.1:${String(metrics.port)}` : null,
  };
}

export async function startWorker(env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const proc = startApp('worker', env);
  await proc.waitForLog((l) => l.msg === 'worker ready');
  return proc;
}

/** `clipwright keys create --workspace NAME` in this process; returns the printed key. */
export async function createKey(databaseUrl: string, workspace: string): Promise<string> {
  let out = '';
  const program = new Command().exitOverride();
  registerKeysCommand(program, { stdout: (t) => (out += t), stderr: () => undefined });
  await program.parseAsync(['keys', 'create', '--workspace', workspace, '--database', databaseUrl], {
    from: 'user',
  });
  return out.trim();
}

/** The news-brief sample feed the repo ships. */
export function sampleFeed(): {
  features: { properties: Record<string, unknown>; geometry: { coordinates: number[] } }[];
} {
  return JSON.parse(readFileSync(path.join(root, 'templates/news-brief/sample.geojson'), 'utf8'));
}

/** The shortest brief the template makes: the required fields only, one sentence of speech. */
export function tinyItem(id: string): unknown {
  const f = sampleFeed().features[0];
  return {
    type: 'Feature',
    id,
    properties: { mag: f.properties.mag, place: 'Ridgecrest, CA', time: f.properties.time },
    geometry: { type: 'Point', coordinates: [f.geometry.coordinates[0], f.geometry.coordinates[1], null] },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Reads a text/event-stream response into events until the server closes it. */
export async function readSse(res: Response): Promise<{ event: string; data: unknown }[]> {
  const events: { event: string; data: unknown }[] = [];
  const text = await res.text();
  for (const block of text.split('\n\n')) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) events.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return events;
}
