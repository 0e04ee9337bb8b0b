import { DdimScheduler } from './ddim.scheduler';
import { EulerScheduler } from './euler.scheduler';
import { guidanceScaleEmbedding, LcmScheduler } from './lcm.scheduler';
import { alphasCumprod, betas, inferenceTimesteps, NoiseScheduleConfig } from './noise-schedule';
import {
  createScheduler,
  parseSchedulerConfig,
  schedulerForClass,
  SchedulerConfigError,
} from './scheduler.factory';

// Every expected number here is computed in this file from the published formulas, written out
// plainly and independently of the implementation's helpers:
//   scaled_linear betas (Rombach et al. 2022; SD's scheduler_config.json: beta_start 0.00085,
//   beta_end 0.012, num_train_timesteps 1000), alphas_cumprod = prod(1 - beta),
//   sigma = sqrt((1 - abar) / abar) (Karras et al. 2022), the diffusers set_timesteps spacings
//   (Lin et al. 2024, Table 2), Euler / Euler ancestral (Karras et al. 2022, Alg. 2; k-diffusion),
//   DDIM (Song et al. 2021, eq. 12), LCM (Luo et al. 2023, Alg. 3).
// Two published anchors tie them to the real models: SD's sigma range is 0.0292 .. 14.6146 (the
// sigma_min / sigma_max that k-diffusion and ComfyUI use for SD 1.x/2.x).

const SD_CONFIG_JSON = {
  _class_name: 'EulerDiscreteScheduler',
  num_train_timesteps: 1000,
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  prediction_type: 'epsilon',
  steps_offset: 1,
  timestep_spacing: 'trailing',
  set_alpha_to_one: false,
  clip_sample: false,
};
const sd = (over: Record<string, unknown> = {}): NoiseScheduleConfig =>
  parseSchedulerConfig({ ...SD_CONFIG_JSON, ...over });

/** abar_t by the formula, in float64, one multiplication at a time. */
const ABAR: number[] = (() => {
  const out: number[] = [];
  let acc = 1;
  const lo = Math.sqrt(0.00085);
  const hi = Math.sqrt(0.012);
  for (let i = 0; i < 1000; i++) {
    const beta = (lo + (i * (hi - lo)) / 999) ** 2;
    acc *= 1 - beta;
    out.push(acc);
  }
  return out;
})();
const sigma = (t: number) => Math.sqrt((1 - ABAR[t]) / ABAR[t]);
const f32 = (...v: number[]) => Float32Array.from(v);

function expectClose(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
}

describe('noise schedule', () => {
  it('scaled_linear: alphas_cumprod and sigmas as the formulas give, within SD published sigma range', () => {
    const a = alphasCumprod(sd());
    expect(a[0]).toBeCloseTo(1 - 0.00085, 12);
    [1, 250, 500, 999].forEach((t) => expect(a[t]).toBeCloseTo(ABAR[t], 12));
    expect(sigma(999)).toBeCloseTo(14.6146, 3);
    expect(sigma(0)).toBeCloseTo(0.0292, 4);
  });

  it('linear and squaredcos_cap_v2 betas', () => {
    const lin = betas(sd({ beta_schedule: 'linear', beta_start: 0.0001, beta_end: 0.02 }));
    expect(lin[0]).toBeCloseTo(0.0001, 12);
    expect(lin[999]).toBeCloseTo(0.02, 12);
    expect(lin[500]).toBeCloseTo(0.0001 + (500 * (0.02 - 0.0001)) / 999, 12);
    const cos = betas(sd({ beta_schedule: 'squaredcos_cap_v2' }));
    const abar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(cos[0]).toBeCloseTo(1 - abar(1 / 1000) / abar(0), 12);
    expect(cos[999]).toBe(0.999); // capped
  });

  it('timestep spacings as diffusers set_timesteps computes them', () => {
    // trailing: round(arange(1000, 0, -1000/n)) - 1
    expect(inferenceTimesteps(1000, 1, 'trailing', 1)).toEqual([999]);
    expect(inferenceTimesteps(1000, 4, 'trailing', 1)).toEqual([999, 749, 499, 249]);
    expect(inferenceTimesteps(1000, 3, 'trailing', 0)).toEqual([999, 666, 332]); // 1000, 666.67, 333.33 rounded
    // leading: arange(0, n) * (1000 // n), reversed, + steps_offset
    expect(inferenceTimesteps(1000, 4, 'leading', 1)).toEqual([751, 501, 251, 1]);
    const ddim50 = inferenceTimesteps(1000, 50, 'leading', 1);
    expect([ddim50[0], ddim50[1], ddim50[49]]).toEqual([981, 961, 1]);
    // linspace: linspace(0, 999, n) reversed
    expect(inferenceTimesteps(1000, 4, 'linspace', 1)).toEqual([999, 666, 333, 0]);
    expect(inferenceTimesteps(1000, 3, 'linspace', 0)).toEqual([999, 499.5, 0]);
  });
});

