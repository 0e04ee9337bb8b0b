/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { FACE_ITEM, FACE_PLANE, OUTPUT_ITEM } from './face-window';
import { buildTinyWav2LipModel } from '../../../../test/fixtures/lipsync/tiny-wav2lip.model';
import {
  cudaProviderInstalled,
  LipsyncLogger,
  matchWav2LipSignature,
  MEL_ITEM,
  openWav2LipSession,
} from './wav2lip.session';

function collectingLogger(): LipsyncLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) };
}

function faceBatch(count: number): Float32Array {
  const face = new Float32Array(count * FACE_ITEM);
  for (let i = 0; i < face.length; i++) face[i] = ((i * 7919) % 1000) / 1000;
  return face;
}

/** Channels 3..5 of every item: what the `reference` stand-in must return. */
function referenceOf(face: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count * OUTPUT_ITEM);
  for (let b = 0; b < count; b++) {
    out.set(face.subarray(b * FACE_ITEM + 3 * FACE_PLANE, (b + 1) * FACE_ITEM), b * OUTPUT_ITEM);
  }
  return out;
}

async function expectCode(p: Promise<unknown>, code: string, text: RegExp): Promise<ClipwrightError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ClipwrightError);
  expect((e as ClipwrightError).code).toBe(code);
  expect((e as ClipwrightError).message).toMatch(text);
  return e as ClipwrightError;
}

describe('openWav2LipSession with a generated model', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wav2lip-session-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('runs the reference model and returns the reference crop for every item', async () => {
    const logger = collectingLogger();
    const session = await openWav2LipSession(buildTinyWav2LipModel(), { logger, executionProvider: 'cpu' });
    expect(session.signature).toEqual({
      melInput: 'audio_sequences',
      faceInput: 'face_sequences',
      output: 'output',
    });
    expect(session.executionProvider).toBe('cpu');
    const face = faceBatch(3);
    const out = await session.infer(new Float32Array(3 * MEL_ITEM).fill(-1), face, 3);
    expect(out).toEqual(referenceOf(face, 3));
    expect(logger.lines.join('\n')).toMatch(/running on CPU/);
    await session.release();
  });

  it('tries CUDA first under "auto" and logs which provider ran', async () => {
    const logger = collectingLogger();
    const session = await openWav2LipSession(buildTinyWav2LipModel(), { logger });
    const text = logger.lines.join('\n');
    if (session.executionProvider === 'cpu') {
      expect(text).toMatch(/warn .*CUDA execution provider (unavailable|not installed).*CPU/);
      expect(text).toMatch(/info .*running on CPU/);
    } else {
      expect(text).toMatch(/info .*running on CUDA/);
    }
    await session.release();
  });

  it('makes a missing CUDA an error when CUDA is demanded rather than preferred', async () => {
    // On a machine with the CUDA provider this is the "auto" test's other branch instead.
    if (cudaProviderInstalled() !== false) return;
    await expectCode(
      openWav2LipSession(buildTinyWav2LipModel(), { executionProvider: 'cuda', logger: collectingLogger() }),
      ErrorCode.PresenterInvalid,
      /could not be loaded by ONNX Runtime on CUDA/,
    );
  });

  it('finds the tensors by shape whatever their names and order', async () => {
    const model = buildTinyWav2LipModel({
      variant: 'inverse',
      melName: 'input.1',
      faceName: 'vid',
      outputName: 'pred',
      faceFirst: true,
    });
    const session = await openWav2LipSession(model, { executionProvider: 'cpu', logger: collectingLogger() });
    expect(session.signature).toEqual({ melInput: 'input.1', faceInput: 'vid', output: 'pred' });
    const face = faceBatch(1);
    const out = await session.infer(new Float32Array(MEL_ITEM), face, 1);
    const ref = referenceOf(face, 1);
    expect(out[0]).toBeCloseTo(1 - ref[0], 6);
    expect(out[OUTPUT_ITEM - 1]).toBeCloseTo(1 - ref[OUTPUT_ITEM - 1], 6);
    await session.release();
  });

  it('feeds a fixed-batch export in chunks, padding the last one', async () => {
    const session = await openWav2LipSession(buildTinyWav2LipModel({ batch: 2 }), {
      executionProvider: 'cpu',
      logger: collectingLogger(),
    });
    expect(session.signature.fixedBatch).toBe(2);
    const face = faceBatch(5);
    expect(await session.infer(new Float32Array(5 * MEL_ITEM), face, 5)).toEqual(referenceOf(face, 5));
    await session.release();
  });

  it('passes the mel to the model item by item (loudness stand-in)', async () => {
    const session = await openWav2LipSession(buildTinyWav2LipModel({ variant: 'loudness' }), {
      executionProvider: 'cpu',
      logger: collectingLogger(),
    });
    const mel = new Float32Array(2 * MEL_ITEM);
    mel.fill(-4, 0, MEL_ITEM);
    mel.fill(2, MEL_ITEM);
    const out = await session.infer(mel, faceBatch(2), 2);
    expect(out[0]).toBeCloseTo(0, 6);
    expect(out[OUTPUT_ITEM]).toBeCloseTo(0.75, 6);
    await session.release();
  });

  it.each([
    ['a 128 px face', { faceShape: ['B', 6, 128, 128] }, /no input of shape \[B,6,96,96\]/],
    ['a longer mel window', { melShape: ['B', 1, 80, 32] }, /no input of shape \[B,1,80,16\]/],
    ['a one-channel output', { outputChannels: 1 }, /no output of shape \[B,3,96,96\]/],
  ])('rejects a model with %s, naming the expected signature', async (_what, shapes, why) => {
    const e = await expectCode(
      openWav2LipSession(buildTinyWav2LipModel(shapes as object), {
        executionProvider: 'cpu',
        logger: collectingLogger(),
        label: 'models/custom.onnx',
      }),
      ErrorCode.PresenterInvalid,
      why,
    );
    expect(e.message).toContain('Expected inputs mel float32 [B,1,80,16] and face float32 [B,6,96,96]');
    expect(e.message).toContain('output float32 [B,3,96,96]');
    expect(e.message).toContain('models/custom.onnx');
    expect(e.path).toBe('models/custom.onnx');
  });

  it('says clearly when the model file does not exist', async () => {
    const missing = path.join(dir, 'nope.onnx');
    const e = await expectCode(openWav2LipSession(missing), ErrorCode.PresenterInvalid, /does not exist/);
    expect(e.path).toBe(missing);
  });

  it('says clearly when the file is not an ONNX model', async () => {
    const junk = path.join(dir, 'junk.onnx');
    await fs.writeFile(junk, 'this is not protobuf at all');
    await expectCode(
      openWav2LipSession(junk, { executionProvider: 'cpu', logger: collectingLogger() }),
      ErrorCode.PresenterInvalid,
      /could not be loaded by ONNX Runtime on CPU/,
    );
  });
});

