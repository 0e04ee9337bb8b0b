import { DdimScheduler } from './ddim.scheduler';
import { EulerScheduler } from './euler.scheduler';
import { LcmScheduler } from './lcm.scheduler';
import { BetaSchedule, NoiseScheduleConfig, PredictionType, TimestepSpacing } from './noise-schedule';
import { DiffusionScheduler, SchedulerName, SchedulerRequest } from './scheduler.types';

const BETA_SCHEDULES: readonly BetaSchedule[] = ['linear', 'scaled_linear', 'squaredcos_cap_v2'];
const PREDICTION_TYPES: readonly PredictionType[] = ['epsilon', 'v_prediction', 'sample'];
const SPACINGS: readonly TimestepSpacing[] = ['leading', 'trailing', 'linspace'];

/** Which of our samplers runs a model whose config names `className`. */
const CLASS_TO_SCHEDULER: Readonly<Record<string, SchedulerName>> = {
  EulerDiscreteScheduler: 'euler',
  EulerAncestralDiscreteScheduler: 'euler-ancestral',
  DDIMScheduler: 'ddim',
  LCMScheduler: 'lcm',
};

/**
 * The sampler a model's scheduler_config.json asks for. Classes we do not implement (SD 1.5 ships
 * PNDMScheduler, SD 2.1 DPMSolverMultistepScheduler) run with Euler on the same noise schedule, which
 * these models sample well with; `exact` says whether that substitution happened.
 */
export function schedulerForClass(className: string): { name: SchedulerName; exact: boolean } {
  const name = CLASS_TO_SCHEDULER[className];
  return name ? { name, exact: true } : { name: 'euler', exact: false };
}

/** A problem in scheduler_config.json: the field's name and why. */
export class SchedulerConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function num(raw: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new SchedulerConfigError(
      key,
      `${key} must be a number from ${min} to ${max}, not ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function oneOf<T extends string>(
  raw: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  fallback: T | undefined,
): T | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new SchedulerConfigError(
      key,
      `${key} ${JSON.stringify(v)} is not supported (supported: ${allowed.join(', ')})`,
    );
  }
  return v as T;
}

function bool(raw: Record<string, unknown>, key: string): boolean | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new SchedulerConfigError(key, `${key} must be true or false`);
  return v;
}

/**
 * Reads scheduler_config.json (diffusers' ConfigMixin JSON). Absent fields take diffusers' class
 * defaults. @throws SchedulerConfigError naming the field at fault.
 */
export function parseSchedulerConfig(raw: unknown): NoiseScheduleConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new SchedulerConfigError('', 'is not a JSON object');
  const r = raw as Record<string, unknown>;
  const className = typeof r._class_name === 'string' ? r._class_name : '';
  const numTrainTimesteps = Math.round(num(r, 'num_train_timesteps', 1000, 2, 100000));
  let trainedBetas: number[] | undefined;
  if (Array.isArray(r.trained_betas)) {
    trainedBetas = r.trained_betas.map((b) => (typeof b === 'number' && b > 0 && b < 1 ? b : NaN));
    if (trainedBetas.some(Number.isNaN) || trainedBetas.length !== numTrainTimesteps) {
      throw new SchedulerConfigError(
        'trained_betas',
        `trained_betas must be ${numTrainTimesteps} numbers in (0, 1)`,
      );
    }
  }
  if (bool(r, 'rescale_betas_zero_snr')) {
    throw new SchedulerConfigError('rescale_betas_zero_snr', 'rescale_betas_zero_snr is not supported');
  }
  return {
    className,
    numTrainTimesteps,
    betaStart: num(r, 'beta_start', 0.0001, 0, 1),
    betaEnd: num(r, 'beta_end', 0.02, 0, 1),
    betaSchedule: oneOf(r, 'beta_schedule', BETA_SCHEDULES, 'linear')!,
    ...(trainedBetas ? { trainedBetas } : {}),
    predictionType: oneOf(r, 'prediction_type', PREDICTION_TYPES, 'epsilon')!,
    timestepSpacing: oneOf(r, 'timestep_spacing', SPACINGS, undefined),
    stepsOffset: Math.round(num(r, 'steps_offset', 0, 0, numTrainTimesteps)),
    setAlphaToOne: bool(r, 'set_alpha_to_one'),
    clipSample: bool(r, 'clip_sample'),
    clipSampleRange: num(r, 'clip_sample_range', 1, 0, 1e6),
    originalInferenceSteps: Math.round(num(r, 'original_inference_steps', 50, 1, numTrainTimesteps)),
    timestepScaling: num(r, 'timestep_scaling', 10, 0, 1e6),
  };
}

/** A fresh sampling run. @throws RangeError when the steps cannot be cut from the schedule (LCM). */
export function createScheduler(
  name: SchedulerName,
  config: NoiseScheduleConfig,
  request: SchedulerRequest,
): DiffusionScheduler {
  switch (name) {
    case 'euler':
      return new EulerScheduler(config, request, false);
    case 'euler-ancestral':
      return new EulerScheduler(config, request, true);
    case 'ddim':
      return new DdimScheduler(config, request);
    case 'lcm':
      return new LcmScheduler(config, request);
  }
}
