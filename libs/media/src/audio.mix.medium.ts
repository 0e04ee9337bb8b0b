/**
 * The mix builder run by the real ffmpeg: a 200 Hz "bed" under a 2 kHz "voice" that speaks from
 * 1 s to 2 s. Band-pass levels of the mix show the bed ducked while the voice sounds, by about the
 * depth asked, and back after the release.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildMixArgs } from './audio.mix';
import { FfmpegExecutor } from './ffmpeg.executor';

jest.setTimeout(60_000);
const ffmpeg = new FfmpegExecutor();

/** RMS level (dBFS) of the 200 Hz band of `file` between `from` and `to` seconds. */
async function bedLevel(dir: string, file: string, from: number, to: number): Promise<number> {
  const { stderr } = await ffmpeg.run(
    [
      '-hide_banner',
      '-nostats',
      '-i',
      file,
      '-af',
      `atrim=${from}:${to},bandpass=f=200:width_type=h:w=60,astats=measure_perchannel=none`,
      '-f',
      'null',
      '-',
    ],
    { cwd: dir },
  );
  const m = /RMS level dB: (-?[\d.]+)/.exec(stderr.slice(stderr.lastIndexOf('Overall')));
  if (!m) throw new Error(`no RMS level in ${stderr.slice(-400)}`);
  return Number(m[1]);
}

describe('buildMixArgs with ffmpeg', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-mix-'));
    const tone = (f: number, d: number, out: string) =>
      ffmpeg.run(
        [
          '-hide_banner',
          '-nostdin',
          '-y',
          '-f',
          'lavfi',
          '-i',
          `sine=frequency=${f}:sample_rate=48000:duration=${d}`,
          '-af',
          'volume=-12dB',
          out,
        ],
        { cwd: dir },
      );
    await tone(200, 4, 'bed.wav');
    await tone(2000, 1, 'burst.wav');
    // The voice track as the engine lays it: silence, then the reading from 1 s.
    await ffmpeg.run(
      [
        '-hide_banner',
        '-nostdin',
        '-y',
        '-i',
        'burst.wav',
        '-af',
        'adelay=1000:all=1,apad=whole_dur=4',
        'voice.wav',
      ],
      { cwd: dir },
    );
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('ducks the bed by about its depth while the voice speaks, and lets it back after', async () => {
    await ffmpeg.run(
      buildMixArgs({
        voice: 'voice.wav',
        tracks: [
          {
            clips: [{ file: 'bed.wav', at: 0, offset: 0, seconds: 4, loop: false }],
            gain: 0,
            fadeIn: 0,
            fadeOut: 0,
            ducking: { depth: 12, attack: 0.05, release: 0.2 },
          },
        ],
        duration: 4,
        output: 'mix.wav',
      }),
      { cwd: dir },
    );
    const before = await bedLevel(dir, 'mix.wav', 0.2, 0.9);
    const under = await bedLevel(dir, 'mix.wav', 1.3, 1.9);
    const after = await bedLevel(dir, 'mix.wav', 3.0, 3.8);
    expect(before - under).toBeGreaterThan(10);
    expect(before - under).toBeLessThan(13);
    expect(Math.abs(after - before)).toBeLessThan(1);
  });
});
