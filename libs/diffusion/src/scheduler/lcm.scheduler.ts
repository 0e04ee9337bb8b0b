import { AlphaScheduler } from './alpha.scheduler';
import { NoiseScheduleConfig } from './noise-schedule';
import { DiffusionScheduler, SchedulerRequest } from './scheduler.types';

/** LCM's c_skip/c_out boundary conditions use sigma_data = 0.5 (Song et al. 2023, Consistency Models §3). */
const SIGMA_DATA = 0.5;

/**
 * Multistep latent consistency sampling (Luo et al. 2023, "Latent Consistency Models", Algorithm 3),
 * as diffusers' LCMScheduler runs it:
 *   timesteps: from the distillation schedule k-1, 2k-1, ..., T-1 (k = T / original_inference_steps,
 *              the first floor(original * strength) of them), reversed, taken at the indices
 *              floor(linspace(0, len, n, endpoint = false));
 *   x0       = (x - sqrt(1 - a_t) eps) / sqrt(a_t)                      (epsilon prediction)
 *   c_skip   = sd^2 / ((10 t)^2 + sd^2);  c_out = 10 t / sqrt((10 t)^2 + sd^2)   (timestep_scaling 10)
 *   denoised = c_out x0 + c_skip x
 *   x'       = sqrt(a_next) denoised + sqrt(1 - a_next) z, except after the last step: x' = denoised.
 * Guidance is not classifier-free: the UNet takes w through `timestep_cond` (guidanceScaleEmbedding).
 */
export class LcmScheduler extends AlphaScheduler implements DiffusionScheduler {
  readonly name = 'lcm' as const;
  readonly timesteps: readonly number[];

  constructor(config: NoiseScheduleConfig, request: SchedulerRequest) {
    super(config);
    const original = config.originalInferenceSteps;
    const k = Math.floor(config.numTrainTimesteps / original);
    const available = Math.floor(original * (request.strength ?? 1));
    if (request.steps > available || available < 1) {
      throw new RangeError(
        `lcm: ${request.steps} steps need at least that many of the ${original} distillation steps; strength leaves ${available}`,
      );
    }
    const origin: number[] = [];
    for (let i = available; i >= 1; i--) origin.push(i * k - 1);
    const out: number[] = [];
    for (let i = 0; i < request.steps; i++) out.push(origin[Math.floor((i * origin.length) / request.steps)]);
    this.timesteps = out;
  }

  stepNeedsNoise(i: number): boolean {
    return i < this.timesteps.length - 1;
  }

  /** c_skip and c_out at timestep t (diffusers get_scalings_for_boundary_condition_discrete). */
  boundaryScalings(t: number): { cSkip: number; cOut: number } {
    const scaled = t * this.config.timestepScaling;
    const d = scaled * scaled + SIGMA_DATA * SIGMA_DATA;
    return { cSkip: (SIGMA_DATA * SIGMA_DATA) / d, cOut: scaled / Math.sqrt(d) };
  }

  step(modelOutput: Float32Array, i: number, sample: Float32Array, noise?: Float32Array): void {
    const t = this.timesteps[i];
    const last = i === this.timesteps.length - 1;
    if (!last && !noise) throw new RangeError('lcm: every step but the last needs noise');
    const at = this.a[t];
    const next = last ? t : this.timesteps[i + 1];
    const an = this.alphaAt(next);
    const { cSkip, cOut } = this.boundaryScalings(t);
    const sqA = Math.sqrt(at);
    const sqB = Math.sqrt(1 - at);
    const prediction = this.config.predictionType;
    const clip = this.config.clipSample ?? false;
    const range = this.config.clipSampleRange;
    for (let k = 0; k < sample.length; k++) {
      const x = sample[k];
      const m = modelOutput[k];
      let x0 =
        prediction === 'epsilon'
          ? (x - sqB * m) / sqA
          : prediction === 'v_prediction'
            ? sqA * x - sqB * m
            : m;
      if (clip) x0 = Math.min(range, Math.max(-range, x0));
      const denoised = cOut * x0 + cSkip * x;
      sample[k] = last ? denoised : Math.sqrt(an) * denoised + Math.sqrt(1 - an) * noise![k];
    }
  }
}

/**
 * The guidance-scale embedding an LCM UNet takes as `timestep_cond` (diffusers
 * LatentConsistencyModelPipeline.get_guidance_scale_embedding; the sinusoidal embedding of
 * Vaswani et al. 2017 applied to 1000 w, as in Meng et al. 2023 "On Distillation of Guided Diffusion
 * Models"): with h = dim/2, f_j = exp(-j ln(10000) / (h - 1)), emb = [sin(1000 w f_j)..., cos(1000 w f_j)...],
 * zero-padded to an odd dim. diffusers passes w = guidance_scale - 1.
 */
export function guidanceScaleEmbedding(w: number, dim: number): Float32Array {
  const half = Math.floor(dim / 2);
  const out = new Float32Array(dim);
  const step = Math.log(10000) / (half - 1);
  for (let j = 0; j < half; j++) {
    const arg = w * 1000 * Math.exp(-j * step);
    out[j] = Math.sin(arg);
    out[half + j] = Math.cos(arg);
  }
  return out;
}
