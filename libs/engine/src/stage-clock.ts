import type { ProgressListener } from '@app/core';

/** Share of the job's progress bar: the stages before the picture are quick; encoding dominates. */
const SHARES: Record<string, number> = { bind: 0.01, speak: 0.08, caption: 0.01, audio: 0.05 };
const PER_OUTPUT = { graphics: 0.05, compose: 0.85, measure: 0.1 };
const OUTPUTS_SHARE = 1 - Object.values(SHARES).reduce((a, b) => a + b, 0);

/** Times each stage (seconds go into result.json) and turns stage progress into job progress. */
export class StageClock {
  private readonly times: Record<string, number> = {};
  private done = 0;

  constructor(
    private readonly onProgress: ProgressListener | undefined,
    private readonly outputs: number,
  ) {}

  async run<T>(stage: string, fn: (progress: (fraction: number) => void) => Promise<T>): Promise<T> {
    const share = this.share(stage);
    const base = this.done;
    const report = (fraction: number): void =>
      this.onProgress?.({ stage, fraction: Math.min(1, base + share * Math.max(0, Math.min(1, fraction))) });
    report(0);
    const started = process.hrtime.bigint();
    try {
      return await fn(report);
    } finally {
      this.times[stage] = Math.round(Number(process.hrtime.bigint() - started) / 1e6) / 1000;
      this.done = base + share;
      report(1);
    }
  }

  seconds(): Record<string, number> {
    return { ...this.times };
  }

  private share(stage: string): number {
    if (stage in SHARES) return SHARES[stage];
    const kind = stage.split(' ')[0] as keyof typeof PER_OUTPUT;
    return ((PER_OUTPUT[kind] ?? 0) * OUTPUTS_SHARE) / Math.max(1, this.outputs);
  }
}