describe('EulerScheduler', () => {
  it('Turbo, 1 step (trailing): starts at sigma_999 and steps straight to x0', () => {
    const s = new EulerScheduler(sd(), { steps: 1 }, false);
    expect(s.timesteps).toEqual([999]);
    expect(s.initNoiseSigma).toBeCloseTo(sigma(999), 9);
    expect(s.modelInputScale(0)).toBeCloseTo(1 / Math.sqrt(sigma(999) ** 2 + 1), 9);
    const x = f32(3, -7.5);
    const eps = f32(0.2, -0.5);
    s.step(eps, 0, x);
    // x' = x + (0 - sigma) * eps = x - sigma eps = x0
    expectClose(x, [3 - sigma(999) * 0.2, -7.5 + sigma(999) * 0.5], 4);
  });

  it('4 steps: sigmas at 999/749/499/249 and x + (sigma_next - sigma) eps', () => {
    const s = new EulerScheduler(sd(), { steps: 4 }, false);
    expectClose(s.sigmas, [sigma(999), sigma(749), sigma(499), sigma(249), 0], 9);
    const x = f32(1, 2);
    s.step(f32(0.5, -1), 1, x);
    const dt = sigma(499) - sigma(749);
    expectClose(x, [1 + 0.5 * dt, 2 - dt], 5);
  });

  it('linspace interpolates sigmas at fractional timesteps and starts from the largest sigma', () => {
    const s = new EulerScheduler(sd({ timestep_spacing: 'linspace' }), { steps: 3 }, false);
    expect(s.sigmas[1]).toBeCloseTo((sigma(499) + sigma(500)) / 2, 9);
    expect(s.initNoiseSigma).toBeCloseTo(sigma(999), 9);
  });

  it('leading: starts from sqrt(sigma_max^2 + 1)', () => {
    const s = new EulerScheduler(sd({ timestep_spacing: 'leading' }), { steps: 4 }, false);
    expect(s.timesteps).toEqual([751, 501, 251, 1]);
    expect(s.initNoiseSigma).toBeCloseTo(Math.sqrt(sigma(751) ** 2 + 1), 9);
  });

  it('v-prediction: x0 = v (-sigma / sqrt(sigma^2+1)) + x / (sigma^2+1)', () => {
    const s = new EulerScheduler(sd({ prediction_type: 'v_prediction' }), { steps: 1 }, false);
    const sg = sigma(999);
    const x = f32(2);
    s.step(f32(0.3), 0, x);
    expect(x[0]).toBeCloseTo(0.3 * (-sg / Math.sqrt(sg * sg + 1)) + 2 / (sg * sg + 1), 5);
  });

  it('ancestral: steps to sigma_down and adds sigma_up of fresh noise; none on the last step', () => {
    const s = new EulerScheduler(sd(), { steps: 2 }, true);
    const [s0, s1] = [sigma(999), sigma(499)];
    const up = Math.sqrt((s1 * s1 * (s0 * s0 - s1 * s1)) / (s0 * s0));
    const down = Math.sqrt(s1 * s1 - up * up);
    expect(s.stepNeedsNoise(0)).toBe(true);
    expect(s.stepNeedsNoise(1)).toBe(false);
    const x = f32(4);
    s.step(f32(0.25), 0, x, f32(-1.5));
    expect(x[0]).toBeCloseTo(4 + 0.25 * (down - s0) - 1.5 * up, 4);
    expect(() => s.step(f32(0.25), 0, f32(1))).toThrow(/needs noise/);
  });

  it('img2img strength cuts the schedule and noises the init latents to the first kept sigma', () => {
    const s = new EulerScheduler(sd(), { steps: 4, strength: 0.5 }, false);
    expect(s.timesteps).toEqual([499, 249]);
    const out = new Float32Array(1);
    s.addNoise(f32(0.5), f32(2), 0, out);
    expect(out[0]).toBeCloseTo(0.5 + 2 * sigma(499), 5);
  });
});

