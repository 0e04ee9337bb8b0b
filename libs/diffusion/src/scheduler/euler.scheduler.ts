import {
  alphasCumprod,
  inferenceTimesteps,
  interpolateAt,
  NoiseScheduleConfig,
  strengthStartIndex,
  trainingSigmas,
} from './noise-schedule';
import { DiffusionScheduler, SchedulerRequest } from './scheduler.types';

/**
 * Euler's method on the probability-flow ODE in sigma space (Karras et al. 2022, "Elucidating the
 * Design Space of Diffusion-Based Generative Models", Algorithm 2 without churn), and its ancestral
 * variant (k-diffusion `sample_euler_ancestral`), as diffusers' EulerDiscreteScheduler and
 * EulerAncestralDiscreteScheduler run them:
 *   x_in = x / sqrt(sigma_i^2 + 1)                      (the UNet sees unit-variance input)
 *   x0   = x - sigma_i eps                               (epsilon prediction)
 *        = eps_v * (-sigma / sqrt(sigma^2+1)) + x / (sigma^2+1)   (v prediction)
 *   Euler:     x' = x + (x - x0) / sigma_i * (sigma_{i+1} - sigma_i)
 *   ancestral: sigma_up = sqrt(sigma_{i+1}^2 (sigma_i^2 - sigma_{i+1}^2) / sigma_i^2),
 *              sigma_down = sqrt(sigma_{i+1}^2 - sigma_up^2),
 *              x' = x + (x - x0) / sigma_i * (sigma_down - sigma_i) + z sigma_up
 * Sigmas are interpolated at the inference timesteps from the training sigmas, then a final 0.
 * SD-Turbo ships EulerDiscrete and SDXL-Turbo EulerAncestral, both with "trailing" spacing.
 */
export class EulerScheduler implements DiffusionScheduler {
  readonly name: 'euler' | 'euler-ancestral';
  readonly timesteps: readonly number[];
  /** sigma per step, plus a final 0: length timesteps.length + 1. */
  readonly sigmas: readonly number[];
  readonly initNoiseSigma: number;

  constructor(
    private readonly config: NoiseScheduleConfig,
    request: SchedulerRequest,
    ancestral: boolean,
  ) {
    this.name = ancestral ? 'euler-ancestral' : 'euler';
    // diffusers' Euler default spacing is linspace; leading applies steps_offset.
    const spacing = config.timestepSpacing ?? 'linspace';
    const all = inferenceTimesteps(config.numTrainTimesteps, request.steps, spacing, config.stepsOffset);
    const train = trainingSigmas(alphasCumprod(config));
    const allSigmas = [...all.map((t) => interpolateAt(train, t)), 0];
    const start = strengthStartIndex(request.steps, request.strength ?? 1);
    this.timesteps = all.slice(start);
    this.sigmas = allSigmas.slice(start);
    // diffusers EulerDiscreteScheduler.init_noise_sigma: the largest sigma for linspace/trailing,
    // sqrt(max^2 + 1) for leading (whose first step is not at T-1).
    const max = Math.max(...allSigmas);
    this.initNoiseSigma = spacing === 'leading' ? Math.sqrt(max * max + 1) : max;
  }

  modelInputScale(i: number): number {
    return 1 / Math.sqrt(this.sigmas[i] ** 2 + 1);
  }

  stepNeedsNoise(i: number): boolean {
    return this.name === 'euler-ancestral' && this.sigmas[i + 1] > 0;
  }

  step(modelOutput: Float32Array, i: number, sample: Float32Array, noise?: Float32Array): void {
    const sigma = this.sigmas[i];
    const next = this.sigmas[i + 1];
    let down = next;
    let up = 0;
    if (this.name === 'euler-ancestral') {
      up = Math.sqrt((next * next * (sigma * sigma - next * next)) / (sigma * sigma));
      down = Math.sqrt(next * next - up * up);
      if (up > 0 && !noise) throw new RangeError('euler-ancestral: this step needs noise');
    }
    const dt = down - sigma;
    const prediction = this.config.predictionType;
    const vScale = -sigma / Math.sqrt(sigma * sigma + 1);
    const vSample = 1 / (sigma * sigma + 1);
    for (let k = 0; k < sample.length; k++) {
      const x = sample[k];
      const m = modelOutput[k];
      const x0 =
        prediction === 'epsilon'
          ? x - sigma * m
          : prediction === 'v_prediction'
            ? m * vScale + x * vSample
            : m;
      let y = x + ((x - x0) / sigma) * dt;
      if (up > 0) y += noise![k] * up;
      sample[k] = y;
    }
  }

  addNoise(original: Float32Array, noise: Float32Array, i: number, out: Float32Array): void {
    const sigma = this.sigmas[i];
    for (let k = 0; k < out.length; k++) out[k] = original[k] + noise[k] * sigma;
  }
}
