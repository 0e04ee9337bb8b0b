import * as os from 'node:os';
import type { Logger } from 'pino';
import type { DiffusionEngine } from '@app/diffusion';
import type { GenerateAdvertisements } from '@app/queue';

/**
 * A generate worker tells the API what it offers (issue 12: "a worker on the generate queue
 * advertises its provider"): its execution provider and the models it can load, refreshed every
 * `intervalMs` and expiring after three intervals, so a dead worker's models stop being offered.
 */
export class GenerateAdvertiser {
  readonly worker = `${os.hostname()}-${process.pid}`;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: Pick<DiffusionEngine, 'advertise' | 'registry' | 'upscaling'>,
    private readonly ads: Pick<GenerateAdvertisements, 'publish' | 'withdraw'>,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Publishes now and then every interval; a failed write (Redis down) is logged and tried again. */
  async start(): Promise<void> {
    await this.publish();
    this.timer = setInterval(() => void this.publish(), this.intervalMs);
    this.timer.unref();
  }

  async publish(): Promise<void> {
    try {
      const ad = this.engine.advertise();
      const models = (await this.engine.registry.list())
        .filter((m) => m.problems.length === 0)
        .map((m) => ({ id: m.id, ...(m.family ? { family: m.family } : {}), modes: m.modes }));
      await this.ads.publish(
        {
          worker: this.worker,
          provider: ad.provider,
          cudaInstalled: ad.cudaInstalled ?? null,
          models,
          upscalers: await this.engine.upscaling.ids(),
          at: Date.now(),
        },
        Math.max(3 * this.intervalMs, 10_000),
      );
    } catch (e) {
      this.logger.warn({ err: String(e) }, 'generate advertisement not written; retried next interval');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ads.withdraw(this.worker).catch(() => undefined);
  }
}
