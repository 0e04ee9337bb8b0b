import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import {
  IMOSItemStatus,
  IMOSObject,
  IMOSConnectionStatus,
  MosConnection,
  MosDevice,
} from '@mos-connection/connector';
import type { Logger } from 'pino';
import type { GatewayConfig, NcsEndpoint } from '../gateway.config';
import { writeDefaultActiveX } from './list-mach-info.writer';
import { MalformedMessageGuard } from './malformed.guard';
import type { MosSender } from './status.reporter';

/** The backoff before reconnect attempt `attempt` (0, 1, ...): min, 2 min, 4 min, ... capped at max. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
}

/**
 * The MOS side of the gateway: listens on the device's three ports, connects to the primary and
 * buddy NCS (@mos-connection fails a command over to the buddy when the primary stops answering
 * heartbeats), and reconnects with exponential backoff when neither answers: the device is torn
 * down and made again after 1 s, 2 s, 4 s, ... up to the configured maximum, until heartbeats
 * come back. Sends go through the current device and throw while no NCS answers.
 */
export class MosLink implements MosSender {
  private conn: MosConnection | null = null;
  private device: MosDevice | null = null;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private up = false;
  private stopped = false;

  constructor(
    private readonly config: GatewayConfig,
    private readonly logger: Logger,
    /** Binds the gateway's handlers to a (new) device. */
    private readonly bind: (device: MosDevice) => void,
    /** Called each time some NCS answers again. */
    private readonly onUp: () => void,
  ) {}

  async start(): Promise<void> {
    const c = this.config;
    writeDefaultActiveX();
    const conn = new MosConnection({
      mosID: c.mosId,
      acceptsConnections: true,
      profiles: { '0': true, '1': true, '2': true, '3': true, '4': true },
      ports: c.ports,
      strict: false,
      debug: false,
    });
    conn.on('error', (e) => this.logger.debug({ err: String(e) }, 'mos-connection error'));
    conn.on('warning' as 'error', (w) => this.logger.debug({ warning: String(w) }, 'mos-connection warning'));
    conn.on('info', (m) => this.logger.debug({ info: String(m) }, 'mos-connection info'));
    this.conn = conn;
    await conn.init();
    this.guardMalformed(conn);
    this.logger.info({ mosId: c.mosId, ports: c.ports }, 'mos listening');
    await this.link();
    this.schedule();
  }

  /**
   * @mos-connection drops a message whose XML does not parse without answering it. The guard reads
   * the same sockets (the library's socket servers announce each client) and answers such a
   * message with a mosAck NACK naming the parse error.
   */
  private guardMalformed(conn: MosConnection): void {
    const servers = conn as unknown as Record<string, EventEmitter | undefined>;
    for (const key of ['_lowerSocketServer', '_upperSocketServer', '_querySocketServer']) {
      const server = servers[key];
      if (!server)
        throw new Error(`@mos-connection changed: ${key} is gone (the malformed-XML guard needs it)`);
      server.on('eventsocketserverclientconnected', (e: { socket: Socket; portDescription: string }) => {
        new MalformedMessageGuard(e.socket, this.config.mosId, (refusal) =>
          this.logger.warn(
            { port: e.portDescription, remote: e.socket.remoteAddress, ...refusal },
            'MOS message refused',
          ),
        );
      });
    }
  }

  private endpoint(e: NcsEndpoint) {
    return {
      id: e.id,
      host: e.host,
      ports: e.ports,
      timeout: this.config.commandTimeoutMs,
      heartbeatInterval: this.config.heartbeatMs,
    };
  }

  private async link(): Promise<void> {
    if (!this.conn || this.stopped) return;
    if (this.device) {
      const old = this.device;
      this.device = null;
      await this.conn.disposeMosDevice(old).catch(() => undefined);
      // The library forgets only the primary's registration of a device; the buddy's stays.
      const buddy = this.config.buddy;
      if (buddy) await this.conn.disposeMosDevice(this.config.mosId, buddy.id, null).catch(() => undefined);
    }
    const device = await this.conn.connect({
      primary: this.endpoint(this.config.primary),
      ...(this.config.buddy ? { secondary: this.endpoint(this.config.buddy) } : {}),
    });
    this.bind(device);
    device.onConnectionChange((s) => this.changed(s));
    this.device = device;
  }

  private changed(s: IMOSConnectionStatus): void {
    const up = s.PrimaryConnected || s.SecondaryConnected;
    const was = this.up;
    this.up = up;
    if (up) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.attempt = 0;
      this.logger.info({ primary: s.PrimaryConnected, buddy: s.SecondaryConnected }, 'mos link up');
      this.onUp();
    } else if (was) {
      this.logger.warn({ primary: s.PrimaryStatus, buddy: s.SecondaryStatus }, 'mos link down');
      this.schedule();
    }
  }

  /** Checks after the next backoff delay; relinks while no NCS answers. */
  private schedule(): void {
    if (this.stopped || this.timer) return;
    const delayMs = backoffDelay(this.attempt, this.config.reconnectMinMs, this.config.reconnectMaxMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.up || this.stopped) return;
      this.attempt += 1;
      this.logger.info({ attempt: this.attempt, afterMs: delayMs }, 'mos reconnect');
      void this.link()
        .catch((e) => this.logger.warn({ err: String(e) }, 'mos reconnect failed'))
        .finally(() => this.schedule());
    }, delayMs);
  }

  get connected(): boolean {
    return this.up;
  }

  private current(): MosDevice {
    if (!this.device || !this.up) throw new Error('no NCS is answering heartbeats');
    return this.device;
  }

  async sendItemStatus(status: IMOSItemStatus): Promise<void> {
    await this.current().sendItemStatus(status);
  }

  async sendObject(obj: IMOSObject): Promise<void> {
    await this.current().sendMOSObject(obj);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.conn?.dispose().catch(() => undefined);
  }
}
