import * as path from 'node:path';

/** The rate a voice-over is decoded to: the delivered clips' AAC rate, so nothing is resampled twice. */
export const VOICE_OVER_SAMPLE_RATE = 48000;

/**
 * ffmpeg arguments that decode the first audio stream of a recording (WAV, MP3, M4A/AAC, anything
 * ffmpeg reads) to mono 16-bit PCM WAV. The input is named by absolute path behind `file:` so a
 * name can neither be read as an option (leading "-") nor as another protocol ("http:...").
 */
export function voiceOverDecodeArgs(
  input: string,
  output: string,
  sampleRate = VOICE_OVER_SAMPLE_RATE,
): string[] {
  return [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-i',
    `file:${path.resolve(input)}`,
    '-map',
    '0:a:0',
    '-vn',
    '-ac',
    '1',
    '-ar',
    String(sampleRate),
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
    `file:${path.resolve(output)}`,
  ];
}
