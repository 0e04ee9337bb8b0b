import { AlphaScheduler } from './alpha.scheduler';
import { inferenceTimesteps, NoiseScheduleConfig, roundHalfEven, strengthStartIndex } from './noise-schedule';
import { DiffusionScheduler, SchedulerRequest } from './scheduler.types';

/**
 * Denoising diffusion implicit models (Song, Meng & Ermon 2021, eq. 12), as diffusers' DDIMScheduler
 * runs it, with a = alphas_cumprod:
 *   x0   = (x - sqrt(1 - a_t) eps) / sqrt(a_t)        (epsilon; v: x0 = sqrt(a_t) x - sqrt(1 - a_t) v)
 *   eps  derived for v/sample predictions: eps = sqrt(a_t) v + sqrt(1 - a_t) x, or (x - sqrt(a_t) x0) / sqrt(1 - a_t)
 *   var  = (1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev); s = eta sqrt(var)
 *   x'   = sqrt(a_prev) x0 + sqrt(1 - a_prev - s^2) eps + s z
 * with prev_t = t - T / n (integer division) and a_prev = 1 ("set_alpha_to_one") or a_0 below zero.
 * eta = 0 (the default) is deterministic.
 */
export class DdimScheduler extends AlphaScheduler implements DiffusionScheduler {
  readonly name = 'ddim' as const;
  readonly timesteps: readonly number[];
  private readonly stride: number;

  constructor(
    config: NoiseScheduleConfig,
    request: SchedulerRequest,
    private readonly eta = 0,
  ) {
    super(config);
    this.stride = Math.floor(config.numTrainTimesteps / request.steps);
    const all = inferenceTimesteps(
      config.numTrainTimesteps,
      request.steps,
      config.timestepSpacing ?? 'leading',
      config.stepsOffset,
    ).map(roundHalfEven);
    this.timesteps = all.slice(strengthStartIndex(request.steps, request.strength ?? 1));
  }

  stepNeedsNoise(): boolean {
    return this.eta > 0;
  }

  step(modelOutput: Float32Array, i: number, sample: Float32Array, noise?: Float32Array): void {
    const t = this.timesteps[i];
    const at = this.a[t];
    const prev = this.alphaAt(t - this.stride);
    const variance = ((1 - prev) / (1 - at)) * (1 - at / prev);
    const std = this.eta * Math.sqrt(variance);
    if (std > 0 && !noise) throw new RangeError('ddim: eta > 0 needs noise');
    const sqA = Math.sqrt(at);
    const sqB = Math.sqrt(1 - at);
    const dirScale = Math.sqrt(1 - prev - std * std);
    const range = this.config.clipSampleRange;
    const clip = this.config.clipSample ?? true;
    const prediction = this.config.predictionType;
    for (let k = 0; k < sample.length; k++) {
      const x = sample[k];
      const m = modelOutput[k];
      let x0: number;
      let eps: number;
      if (prediction === 'epsilon') {
        x0 = (x - sqB * m) / sqA;
        eps = m;
      } else if (prediction === 'v_prediction') {
        x0 = sqA * x - sqB * m;
        eps = sqA * m + sqB * x;
      } else {
        x0 = m;
        eps = (x - sqA * m) / sqB;
      }
      // Clipping x0 leaves eps as predicted (diffusers' default use_clipped_model_output=False).
      if (clip) x0 = Math.min(range, Math.max(-range, x0));
      let y = Math.sqrt(prev) * x0 + dirScale * eps;
      if (std > 0) y += std * noise![k];
      sample[k] = y;
    }
  }
}