describe('DdimScheduler', () => {
  const ddimConfig = sd({ _class_name: 'DDIMScheduler', timestep_spacing: 'leading' });

  it('one eta=0 step: sqrt(a_prev) x0 + sqrt(1 - a_prev) eps with prev = t - 1000/n', () => {
    const s = new DdimScheduler(ddimConfig, { steps: 50 });
    expect(s.timesteps[0]).toBe(981);
    const [at, ap] = [ABAR[981], ABAR[961]];
    const x = f32(1.5);
    s.step(f32(0.4), 0, x);
    const x0 = (1.5 - Math.sqrt(1 - at) * 0.4) / Math.sqrt(at);
    expect(x[0]).toBeCloseTo(Math.sqrt(ap) * x0 + Math.sqrt(1 - ap) * 0.4, 5);
  });

  it('the last step lands on x0 with set_alpha_to_one, or on a_0 without', () => {
    const last = (setAlphaToOne: boolean) => {
      const s = new DdimScheduler({ ...ddimConfig, setAlphaToOne }, { steps: 50 });
      const x = f32(0.8);
      s.step(f32(0.1), 49, x); // t = 1, prev = -19
      return x[0];
    };
    const x0 = (0.8 - Math.sqrt(1 - ABAR[1]) * 0.1) / Math.sqrt(ABAR[1]);
    expect(last(true)).toBeCloseTo(x0, 5);
    expect(last(false)).toBeCloseTo(Math.sqrt(ABAR[0]) * x0 + Math.sqrt(1 - ABAR[0]) * 0.1, 5);
  });

  it('v-prediction and clip_sample', () => {
    const s = new DdimScheduler({ ...ddimConfig, predictionType: 'v_prediction' }, { steps: 50 });
    const [at, ap] = [ABAR[981], ABAR[961]];
    const x = f32(1.5);
    s.step(f32(0.4), 0, x);
    const x0 = Math.sqrt(at) * 1.5 - Math.sqrt(1 - at) * 0.4;
    const eps = Math.sqrt(at) * 0.4 + Math.sqrt(1 - at) * 1.5;
    expect(x[0]).toBeCloseTo(Math.sqrt(ap) * x0 + Math.sqrt(1 - ap) * eps, 5);
    const clipped = new DdimScheduler({ ...ddimConfig, clipSample: true }, { steps: 50 });
    const y = f32(1.5);
    clipped.step(f32(-3), 0, y); // x0 far above 1 -> clipped to 1, eps kept
    expect(y[0]).toBeCloseTo(Math.sqrt(ap) * 1 + Math.sqrt(1 - ap) * -3, 5);
  });

  it('adds noise as sqrt(a_t) x + sqrt(1 - a_t) z', () => {
    const s = new DdimScheduler(ddimConfig, { steps: 10, strength: 0.3 });
    expect(s.timesteps).toEqual([201, 101, 1]);
    const out = new Float32Array(1);
    s.addNoise(f32(0.5), f32(-1), 0, out);
    expect(out[0]).toBeCloseTo(Math.sqrt(ABAR[201]) * 0.5 - Math.sqrt(1 - ABAR[201]), 5);
  });
});

