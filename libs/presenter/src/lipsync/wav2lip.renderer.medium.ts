/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { FfmpegExecutor, ProcessRunner } from '@app/media';
import { blendMask, DEFAULT_BLEND_MASK, FaceBox, RgbaFrame } from './face-window';
import { drawFixtureFace, FIXTURE_BOX } from '../../../../test/fixtures/lipsync/face-picture.fixture';
import { buildVideoDecodeArgs, readRawStream, readSpeech16k } from './raw-media.reader';
import {
  buildTinyWav2LipModel,
  TinyWav2LipVariant,
} from '../../../../test/fixtures/lipsync/tiny-wav2lip.model';
import { loadWav2LipPresenter } from './wav2lip.manifest';
import { renderWav2LipClip } from './wav2lip.renderer';
import { LipsyncLogger } from './wav2lip.session';

const ESPEAK = process.env.ESPEAK_PATH ?? 'espeak-ng';
const quiet: LipsyncLogger = { info: () => undefined, warn: () => undefined };
const ffmpeg = new FfmpegExecutor();

function run(bin: string, args: string[], cwd: string): Buffer {
  const r = spawnSync(bin, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr?.toString()}`);
  return r.stdout;
}

/** Mean absolute difference over the given pixel offsets, against `expected(p, channel)`. */
function meanDiff(out: Buffer, pixels: number[], expected: (p: number, c: number) => number): number {
  let sum = 0;
  for (const p of pixels) for (let c = 0; c < 3; c++) sum += Math.abs(out[p + c] - expected(p, c));
  return sum / (3 * pixels.length);
}

function split(frame: RgbaFrame, box: FaceBox): { fixed: number[]; core: number[] } {
  const mask = blendMask(box.width, box.height, DEFAULT_BLEND_MASK);
  const fixed: number[] = [];
  const core: number[] = [];
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const p = (y * frame.width + x) * 4;
      const inside = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
      const a = inside ? mask[(y - box.y) * box.width + (x - box.x)] : 0;
      if (a === 0) fixed.push(p);
      else if (a === 1) core.push(p);
    }
  }
  return { fixed, core };
}

// Real ffmpeg, espeak-ng and onnxruntime runs: seconds each on a quiet machine, more on a busy one.
jest.setTimeout(120_000);

describe('renderWav2LipClip with ffmpeg, espeak-ng and a generated model', () => {
  let tmp: string;
  let speech: string;
  const face = drawFixtureFace();

  async function presenterDir(
    name: string,
    variant: TinyWav2LipVariant,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const dir = path.join(tmp, name);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'face.png'), face.png);
    await fs.writeFile(path.join(dir, 'tiny.onnx'), buildTinyWav2LipModel({ variant }));
    await fs.writeFile(
      path.join(dir, 'presenter.json'),
      JSON.stringify({
        id: name,
        name: `Test ${name}`,
        kind: 'wav2lip',
        model: 'tiny.onnx',
        source: { still: 'face.png' },
        faceBox: FIXTURE_BOX,
        ...extra,
      }),
    );
    return dir;
  }

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'wav2lip-medium-'));
    speech = path.join(tmp, 'speech.wav');
    await fs.writeFile(
      speech,
      run(ESPEAK, ['-v', 'en-us', '--stdout', 'Good evening. Here is the news.'], tmp),
    );
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('reads espeak-ng speech at 16 kHz for the mel', async () => {
    const samples = await readSpeech16k(speech, { runner: ffmpeg.runner, label: 'speech' });
    const probe = await ffmpeg.probe(speech);
    expect(samples.length / 16000).toBeCloseTo(probe.duration, 1);
    expect(Math.max(...samples.subarray(0, 16000))).toBeLessThanOrEqual(1);
    expect(samples.some((v) => Math.abs(v) > 0.05)).toBe(true);
  });

  it('renders a still: frames at the source size, the picture kept outside the mask, the reference inside', async () => {
    const presenter = await loadWav2LipPresenter(await presenterDir('still-ref', 'reference'));
    const clip = await renderWav2LipClip(presenter, speech, { fps: 25, batchSize: 8, logger: quiet });
    expect([clip.width, clip.height, clip.fps, clip.executionProvider]).toEqual([320, 240, 25, 'cpu']);
    const duration = (await ffmpeg.probe(speech)).duration;
    expect(clip.frameCount).toBe(Math.ceil(duration * 25 - 1e-6));
    const { fixed, core } = split(face.frame, FIXTURE_BOX);
    let n = 0;
    const started = Date.now();
    for await (const out of clip) {
      expect(out.length).toBe(320 * 240 * 4);
      expect(meanDiff(out, fixed, (p, c) => face.frame.data[p + c])).toBe(0);
      expect(meanDiff(out, core, (p, c) => face.frame.data[p + c])).toBeLessThan(2);
      n++;
    }
    expect(n).toBe(clip.frameCount);
    // Shown in the test log as the throughput of the whole path at 320x240 (tiny model, CPU).
    console.log(`wav2lip still 320x240: ${n} frames in ${Date.now() - started} ms`);
  });

  it('pastes the model output: the inverse model turns the lower face into its negative', async () => {
    const presenter = await loadWav2LipPresenter(await presenterDir('still-inv', 'inverse'));
    const clip = await renderWav2LipClip(presenter, speech, {
      fps: 30,
      duration: 0.5,
      batchSize: 4,
      logger: quiet,
    });
    expect(clip.frameCount).toBe(15);
    const { fixed, core } = split(face.frame, FIXTURE_BOX);
    for await (const out of clip) {
      expect(meanDiff(out, fixed, (p, c) => face.frame.data[p + c])).toBe(0);
      expect(meanDiff(out, core, (p, c) => 255 - face.frame.data[p + c])).toBeLessThan(2);
    }
  });

  it('loops an idle video and follows its per-frame boxes', async () => {
    const dir = await presenterDir('video-inv', 'inverse', {
      source: { video: 'idle.mkv' },
      faceBox: undefined,
      boxes: 'boxes.json',
    });
    // 10 frames at 25 fps, the face moving 4 px right each frame; FFV1 keeps the pixels exact.
    run(
      'ffmpeg',
      [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'color=c=0x20344f:s=360x240:r=25:d=0.4',
        '-loop',
        '1',
        '-i',
        'face.png',
        '-filter_complex',
        '[0][1]overlay=x=4*n:y=0:shortest=1,format=rgb24',
        '-c:v',
        'ffv1',
        'idle.mkv',
      ],
      dir,
    );
    const boxes = Array.from({ length: 10 }, (_, i) => ({ ...FIXTURE_BOX, x: FIXTURE_BOX.x + 4 * i }));
    await fs.writeFile(path.join(dir, 'boxes.json'), JSON.stringify(boxes));
    const source: Buffer[] = [];
    for await (const f of readRawStream(buildVideoDecodeArgs(path.join(dir, 'idle.mkv'), 25), 360 * 240 * 4, {
      runner: ffmpeg.runner,
      label: 'test decode',
    })) {
      source.push(f);
    }
    expect(source).toHaveLength(10);
    const presenter = await loadWav2LipPresenter(dir);
    const clip = await renderWav2LipClip(presenter, speech, {
      fps: 25,
      duration: 1,
      batchSize: 6,
      logger: quiet,
    });
    expect([clip.width, clip.height, clip.frameCount]).toEqual([360, 240, 25]);
    let i = 0;
    for await (const out of clip) {
      const src = source[i % 10];
      const { fixed, core } = split({ width: 360, height: 240, data: src }, boxes[i % 10]);
      expect(meanDiff(out, fixed, (p, c) => src[p + c])).toBe(0);
      expect(meanDiff(out, core, (p, c) => 255 - src[p + c])).toBeLessThan(2);
      i++;
    }
    expect(i).toBe(25);
  });

  it('refuses a face box that does not fit the picture, naming it', async () => {
    const presenter = await loadWav2LipPresenter(
      await presenterDir('bad-box', 'reference', { faceBox: { x: 250, y: 50, width: 120, height: 150 } }),
    );
    const e = await renderWav2LipClip(presenter, speech, { logger: quiet }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ClipwrightError);
    expect((e as ClipwrightError).code).toBe(ErrorCode.PresenterInvalid);
    expect((e as ClipwrightError).message).toMatch(/faceBox .* does not fit inside the 320x240 source/);
  });

  it('reports a wrong model signature before decoding any frame', async () => {
    const dir = await presenterDir('wrong-model', 'reference');
    await fs.writeFile(path.join(dir, 'tiny.onnx'), buildTinyWav2LipModel({ faceShape: ['B', 6, 128, 128] }));
    const presenter = await loadWav2LipPresenter(dir);
    const e = await renderWav2LipClip(presenter, speech, { logger: quiet }).catch((err: unknown) => err);
    expect((e as ClipwrightError).code).toBe(ErrorCode.PresenterInvalid);
    expect((e as ClipwrightError).message).toMatch(
      /wrong-model\/tiny.onnx does not have the Wav2Lip signature/,
    );
  });

  it('fails clearly on unreadable speech and on a missing ffmpeg', async () => {
    const presenter = await loadWav2LipPresenter(await presenterDir('errors', 'reference'));
    const bad = await renderWav2LipClip(presenter, path.join(tmp, 'nope.wav'), { logger: quiet }).catch(
      (e: unknown) => e,
    );
    expect((bad as ClipwrightError).code).toBe(ErrorCode.FfmpegFailed);
    expect((bad as ClipwrightError).message).toMatch(
      /read speech: ffmpeg exited with code 1: .*nope\.wav: No such file/,
    );
    const missing = await renderWav2LipClip(presenter, speech, {
      logger: quiet,
      ffmpeg: new FfmpegExecutor(
        new ProcessRunner({ tools: { ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' } }),
      ),
    }).catch((e: unknown) => e);
    expect((missing as ClipwrightError).code).toBe(ErrorCode.ToolMissing);
  });
});
