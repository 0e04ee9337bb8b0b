import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import type { AzureSettings } from './azure/azure.client';
import { DEFAULT_RETRY, type RetryPolicy } from './cloud.retry';
import type { PollySettings } from './polly/polly.provider';

/**
 * Every voice provider's settings, read once at the edge (CLI, API, worker) from the environment
 * (docs/conventions.md §8); the providers take them in their constructors and never read the
 * environment themselves. A provider without its settings is listed as not configured.
 */
export interface SpeechConfig {
  /** ESPEAK_PATH, default `espeak-ng`. */
  espeakBinary: string;
  /** PIPER_VOICES_DIR: a folder of Piper voices (`.onnx` + `.onnx.json`). */
  piperVoicesDir?: string;
  /** AZURE_SPEECH_KEY + AZURE_SPEECH_REGION (and AZURE_SPEECH_ENDPOINT for a container or sovereign cloud). */
  azure?: AzureSettings;
  /** POLLY_REGION, with AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) or the SDK's default chain. */
  polly?: PollySettings;
  /** SPEECH_RETRY_ATTEMPTS: calls to a cloud voice in all for one reading (default 3). */
  retry: RetryPolicy;
}

type Env = Record<string, string | undefined>;

function bad(variable: string, message: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.InvalidArgument, `${variable} ${message}`, { path: variable });
}

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * The speech settings from environment variables (`env` is passed in, e.g. `process.env`). Throws
 * INVALID_ARGUMENT whose `path` is the variable at fault, so a service refuses to start on it.
 */
export function speechConfigFromEnv(env: Env, cwd = process.cwd()): SpeechConfig {
  const config: SpeechConfig = {
    espeakBinary: value(env, 'ESPEAK_PATH') ?? 'espeak-ng',
    retry: { ...DEFAULT_RETRY },
  };
  const piper = value(env, 'PIPER_VOICES_DIR');
  if (piper) config.piperVoicesDir = path.resolve(cwd, piper);

  const key = value(env, 'AZURE_SPEECH_KEY');
  const region = value(env, 'AZURE_SPEECH_REGION');
  const endpoint = value(env, 'AZURE_SPEECH_ENDPOINT');
  if (key || region || endpoint) {
    if (!key)
      throw bad('AZURE_SPEECH_KEY', 'is required when AZURE_SPEECH_REGION or AZURE_SPEECH_ENDPOINT is set');
    if (!region)
      throw bad(
        'AZURE_SPEECH_REGION',
        'is required with AZURE_SPEECH_KEY (the Speech resource region, e.g. westeurope)',
      );
    if (!/^[a-z0-9]{2,40}$/u.test(region)) {
      throw bad(
        'AZURE_SPEECH_REGION',
        `must be an Azure region name such as westeurope or eastus, not "${region}"`,
      );
    }
    if (endpoint && !/^wss?:\/\/[^\s]+$/u.test(endpoint)) {
      throw bad('AZURE_SPEECH_ENDPOINT', 'must be a ws:// or wss:// URL');
    }
    config.azure = { key, region, ...(endpoint ? { endpoint } : {}) };
  }

  const pollyRegion = value(env, 'POLLY_REGION');
  const accessKeyId = value(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = value(env, 'AWS_SECRET_ACCESS_KEY');
  if (pollyRegion) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/u.test(pollyRegion)) {
      throw bad('POLLY_REGION', `must be an AWS region such as eu-west-1, not "${pollyRegion}"`);
    }
    if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
      throw bad(
        accessKeyId ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID',
        'must be set together with its pair',
      );
    }
    const sessionToken = value(env, 'AWS_SESSION_TOKEN');
    config.polly = {
      region: pollyRegion,
      ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : {}),
      ...(sessionToken ? { sessionToken } : {}),
    };
  }

  const attempts = value(env, 'SPEECH_RETRY_ATTEMPTS');
  if (attempts !== undefined) {
    if (!/^\d+$/u.test(attempts) || Number(attempts) < 1 || Number(attempts) > 10) {
      throw bad('SPEECH_RETRY_ATTEMPTS', `must be a whole number from 1 to 10, not "${attempts}"`);
    }
    config.retry.attempts = Number(attempts);
  }
  return config;
}
