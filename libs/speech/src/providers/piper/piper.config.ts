import { ClipwrightError, ErrorCode } from '@app/core';

/** Piper's special symbols (piper `const.py`): padding between phonemes, beginning and end of sentence. */
export const PIPER_PAD = '_';
export const PIPER_BOS = '^';
export const PIPER_EOS = '$';

/** Piper's defaults when a voice's config leaves them out (piper `config.py`). */
export const PIPER_DEFAULTS = { noiseScale: 0.667, lengthScale: 1, noiseW: 0.8, hopLength: 256 } as const;

/** The parts of a Piper voice's `.onnx.json` this provider uses, checked and typed. */
export interface PiperVoiceConfig {
  /** Hz of the model's output. */
  sampleRate: number;
  /** The espeak-ng voice that phonemizes for it (`espeak.voice`, e.g. `en-us`). */
  espeakVoice: string;
  /** 'espeak': IPA from espeak-ng; 'text': the text's own code points (NFD). */
  phonemeType: 'espeak' | 'text';
  phonemeIdMap: ReadonlyMap<string, readonly number[]>;
  noiseScale: number;
  lengthScale: number;
  noiseW: number;
  /** Samples per frame of the model's durations (w_ceil): 256 for Piper's VITS. */
  hopLength: number;
  numSpeakers: number;
  /** Speaker name -> id, for multi-speaker voices. */
  speakerIdMap: Readonly<Record<string, number>>;
  /** Phoneme sequences merged into one symbol before lookup (`vowel_clusters`, e.g. a + ɪ -> aɪ). */
  vowelClusters: readonly (readonly string[])[];
  /** `language.code` (e.g. `en_US`) as a BCP 47 tag (`en-US`), if the config has one. */
  language?: string;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Read a Piper voice config (the `.onnx.json` beside the model, as `piper.train.export_onnx` writes
 * it). Throws INVALID_ARGUMENT naming the file and the JSON path of the first bad field.
 */
export function parsePiperConfig(json: unknown, file: string): PiperVoiceConfig {
  const bad = (where: string, what: string): ClipwrightError =>
    new ClipwrightError(ErrorCode.InvalidArgument, `${file}: ${where} ${what}`, {
      path: `${file}#${where}`,
    });
  if (!isObject(json)) throw bad('$', 'must be a JSON object');
  const audio = json.audio;
  const sampleRate = isObject(audio) ? audio.sample_rate : undefined;
  if (
    typeof sampleRate !== 'number' ||
    !Number.isInteger(sampleRate) ||
    sampleRate < 8000 ||
    sampleRate > 192000
  ) {
    throw bad('$.audio.sample_rate', 'must be a whole number of Hz between 8000 and 192000');
  }
  const phonemeType = json.phoneme_type ?? 'espeak';
  if (phonemeType !== 'espeak' && phonemeType !== 'text') {
    throw bad('$.phoneme_type', `"${String(phonemeType)}" is not supported (espeak or text)`);
  }
  const espeak = json.espeak;
  const espeakVoice = isObject(espeak) ? espeak.voice : undefined;
  if (typeof espeakVoice !== 'string' || !/^[A-Za-z0-9_+-]{1,40}$/u.test(espeakVoice)) {
    throw bad('$.espeak.voice', 'must name an espeak-ng voice (e.g. "en-us")');
  }
  const rawMap = json.phoneme_id_map;
  if (!isObject(rawMap) || Object.keys(rawMap).length === 0)
    throw bad('$.phoneme_id_map', 'must be a non-empty object');
  const phonemeIdMap = new Map<string, number[]>();
  for (const [symbol, ids] of Object.entries(rawMap)) {
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => Number.isInteger(i) && i >= 0)) {
      throw bad(`$.phoneme_id_map[${JSON.stringify(symbol)}]`, 'must be a list of whole numbers >= 0');
    }
    phonemeIdMap.set(symbol, ids as number[]);
  }
  for (const special of [PIPER_PAD, PIPER_BOS, PIPER_EOS]) {
    if (!phonemeIdMap.has(special))
      throw bad('$.phoneme_id_map', `has no "${special}" (pad, BOS and EOS are required)`);
  }
  const inference = isObject(json.inference) ? json.inference : {};
  const scale = (key: string, fallback: number): number => {
    const v = inference[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 10) {
      throw bad(`$.inference.${key}`, 'must be a number between 0 and 10');
    }
    return v;
  };
  const hop = json.hop_length ?? PIPER_DEFAULTS.hopLength;
  if (typeof hop !== 'number' || !Number.isInteger(hop) || hop < 1)
    throw bad('$.hop_length', 'must be a whole number >= 1');
  const numSpeakers = json.num_speakers ?? 1;
  if (typeof numSpeakers !== 'number' || !Number.isInteger(numSpeakers) || numSpeakers < 1) {
    throw bad('$.num_speakers', 'must be a whole number >= 1');
  }
  const speakers = isObject(json.speaker_id_map) ? json.speaker_id_map : {};
  const speakerIdMap: Record<string, number> = {};
  for (const [name, id] of Object.entries(speakers)) {
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= numSpeakers) {
      throw bad(
        `$.speaker_id_map[${JSON.stringify(name)}]`,
        `must be a speaker id from 0 to ${numSpeakers - 1}`,
      );
    }
    speakerIdMap[name] = id as number;
  }
  const clusters = Array.isArray(json.vowel_clusters) ? json.vowel_clusters : [];
  const vowelClusters = clusters.filter(
    (c): c is string[] => Array.isArray(c) && c.length > 1 && c.every((p) => typeof p === 'string'),
  );
  const language =
    isObject(json.language) && typeof json.language.code === 'string' ? json.language.code : undefined;
  return {
    sampleRate,
    espeakVoice,
    phonemeType,
    phonemeIdMap,
    noiseScale: scale('noise_scale', PIPER_DEFAULTS.noiseScale),
    lengthScale: scale('length_scale', PIPER_DEFAULTS.lengthScale),
    noiseW: scale('noise_w', PIPER_DEFAULTS.noiseW),
    hopLength: hop,
    numSpeakers,
    speakerIdMap,
    vowelClusters,
    ...(language ? { language: language.replace(/_/gu, '-') } : {}),
  };
}
