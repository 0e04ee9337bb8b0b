import { ClipwrightError, ErrorCode, type ProgressListener, type RenderResult } from '@app/core';
import type { JobContext } from './job.types';
import { Stage, STAGE_SHARES, STAGES } from './stage';
import { bind } from './stages/bind.stage';
import { caption } from './stages/caption.stage';
import { compose } from './stages/compose.stage';
import { deliver } from './stages/deliver.stage';
import { exportTimelines } from './stages/export.stage';
import { finish } from './stages/finish.stage';
import { generate } from './stages/generate.stage';
import { perform } from './stages/perform.stage';
import { speak } from './stages/speak.stage';

/**
 * One job, as its stages. Each stage is a module taking the job context with what the stages
 * before it made, and returning what it makes; the context grows stage by stage:
 *
 *   bind -> speak -> caption -> perform -> generate -> compose -> finish -> export -> deliver
 *
 * Between stages the job stops if it was cancelled. Every stage is timed (result.json `stages`)
 * and reports progress under its own name.
 */
export async function runPipeline(
  job: Omit<JobContext, 'progress'>,
  onProgress?: ProgressListener,
): Promise<RenderResult> {
  const timer = new StageTimer(onProgress);
  const ctx: JobContext = { ...job, progress: (f) => timer.report(f) };
  const run = <T>(stage: Stage, fn: () => Promise<T>): Promise<T> => timer.run(stage, job.signal, fn);

  const bound = { ...ctx, ...(await run(Stage.Bind, () => bind(ctx))) };
  const spoken = { ...bound, ...(await run(Stage.Speak, () => speak(bound))) };
  const captioned = { ...spoken, ...(await run(Stage.Caption, () => caption(spoken))) };
  const performed = { ...captioned, ...(await run(Stage.Perform, () => perform(captioned))) };
  const generated = { ...performed, ...(await run(Stage.Generate, () => generate(performed))) };
  const composed = { ...generated, ...(await run(Stage.Compose, () => compose(generated))) };
  const finished = { ...composed, ...(await run(Stage.Finish, () => finish(composed))) };
  const exported = { ...finished, ...(await run(Stage.Export, () => exportTimelines(finished))) };
  return run(Stage.Deliver, () => deliver(exported, () => timer.seconds()));
}

/** Times each stage and turns a stage's own progress (0..1) into the job's. */
class StageTimer {
  private readonly times: Partial<Record<Stage, number>> = {};
  private current: { stage: Stage; base: number; started: bigint } | undefined;
  private done = 0;

  constructor(private readonly onProgress: ProgressListener | undefined) {}

  async run<T>(stage: Stage, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    if (signal?.aborted)
      throw new ClipwrightError(ErrorCode.Cancelled, `The job was cancelled before ${stage}`);
    this.current = { stage, base: this.done, started: process.hrtime.bigint() };
    this.report(0);
    try {
      return await fn();
    } finally {
      this.times[stage] = this.elapsed();
      this.done = this.current.base + STAGE_SHARES[stage];
      this.report(1);
      this.current = undefined;
    }
  }

  report(fraction: number): void {
    if (!this.current) return;
    const { stage, base } = this.current;
    const f = Math.max(0, Math.min(1, fraction));
    this.onProgress?.({ stage, fraction: Math.min(1, base + STAGE_SHARES[stage] * f) });
  }

  /** Seconds per stage in pipeline order; the running stage counts what it has taken so far. */
  seconds(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const stage of STAGES) {
      if (this.times[stage] !== undefined) out[stage] = this.times[stage];
      else if (this.current?.stage === stage) out[stage] = this.elapsed();
    }
    return out;
  }

  private elapsed(): number {
    return this.current ? Math.round(Number(process.hrtime.bigint() - this.current.started) / 1e6) / 1000 : 0;
  }
}