describe('matchWav2LipSignature', () => {
  const mel = { name: 'm', type: 'float32', shape: ['batch', 1, 80, 16] };
  const face = { name: 'f', type: 'float32', shape: [-1, 6, 96, 96] };
  const out = { name: 'o', type: 'float32', shape: ['batch', 3, 96, 96] };

  it('accepts symbolic and -1 batch axes', () => {
    expect(matchWav2LipSignature([face, mel], [out], 'x')).toEqual({
      melInput: 'm',
      faceInput: 'f',
      output: 'o',
    });
  });

  it('uses names only when the shapes are unknown', () => {
    const a = { name: 'audio_sequences', type: 'float32', shape: [] };
    const b = { name: 'face_sequences', type: 'float32', shape: [] };
    expect(matchWav2LipSignature([b, a], [out], 'x')).toMatchObject({ melInput: 'audio_sequences' });
  });

  it('rejects float16 inputs, a third input and mismatched fixed batches', () => {
    expect(() => matchWav2LipSignature([{ ...face, type: 'float16' }, mel], [out], 'x')).toThrow(
      /\[B,6,96,96\]/,
    );
    expect(() => matchWav2LipSignature([face, mel, mel], [out], 'x')).toThrow(/3 inputs, expected 2/);
    expect(() =>
      matchWav2LipSignature(
        [
          { ...face, shape: [4, 6, 96, 96] },
          { ...mel, shape: [2, 1, 80, 16] },
        ],
        [out],
        'x',
      ),
    ).toThrow(/different batch sizes 2 and 4/);
  });
});
