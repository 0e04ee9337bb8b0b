/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { ClipwrightError, ErrorCode } from '@app/core';
import { blendMask, DEFAULT_BLEND_MASK, FaceBox, RgbaFrame } from './face-window';
import { drawFixtureFace, FIXTURE_BOX } from '../../../../test/fixtures/lipsync/face-picture.fixture';
import { wav2lipMelSpectrogram } from './mel';
import {
  buildTinyWav2LipModel,
  TinyWav2LipVariant,
} from '../../../../test/fixtures/lipsync/tiny-wav2lip.model';
import { lipsyncFrames, SourceFrame } from './wav2lip.renderer';
import { LipsyncLogger, openWav2LipSession, Wav2LipRuntime } from './wav2lip.session';

const quiet: LipsyncLogger = { info: () => undefined, warn: () => undefined };
const FPS = 25;

function stillSource(frame: RgbaFrame): Iterable<SourceFrame> {
  return {
    *[Symbol.iterator]() {
      for (;;) yield { index: 0, frame };
    },
  };
}

async function render(
  variant: TinyWav2LipVariant,
  frame: RgbaFrame,
  samples: Float32Array,
  frameCount: number,
  batchSize: number,
  box: FaceBox = FIXTURE_BOX,
): Promise<Buffer[]> {
  const runtime = await openWav2LipSession(buildTinyWav2LipModel({ variant }), {
    executionProvider: 'cpu',
    logger: quiet,
  });
  const out: Buffer[] = [];
  try {
    for await (const f of lipsyncFrames(runtime, stillSource(frame), wav2lipMelSpectrogram(samples), {
      fps: FPS,
      frameCount,
      batchSize,
      boxFor: () => box,
      mask: DEFAULT_BLEND_MASK,
    })) {
      out.push(Buffer.from(f));
    }
  } finally {
    await runtime.release();
  }
  return out;
}

/** Pixel classes over the picture, from the mask alone: outside the box, mask 0, mask 1. */
function regions(frame: RgbaFrame, box: FaceBox): { outside: number[]; untouched: number[]; core: number[] } {
  const mask = blendMask(box.width, box.height, DEFAULT_BLEND_MASK);
  const outside: number[] = [];
  const untouched: number[] = [];
  const core: number[] = [];
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const p = (y * frame.width + x) * 4;
      const inside = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
      if (!inside) outside.push(p);
      else {
        const a = mask[(y - box.y) * box.width + (x - box.x)];
        if (a === 0) untouched.push(p);
        else if (a === 1) core.push(p);
      }
    }
  }
  return { outside, untouched, core };
}

/** Deterministic white noise from `from` seconds on: sound in every mel band. */
function noise(seconds: number, from: number, amplitude = 0.3): Float32Array {
  const s = new Float32Array(Math.round(16000 * seconds));
  let seed = 7;
  for (let t = Math.round(16000 * from); t < s.length; t++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    s[t] = amplitude * (2 * (seed / 2147483648) - 1);
  }
  return s;
}

function tone(seconds: number, from: number, hz = 300, amplitude = 0.5): Float32Array {
  const s = new Float32Array(Math.round(16000 * seconds));
  for (let t = Math.round(16000 * from); t < s.length; t++)
    s[t] = amplitude * Math.sin((2 * Math.PI * hz * t) / 16000);
  return s;
}