describe('LcmScheduler', () => {
  const lcm = sd({
    _class_name: 'LCMScheduler',
    original_inference_steps: 50,
    timestep_scaling: 10,
    set_alpha_to_one: true,
  });

  it('timesteps from the 50-step distillation schedule', () => {
    // origin = 19, 39, ..., 999 reversed; indices floor(linspace(0, 50, n, endpoint=False))
    expect(new LcmScheduler(lcm, { steps: 1 }).timesteps).toEqual([999]);
    expect(new LcmScheduler(lcm, { steps: 2 }).timesteps).toEqual([999, 499]);
    expect(new LcmScheduler(lcm, { steps: 4 }).timesteps).toEqual([999, 759, 499, 259]);
    // strength 0.5 keeps the first 25 of the origin: 499 .. 19, indices 0, 6, 12, 18
    expect(new LcmScheduler(lcm, { steps: 4, strength: 0.5 }).timesteps).toEqual([499, 379, 259, 139]);
    expect(() => new LcmScheduler(lcm, { steps: 60 })).toThrow(/60 steps/);
  });

  it('one step: c_out x0 + c_skip x, then re-noised to the next timestep; the last returns denoised', () => {
    const s = new LcmScheduler(lcm, { steps: 2 });
    const t = 999;
    const scaled = t * 10;
    const cSkip = 0.25 / (scaled * scaled + 0.25);
    const cOut = scaled / Math.sqrt(scaled * scaled + 0.25);
    const x0 = (2 - Math.sqrt(1 - ABAR[t]) * 0.7) / Math.sqrt(ABAR[t]);
    const denoised = cOut * x0 + cSkip * 2;
    const x = f32(2);
    s.step(f32(0.7), 0, x, f32(0.5));
    expect(x[0]).toBeCloseTo(Math.sqrt(ABAR[499]) * denoised + Math.sqrt(1 - ABAR[499]) * 0.5, 4);
    const last = f32(0.3);
    s.step(f32(0.1), 1, last);
    const t1 = 499 * 10;
    const d1 =
      (t1 / Math.sqrt(t1 * t1 + 0.25)) * ((0.3 - Math.sqrt(1 - ABAR[499]) * 0.1) / Math.sqrt(ABAR[499])) +
      (0.25 / (t1 * t1 + 0.25)) * 0.3;
    expect(last[0]).toBeCloseTo(d1, 5);
    expect(s.stepNeedsNoise(0)).toBe(true);
    expect(s.stepNeedsNoise(1)).toBe(false);
  });

  it('boundary scalings at timestep_scaling 10 (c_skip -> 1 and c_out -> 0 as t -> 0)', () => {
    const s = new LcmScheduler(lcm, { steps: 4 });
    const at = (t: number) => ({
      cSkip: 0.25 / ((10 * t) ** 2 + 0.25),
      cOut: (10 * t) / Math.sqrt((10 * t) ** 2 + 0.25),
    });
    for (const t of [0, 1, 19]) {
      expect(s.boundaryScalings(t).cSkip).toBeCloseTo(at(t).cSkip, 9);
      expect(s.boundaryScalings(t).cOut).toBeCloseTo(at(t).cOut, 9);
    }
    expect(s.boundaryScalings(0)).toEqual({ cSkip: 1, cOut: 0 });
  });

  it('guidance embedding: sin/cos of 1000 w at frequencies 10000^(-j/(h-1))', () => {
    const e = guidanceScaleEmbedding(7.5, 256);
    expect(e).toHaveLength(256);
    expect(e[0]).toBeCloseTo(Math.sin(7500), 3);
    expect(e[128]).toBeCloseTo(Math.cos(7500), 3);
    expect(e[127]).toBeCloseTo(Math.sin(7500 / 10000), 6);
    expect(e[255]).toBeCloseTo(Math.cos(7500 / 10000), 6);
    expect(e[10]).toBeCloseTo(Math.sin(7500 * Math.exp((-10 * Math.log(10000)) / 127)), 3);
    expect(guidanceScaleEmbedding(0, 4)).toEqual(Float32Array.from([0, 0, 1, 1]));
  });
});

describe('scheduler config', () => {
  it('maps the model class to a sampler; unknown classes run Euler', () => {
    expect(schedulerForClass('EulerAncestralDiscreteScheduler')).toEqual({
      name: 'euler-ancestral',
      exact: true,
    });
    expect(schedulerForClass('PNDMScheduler')).toEqual({ name: 'euler', exact: false });
    expect(createScheduler('lcm', sd(), { steps: 4 }).name).toBe('lcm');
  });

  it('names the field at fault', () => {
    const field = (raw: unknown) => {
      try {
        parseSchedulerConfig(raw);
        return 'none';
      } catch (e) {
        return (e as SchedulerConfigError).field + ': ' + (e as Error).message;
      }
    };
    expect(field({ beta_schedule: 'sigmoid' })).toBe(
      'beta_schedule: beta_schedule "sigmoid" is not supported (supported: linear, scaled_linear, squaredcos_cap_v2)',
    );
    expect(field({ num_train_timesteps: -3 })).toMatch(/^num_train_timesteps: /);
    expect(field({ trained_betas: [0.1] })).toMatch(/^trained_betas: /);
    expect(field({ rescale_betas_zero_snr: true })).toMatch(/^rescale_betas_zero_snr: /);
    expect(field(SD_CONFIG_JSON)).toBe('none');
  });
});
