import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

/** The narration of the speech test template, as Liquid over `{ place, km }`. */
export const SPEECH_NARRATION = 'A quake struck {{ data.place }}, {{ data.km }} km N of Hawthorne, NV.';

/**
 * Writes `<templatesDir>/speech-test`: one narrated scene with burned-in captions at 480x270, read by
 * `voice`, taking `{ place, km }`. Small, so a render takes seconds.
 */
export async function writeSpeechTemplate(
  templatesDir: string,
  voice: Record<string, unknown>,
): Promise<void> {
  const dir = path.join(templatesDir, 'speech-test');
  await fs.mkdir(dir, { recursive: true });
  const manifest = {
    id: 'speech-test',
    version: 1,
    title: 'Speech test',
    inputs: { schema: 'inputs.schema.json' },
    fps: 25,
    outputs: [{ aspect: '16:9', width: 480, height: 270 }],
    voice,
    audio: { loudness: { integrated: -23, truePeak: -1 } },
    scenes: [
      {
        id: 'read',
        duration: 'speech',
        narration: SPEECH_NARRATION,
        layers: [{ type: 'background' }, { type: 'captions', style: 'broadcast' }],
      },
    ],
  };
  await fs.writeFile(path.join(dir, 'template.json'), JSON.stringify(manifest));
  await fs.writeFile(
    path.join(dir, 'inputs.schema.json'),
    JSON.stringify({ type: 'object', required: ['place', 'km'] }),
  );
}

/** A WAV of `text` read by espeak-ng at `rate` words a minute after `lead` seconds of silence (sox pads it). */
export function recordTake(dir: string, name: string, text: string, rate: number, lead: number): string {
  const raw = path.join(dir, `${name}.raw.wav`);
  const file = path.join(dir, `${name}.wav`);
  const speak = spawnSync('espeak-ng', ['-v', 'en-us', '-s', String(rate), '-w', raw, text]);
  if (speak.status !== 0) throw new Error(`espeak-ng failed: ${String(speak.stderr)}`);
  const pad = spawnSync('sox', [raw, file, 'pad', String(lead), '0']);
  if (pad.status !== 0) throw new Error(`sox failed: ${String(pad.stderr)}`);
  return file;
}

/** Start times (seconds) of the cues of a SubRip file. */
export function srtStarts(srt: string): number[] {
  return [...srt.matchAll(/(\d\d):(\d\d):(\d\d),(\d{3}) -->/g)].map(
    (m) => Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000,
  );
}
