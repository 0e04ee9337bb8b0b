/** The samplers this engine implements; a model's own scheduler class maps onto one of them. */
export const SCHEDULER_NAMES = ['euler', 'euler-ancestral', 'ddim', 'lcm'] as const;
export type SchedulerName = (typeof SCHEDULER_NAMES)[number];

/**
 * One sampling run's schedule, stepping latents in place (Float32Array, any layout: the update is
 * element-wise). Index i runs 0 .. timesteps.length-1; `timesteps[i]` is what the UNet is given.
 */
export interface DiffusionScheduler {
  readonly name: SchedulerName;
  /** UNet timesteps, in the order they run (after any img2img cut). */
  readonly timesteps: readonly number[];
  /** Standard deviation of the starting noise: latents = noise * initNoiseSigma for text-to-image. */
  readonly initNoiseSigma: number;
  /** What the latents are multiplied by before the UNet at step i (diffusers scale_model_input). */
  modelInputScale(i: number): number;
  /** True when step i consumes fresh Gaussian noise (ancestral sampling, LCM between steps). */
  stepNeedsNoise(i: number): boolean;
  /**
   * Advances `sample` from step i to step i+1 in place, given the UNet's output (already guided).
   * `noise` is required when stepNeedsNoise(i).
   */
  step(modelOutput: Float32Array, i: number, sample: Float32Array, noise?: Float32Array): void;
  /** Writes `original` noised to the level of step i into `out` (img2img starting point, inpaint blending). */
  addNoise(original: Float32Array, noise: Float32Array, i: number, out: Float32Array): void;
}

/** What a sampling run is asked for. */
export interface SchedulerRequest {
  steps: number;
  /** img2img strength in (0, 1]; 1 (text-to-image) runs every step from pure noise. */
  strength?: number;
}
