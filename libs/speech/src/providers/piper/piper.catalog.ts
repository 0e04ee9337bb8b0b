import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import type { VoiceInfo } from '../../speech.types';
import { parsePiperConfig, type PiperVoiceConfig } from './piper.config';

/** A voice found in the voices folder: `<name>.onnx` with its `<name>.onnx.json`. */
export interface PiperVoiceFile {
  name: string;
  model: string;
  config: PiperVoiceConfig;
}

/** Model names a voice id may use: what Piper's published voices look like (`en_US-lessac-medium`). */
const NAME = /^[A-Za-z0-9_-]{1,80}$/u;

/**
 * The Piper voices in a folder, read from their configs (the models are opened only to speak). A
 * model without a valid config is left out and reported in `problems`, so one bad file does not hide
 * the others.
 */
export async function scanPiperVoices(
  dir: string,
): Promise<{ voices: PiperVoiceFile[]; problems: string[] }> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.SpeechNotConfigured,
      `The Piper voices folder ${dir} cannot be read: ${(e as Error).message}`,
      {
        path: dir,
        cause: e,
      },
    );
  }
  const voices: PiperVoiceFile[] = [];
  const problems: string[] = [];
  for (const file of entries.filter((f) => f.endsWith('.onnx')).sort()) {
    const name = file.slice(0, -'.onnx'.length);
    if (!NAME.test(name)) {
      problems.push(`${file}: the name may only use A-Z a-z 0-9 _ - (it becomes the voice id)`);
      continue;
    }
    const configFile = path.join(dir, `${file}.json`);
    try {
      const json = JSON.parse(await fs.readFile(configFile, 'utf8')) as unknown;
      voices.push({ name, model: path.join(dir, file), config: parsePiperConfig(json, `${file}.json`) });
    } catch (e) {
      problems.push(
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? `${file}: no ${file}.json beside it`
          : `${file}.json: ${(e as Error).message}`,
      );
    }
  }
  return { voices, problems };
}

/** Catalogue entries: one per model, or one per speaker of a multi-speaker model (`name+speaker`). */
export function piperVoiceInfos(files: readonly PiperVoiceFile[]): VoiceInfo[] {
  return files.flatMap((v) => {
    const languages = [v.config.language ?? v.config.espeakVoice];
    const base = { provider: 'piper', languages, kind: 'neural' as const };
    if (v.config.numSpeakers <= 1) return [{ ...base, id: v.name, name: v.name }];
    const named = Object.entries(v.config.speakerIdMap);
    const speakers = named.length
      ? named.map(([speaker, sid]) => ({ label: NAME.test(speaker) ? speaker : String(sid), speaker }))
      : Array.from({ length: v.config.numSpeakers }, (_, sid) => ({
          label: String(sid),
          speaker: String(sid),
        }));
    return speakers.map((s) => ({ ...base, id: `${v.name}+${s.label}`, name: `${v.name} (${s.speaker})` }));
  });
}

/**
 * The model and speaker a voice id names: `name` or `name+speaker` (a speaker name from the
 * config's speaker_id_map, or a speaker number). Throws SPEECH_VOICE_UNKNOWN listing what there is.
 */
export function resolvePiperVoice(
  files: readonly PiperVoiceFile[],
  voice: string,
): { file: PiperVoiceFile; speaker?: number } {
  const [name, speaker] = voice.split('+', 2);
  const file = files.find((f) => f.name === name);
  const known = (): string =>
    piperVoiceInfos(files)
      .map((v) => v.id)
      .join(', ') || 'none';
  if (!file) {
    throw new ClipwrightError(
      ErrorCode.SpeechVoiceUnknown,
      `No Piper voice "${name}"; the voices folder has: ${known()}`,
      {
        path: 'voice',
      },
    );
  }
  if (file.config.numSpeakers <= 1) {
    if (speaker !== undefined) {
      throw new ClipwrightError(
        ErrorCode.SpeechVoiceUnknown,
        `The Piper voice "${name}" has one speaker; drop "+${speaker}"`,
        {
          path: 'voice',
        },
      );
    }
    return { file };
  }
  if (speaker === undefined) return { file, speaker: 0 };
  const byName = file.config.speakerIdMap[speaker];
  const sid = byName ?? (/^\d+$/u.test(speaker) ? Number(speaker) : NaN);
  if (!Number.isInteger(sid) || sid < 0 || sid >= file.config.numSpeakers) {
    throw new ClipwrightError(
      ErrorCode.SpeechVoiceUnknown,
      `The Piper voice "${name}" has no speaker "${speaker}"; it has: ${known()}`,
      {
        path: 'voice',
      },
    );
  }
  return { file, speaker: sid };
}
