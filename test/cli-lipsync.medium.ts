/**
 * Lip sync of the news brief's presenter, measured from the delivered MP4 alone (EBU R37).
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '@app/core';
import { bestLag, mouthOpenness } from '@app/presenter';
import { runCli } from '../apps/cli/src/cli';
import { io } from './support/cli-io';

jest.setTimeout(240_000);

const sample = path.resolve(__dirname, '../templates/news-brief/sample.geojson');

/**
 * Lip sync measured from the delivered file alone: the mouth region's openness frame by frame
 * against the audio's loudness frame by frame. EBU R37: audio may lead the picture by at most 40 ms
 * and lag it by at most 60 ms, so at 30 fps the best lag must be -1, 0 or +1 frame.
 */
function lipSync(
  file: string,
  mouth: { x: number; y: number; width: number; height: number },
  from: number,
  to: number,
) {
  const fps = 30;
  // Only while the presenter is on screen: the end slate after it has no mouth to measure.
  const span = ['-ss', String(from), '-t', String(to - from)];
  const video = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      ...span,
      '-i',
      file,
      '-vf',
      `crop=${mouth.width}:${mouth.height}:${mouth.x}:${mouth.y},format=rgba`,
      '-f',
      'rawvideo',
      '-',
    ],
    { maxBuffer: 1 << 30 },
  ).stdout;
  const audio = spawnSync(
    'ffmpeg',
    ['-v', 'error', ...span, '-i', file, '-ac', '1', '-ar', '48000', '-f', 's16le', '-'],
    {
      maxBuffer: 1 << 30,
    },
  ).stdout;
  const frameBytes = mouth.width * mouth.height * 4;
  const openness: number[] = [];
  for (let at = 0; at + frameBytes <= video.length; at += frameBytes) {
    openness.push(
      mouthOpenness(video.subarray(at, at + frameBytes), mouth.width, mouth.height, {
        x: 0,
        y: 0,
        width: mouth.width,
        height: mouth.height,
      }),
    );
  }
  const perFrame = 48000 / fps;
  const loudness: number[] = [];
  for (let f = 0; (f + 1) * perFrame * 2 <= audio.length; f++) {
    let sum = 0;
    for (let i = 0; i < perFrame; i++) sum += audio.readInt16LE((f * perFrame + i) * 2) ** 2;
    loudness.push(Math.sqrt(sum / perFrame));
  }
  return bestLag(openness, loudness, -4, 4);
}

describe('the presenter in the rendered brief', () => {
  it.each(['clip-16x9.mp4', 'clip-9x16.mp4'])(
    '%s: the mouth moves with the voice, within EBU R37',
    async (name) => {
      const work = path.join(os.tmpdir(), 'cw-e2e-lipsync');
      await fs.rm(work, { recursive: true, force: true });
      const cliIo = io().io;
      const aspect = name === 'clip-16x9.mp4' ? '16:9' : '9:16';
      expect(
        await runCli(
          ['render', '-t', 'news-brief', '-d', sample, '-s', '1', '-o', work, '-a', aspect],
          cliIo,
        ),
      ).toBe(0);
      const result = JSON.parse(await fs.readFile(path.join(work, 'result.json'), 'utf8')) as RenderResult;
      const presenter = result.outputs[0].presenter;
      expect(presenter?.id).toBe('ada');
      // After the title has crossfaded away (open 2.5 s + 0.4 s).
      const shown = result.outputs[0].layers?.find((l) => l.kind === 'presenter');
      const { lag, r } = lipSync(path.join(work, name), presenter!.mouth, 3, shown!.end);
      await fs.rm(work, { recursive: true, force: true });
      expect(r).toBeGreaterThan(0.3);
      expect([-1, 0, 1]).toContain(lag);
    },
  );
});