describe('lipsyncFrames through ONNX Runtime with generated models', () => {
  const { frame } = drawFixtureFace();
  const r = regions(frame, FIXTURE_BOX);

  it('with the reference model, gives back the source: exactly outside the mask, within resampling inside', async () => {
    const frames = await render('reference', frame, tone(0.5, 0), 10, 4);
    expect(frames).toHaveLength(10);
    expect(r.core.length).toBeGreaterThan(2000);
    for (const out of frames) {
      expect(out.length).toBe(frame.data.length);
      for (const p of [...r.outside, ...r.untouched]) {
        if (
          out[p] !== frame.data[p] ||
          out[p + 1] !== frame.data[p + 1] ||
          out[p + 2] !== frame.data[p + 2]
        ) {
          throw new Error(`pixel ${p / 4} changed outside the blend mask`);
        }
      }
      let sum = 0;
      let worst = 0;
      for (const p of r.core) {
        for (let c = 0; c < 3; c++) {
          const d = Math.abs(out[p + c] - frame.data[p + c]);
          sum += d;
          worst = Math.max(worst, d);
        }
      }
      // Down to 96 px and back up blurs the mouth's edge a little; the face stays the face.
      expect(sum / (3 * r.core.length)).toBeLessThan(2);
      expect(worst).toBeLessThan(60);
      // Alpha is never touched.
      for (let p = 3; p < out.length; p += 4) if (out[p] !== frame.data[p]) throw new Error('alpha changed');
    }
  });

  it('with the inverse model, pastes 1 - reference: proof the picture comes from the model output', async () => {
    const frames = await render('inverse', frame, tone(0.3, 0), 3, 2);
    for (const out of frames) {
      let sum = 0;
      for (const p of r.core)
        for (let c = 0; c < 3; c++) sum += Math.abs(out[p + c] - (255 - frame.data[p + c]));
      expect(sum / (3 * r.core.length)).toBeLessThan(2);
      for (const p of [...r.outside, ...r.untouched]) {
        if (out[p] !== frame.data[p]) throw new Error(`pixel ${p / 4} changed outside the blend mask`);
      }
    }
  });

  it('feeds each frame its own mel window, in order across batches, with silence past the end', async () => {
    // 0.5 s of silence, then 0.5 s of noise; 40 frames = 1.6 s, so the last frames have no audio at all.
    // The loudness model paints (mean(mel) + 4) / 8: black for silence, brighter for sound.
    const frames = await render('loudness', frame, noise(1, 0.5), 40, 7);
    const level = (out: Buffer): number => {
      let s = 0;
      for (const p of r.core) s += out[p];
      return s / r.core.length;
    };
    const levels = frames.map(level);
    // Frame i hears mel frames [int(i * 3.2), +16), 200 ms; silence ends at mel frame 40.
    for (let i = 0; i <= 7; i++) expect(levels[i]).toBe(0);
    for (let i = 14; i <= 20; i++) expect(levels[i]).toBeGreaterThan(40);
    for (let i = 26; i < 40; i++) expect(levels[i]).toBe(0);
    // Exactly: frame i's level is the mean of mel[:, int(i * 80 / 25) : +16] (silence-padded), sliced
    // here by hand from the spectrogram, so a window given to the wrong frame or batch slot shows.
    const mel = wav2lipMelSpectrogram(noise(1, 0.5));
    levels.forEach((got, i) => {
      const start = Math.floor((i * 80) / 25);
      let sum = 0;
      for (let b = 0; b < 80; b++)
        for (let t = start; t < start + 16; t++) sum += t < mel.frames ? mel.data[b * mel.frames + t] : -4;
      const want = Math.round(Math.min(1, Math.max(0, (sum / 1280 + 4) / 8)) * 255);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1);
    });
    // Onset: once a window reaches the noise, the level only grows until the window is all noise.
    for (let i = 8; i < 13; i++) expect(levels[i + 1]).toBeGreaterThanOrEqual(levels[i]);
  });

  it('stops with CANCELLED when the signal aborts, and closes the source', async () => {
    const runtime = await openWav2LipSession(buildTinyWav2LipModel(), {
      executionProvider: 'cpu',
      logger: quiet,
    });
    const controller = new AbortController();
    let closed = false;
    async function* source(): AsyncGenerator<SourceFrame> {
      try {
        for (;;) yield { index: 0, frame };
      } finally {
        closed = true;
      }
    }
    const seen: number[] = [];
    const run = (async () => {
      let n = 0;
      for await (const _ of lipsyncFrames(runtime, source(), wav2lipMelSpectrogram(tone(1, 0)), {
        fps: FPS,
        frameCount: 25,
        batchSize: 2,
        boxFor: () => FIXTURE_BOX,
        mask: DEFAULT_BLEND_MASK,
        signal: controller.signal,
      })) {
        seen.push(n++);
        if (n === 3) controller.abort();
      }
    })();
    const e = await run.catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ClipwrightError);
    expect((e as ClipwrightError).code).toBe(ErrorCode.Cancelled);
    expect(seen.length).toBeLessThan(25);
    expect(closed).toBe(true);
    await runtime.release();
  });

  it('looks up the box by source frame number and runs the model once a batch', async () => {
    const calls: number[] = [];
    const fake: Wav2LipRuntime = {
      signature: { melInput: 'm', faceInput: 'f', output: 'o' },
      executionProvider: 'fake',
      infer: async (_mel, _face, count) => {
        calls.push(count);
        return new Float32Array(count * 3 * 96 * 96);
      },
      release: async () => undefined,
    };
    const asked: number[] = [];
    const source: SourceFrame[] = [0, 1, 2, 0, 1, 2, 0].map((index) => ({ index, frame }));
    const out = [];
    for await (const f of lipsyncFrames(fake, source, wav2lipMelSpectrogram(tone(0.3, 0)), {
      fps: FPS,
      frameCount: 7,
      batchSize: 3,
      boxFor: (i) => {
        asked.push(i);
        return FIXTURE_BOX;
      },
      mask: DEFAULT_BLEND_MASK,
    })) {
      out.push(f);
    }
    expect(out).toHaveLength(7);
    expect(calls).toEqual([3, 3, 1]);
    expect(asked).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });
});
