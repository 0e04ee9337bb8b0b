import { alphasCumprod, NoiseScheduleConfig } from './noise-schedule';

/**
 * What DDIM and LCM share: they work in alpha space (no input scaling, unit starting noise) and
 * noise a clean latent as DDPM does, x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) z (Ho et al. 2020, eq. 4).
 */
export abstract class AlphaScheduler {
  readonly initNoiseSigma = 1;
  abstract readonly timesteps: readonly number[];
  protected readonly a: Float64Array;
  /** abar "before" step 0: 1 with set_alpha_to_one (the default), else abar_0. */
  protected readonly finalAlpha: number;

  constructor(protected readonly config: NoiseScheduleConfig) {
    this.a = alphasCumprod(config);
    this.finalAlpha = (config.setAlphaToOne ?? true) ? 1 : this.a[0];
  }

  /** abar_t, or the final value for a timestep below 0. */
  protected alphaAt(t: number): number {
    return t >= 0 ? this.a[t] : this.finalAlpha;
  }

  modelInputScale(): number {
    return 1;
  }

  addNoise(original: Float32Array, noise: Float32Array, i: number, out: Float32Array): void {
    const at = this.a[this.timesteps[i]];
    const sa = Math.sqrt(at);
    const sb = Math.sqrt(1 - at);
    for (let k = 0; k < out.length; k++) out[k] = sa * original[k] + sb * noise[k];
  }
}
