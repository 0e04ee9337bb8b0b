/**
 * The discrete noise schedule every Stable Diffusion scheduler starts from, as
 * `scheduler/scheduler_config.json` describes it (diffusers SchedulerMixin configs). Formulas:
 * - betas "linear": beta_i = beta_start + i (beta_end - beta_start) / (T - 1) (Ho et al. 2020, DDPM §4);
 * - betas "scaled_linear": beta_i = (sqrt(beta_start) + i (sqrt(beta_end) - sqrt(beta_start)) / (T - 1))^2
 *   (the latent-diffusion schedule, Rombach et al. 2022; SD uses 0.00085 .. 0.012 over T = 1000);
 * - betas "squaredcos_cap_v2": beta_i = min(1 - abar((i+1)/T) / abar(i/T), 0.999),
 *   abar(t) = cos((t + 0.008) / 1.008 * pi/2)^2 (Nichol & Dhariwal 2021, eq. 17);
 * - alphas_cumprod_t = prod_{i<=t} (1 - beta_i);  sigma_t = sqrt((1 - alphas_cumprod_t) / alphas_cumprod_t)
 *   (Karras et al. 2022, the variance-exploding view Euler samplers work in).
 */

export type BetaSchedule = 'linear' | 'scaled_linear' | 'squaredcos_cap_v2';
export type PredictionType = 'epsilon' | 'v_prediction' | 'sample';
/** How inference timesteps are picked from the T training steps (Lin et al. 2024, "Common Diffusion Noise Schedules and Sample Steps are Flawed", Table 2). */
export type TimestepSpacing = 'leading' | 'trailing' | 'linspace';

/** scheduler_config.json, with the fields this engine reads, in our names. */
export interface NoiseScheduleConfig {
  /** `_class_name`, e.g. EulerDiscreteScheduler, as the model ships it. */
  className: string;
  numTrainTimesteps: number;
  betaStart: number;
  betaEnd: number;
  betaSchedule: BetaSchedule;
  /** `trained_betas`: explicit betas, overriding the schedule when present. */
  trainedBetas?: readonly number[];
  predictionType: PredictionType;
  /** Undefined when the file does not say: each scheduler then uses its own diffusers default. */
  timestepSpacing?: TimestepSpacing;
  stepsOffset: number;
  /** DDIM/LCM: alphas_cumprod "before" step 0 is 1 (true) or alphas_cumprod[0] (false). */
  setAlphaToOne?: boolean;
  clipSample?: boolean;
  clipSampleRange: number;
  /** LCM: the distillation schedule's length (`original_inference_steps`, 50 in LCM releases). */
  originalInferenceSteps: number;
  /** LCM: c_skip/c_out are computed at timestep * timestep_scaling (10 in LCM releases). */
  timestepScaling: number;
}

export function betas(config: NoiseScheduleConfig): Float64Array {
  const n = config.numTrainTimesteps;
  if (config.trainedBetas) return Float64Array.from(config.trainedBetas);
  const out = new Float64Array(n);
  const ramp = (a: number, b: number, i: number) => (n === 1 ? a : a + ((b - a) * i) / (n - 1));
  switch (config.betaSchedule) {
    case 'linear':
      for (let i = 0; i < n; i++) out[i] = ramp(config.betaStart, config.betaEnd, i);
      break;
    case 'scaled_linear':
      for (let i = 0; i < n; i++)
        out[i] = ramp(Math.sqrt(config.betaStart), Math.sqrt(config.betaEnd), i) ** 2;
      break;
    case 'squaredcos_cap_v2': {
      const abar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
      for (let i = 0; i < n; i++) out[i] = Math.min(1 - abar((i + 1) / n) / abar(i / n), 0.999);
      break;
    }
  }
  return out;
}

export function alphasCumprod(config: NoiseScheduleConfig): Float64Array {
  const b = betas(config);
  const out = new Float64Array(b.length);
  let acc = 1;
  for (let i = 0; i < b.length; i++) {
    acc *= 1 - b[i];
    out[i] = acc;
  }
  return out;
}

/** sigma_t = sqrt((1 - abar_t) / abar_t) for every training timestep. */
export function trainingSigmas(alphasCumprodT: Float64Array): Float64Array {
  return alphasCumprodT.map((a) => Math.sqrt((1 - a) / a));
}

/**
 * The inference timesteps, descending, as diffusers' set_timesteps computes them:
 * - linspace: linspace(0, T-1, n) reversed (may be fractional);
 * - leading:  (0, r, 2r, ...) * with r = floor(T / n), reversed, + steps_offset;
 * - trailing: round(T, T - T/n, ..., T/n) - 1 (so the first is always T - 1, what Turbo models need).
 */
export function inferenceTimesteps(
  numTrainTimesteps: number,
  steps: number,
  spacing: TimestepSpacing,
  stepsOffset: number,
): number[] {
  const t = numTrainTimesteps;
  const out: number[] = [];
  switch (spacing) {
    case 'linspace':
      for (let i = steps - 1; i >= 0; i--) out.push(steps === 1 ? 0 : ((t - 1) * i) / (steps - 1));
      break;
    case 'leading': {
      const ratio = Math.floor(t / steps);
      for (let i = steps - 1; i >= 0; i--) out.push(i * ratio + stepsOffset);
      break;
    }
    case 'trailing': {
      const ratio = t / steps;
      for (let i = 0; i < steps; i++) out.push(roundHalfEven(t - i * ratio) - 1);
      break;
    }
  }
  return out;
}

/** numpy's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** np.interp(x, [0, 1, ..., n-1], values): piecewise-linear lookup at a fractional index. */
export function interpolateAt(values: Float64Array, x: number): number {
  if (x <= 0) return values[0];
  if (x >= values.length - 1) return values[values.length - 1];
  const i = Math.floor(x);
  const f = x - i;
  return values[i] * (1 - f) + values[i + 1] * f;
}

/**
 * img2img's cut of the schedule (diffusers StableDiffusionImg2ImgPipeline.get_timesteps): with
 * `strength` s of n steps, the last floor(n s) steps run, starting from the init image noised to the
 * first of them. Returns the index of the first step to run.
 */
export function strengthStartIndex(steps: number, strength: number): number {
  const init = Math.min(Math.floor(steps * strength), steps);
  return Math.max(steps - init, 0);
}
