/**
 * The gateway's settings, read from the environment once at boot and checked (docs/conventions.md §8):
 * a bad or missing value stops the process with a message naming the variable.
 */

/** The three MOS TCP ports (MOS 2.8.5 §1.2): lower (10540), upper (10541), query (10542). */
export interface MosPorts {
  lower: number;
  upper: number;
  query: number;
}

/** One newsroom system (NCS) the device talks to: its MOS id, host and the ports it listens on. */
export interface NcsEndpoint {
  id: string;
  host: string;
  ports: MosPorts;
}

export interface GatewayConfig {
  /** This device's MOS id (what the NCS has registered), e.g. `clipwright.mos`. */
  mosId: string;
  /** The ports this device listens on for messages from the NCS. */
  ports: MosPorts;
  primary: NcsEndpoint;
  /** The buddy (secondary) NCS, if the newsroom runs one. */
  buddy: NcsEndpoint | null;
  /** Milliseconds a MOS command waits for its reply; heartbeats go at least this often. */
  commandTimeoutMs: number;
  heartbeatMs: number;
  /** Reconnect backoff when no NCS answers heartbeats: doubles from min to max (milliseconds). */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  apiUrl: string;
  apiKey: string;
  /** `postgres://...` or `sqlite:<file>`. */
  databaseUrl: string;
  /** The plug-in page, the schema and the media links are served here. */
  httpHost: string;
  httpPort: number;
  /** Base URL the NCS and journalists' browsers reach the gateway at (links in mosObj use it). */
  publicUrl: string;
  /** HMAC key for media links (so only holders of a mosObj can fetch its clip). */
  mediaSecret: string;
  /** Folder for thumbnails. */
  dataDir: string;
  /** Output aspect rendered for the rundown (one of the template's). */
  aspect: string;
  ffmpegPath: string;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const MOS_ID = /^[\x21-\x7e]{1,128}$/;

function required(env: Env, name: string): string {
  const v = env[name]?.trim();
  if (!v) throw new ConfigError(name, 'is required');
  return v;
}

function optional(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function mosIdOf(env: Env, name: string): string {
  const v = required(env, name);
  if (!MOS_ID.test(v)) throw new ConfigError(name, 'must be 1 to 128 printable ASCII characters, no spaces');
  return v;
}

function portsOf(env: Env, prefix: string, fallback: MosPorts): MosPorts {
  const ports = {
    lower: integer(env, `${prefix}_LOWER`, fallback.lower, 1, 65535),
    upper: integer(env, `${prefix}_UPPER`, fallback.upper, 1, 65535),
    query: integer(env, `${prefix}_QUERY`, fallback.query, 1, 65535),
  };
  if (new Set([ports.lower, ports.upper, ports.query]).size !== 3)
    throw new ConfigError(
      `${prefix}_LOWER`,
      `${prefix}_UPPER and ${prefix}_QUERY must be three different ports`,
    );
  return ports;
}

function httpUrl(env: Env, name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(name, `must be an http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

export const DEFAULT_PORTS: MosPorts = { lower: 10540, upper: 10541, query: 10542 };

/** Reads and checks every setting; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env): GatewayConfig {
  const mosId = mosIdOf(env, 'MOS_ID');
  const ports = portsOf(env, 'MOS_PORT', DEFAULT_PORTS);
  const primaryPorts = portsOf(env, 'MOS_NCS_PORT', DEFAULT_PORTS);
  const primary: NcsEndpoint = {
    id: mosIdOf(env, 'MOS_NCS_ID'),
    host: required(env, 'MOS_NCS_HOST'),
    ports: primaryPorts,
  };
  const buddyId = optional(env, 'MOS_NCS_BUDDY_ID');
  const buddyHost = optional(env, 'MOS_NCS_BUDDY_HOST');
  if ((buddyId === undefined) !== (buddyHost === undefined))
    throw new ConfigError(
      buddyId === undefined ? 'MOS_NCS_BUDDY_ID' : 'MOS_NCS_BUDDY_HOST',
      'is required when the other buddy setting is given',
    );
  const buddy: NcsEndpoint | null =
    buddyId === undefined
      ? null
      : {
          id: mosIdOf(env, 'MOS_NCS_BUDDY_ID'),
          host: buddyHost as string,
          ports: portsOf(env, 'MOS_NCS_BUDDY_PORT', primaryPorts),
        };
  if (buddy && buddy.id === primary.id)
    throw new ConfigError('MOS_NCS_BUDDY_ID', 'must differ from MOS_NCS_ID');

  const commandTimeoutMs = integer(env, 'MOS_TIMEOUT_MS', 5000, 200, 120_000);
  const heartbeatMs = integer(env, 'MOS_HEARTBEAT_MS', 5000, 200, 600_000);
  const reconnectMinMs = integer(env, 'MOS_RECONNECT_MIN_MS', 1000, 50, 600_000);
  const reconnectMaxMs = integer(env, 'MOS_RECONNECT_MAX_MS', 30_000, 50, 3_600_000);
  if (reconnectMaxMs < reconnectMinMs)
    throw new ConfigError('MOS_RECONNECT_MAX_MS', 'must be at least MOS_RECONNECT_MIN_MS');

  const apiUrl = httpUrl(env, 'CLIPWRIGHT_API_URL', required(env, 'CLIPWRIGHT_API_URL'));
  const apiKey = required(env, 'CLIPWRIGHT_API_KEY');
  const databaseUrl = required(env, 'MOS_DATABASE_URL');
  if (!/^(postgres(ql)?:\/\/|sqlite:)/.test(databaseUrl))
    throw new ConfigError('MOS_DATABASE_URL', 'must start with postgres://, postgresql:// or sqlite:');

  const httpHost = optional(env, 'MOS_HTTP_HOST') ?? '127.0.0.1';
  const httpPort = integer(env, 'MOS_HTTP_PORT', 10580, 0, 65535);
  const publicRaw = optional(env, 'MOS_PUBLIC_URL');
  const publicUrl = publicRaw ? httpUrl(env, 'MOS_PUBLIC_URL', publicRaw) : '';
  const mediaSecret = optional(env, 'MOS_MEDIA_SECRET') ?? '';
  if (mediaSecret && mediaSecret.length < 16)
    throw new ConfigError('MOS_MEDIA_SECRET', 'must be at least 16 characters');
  const aspect = optional(env, 'MOS_ASPECT') ?? '16:9';
  if (!/^\d{1,2}:\d{1,2}$/.test(aspect))
    throw new ConfigError('MOS_ASPECT', `must look like 16:9, got "${aspect}"`);

  return {
    mosId,
    ports,
    primary,
    buddy,
    commandTimeoutMs,
    heartbeatMs,
    reconnectMinMs,
    reconnectMaxMs,
    apiUrl,
    apiKey,
    databaseUrl,
    httpHost,
    httpPort,
    publicUrl,
    mediaSecret,
    dataDir: optional(env, 'MOS_DATA_DIR') ?? '.mos-gateway',
    aspect,
    ffmpegPath: optional(env, 'FFMPEG_PATH') ?? 'ffmpeg',
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
  };
}
