import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, clipwrightPackage, ErrorCode } from '@app/core';
import { DEFAULT_BLEND_MASK } from './face-window';
import { FIXTURE_BOX } from '../../../../test/fixtures/lipsync/face-picture.fixture';
import { buildTinyWav2LipModel } from '../../../../test/fixtures/lipsync/tiny-wav2lip.model';
import { loadWav2LipPresenter } from './wav2lip.manifest';

describe('loadWav2LipPresenter', () => {
  let tmp: string;
  let dir: string;
  let modelsDir: string;

  const manifest = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: 'anchor-photo',
    name: 'Anchor (photo)',
    kind: 'wav2lip',
    model: 'lipsync/model.onnx',
    source: { still: 'face.png' },
    faceBox: { x: 10, y: 20, width: 96, height: 120 },
    ...extra,
  });

  async function write(value: unknown): Promise<void> {
    await fs.writeFile(path.join(dir, 'presenter.json'), JSON.stringify(value));
  }

  async function failure(value: unknown): Promise<ClipwrightError> {
    await write(value);
    const e = await loadWav2LipPresenter(dir, { modelsDir }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ClipwrightError);
    return e as ClipwrightError;
  }

  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'wav2lip-manifest-'));
    dir = path.join(tmp, 'anchor-photo');
    modelsDir = path.join(tmp, 'models');
    await fs.mkdir(path.join(modelsDir, 'lipsync'), { recursive: true });
    await fs.mkdir(dir);
    await fs.writeFile(path.join(modelsDir, 'lipsync', 'model.onnx'), 'x');
    await fs.writeFile(path.join(dir, 'face.png'), 'x');
    await fs.writeFile(path.join(dir, 'idle.mp4'), 'x');
    await fs.writeFile(path.join(tmp, 'secret.onnx'), 'x');
  });
  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('loads a still presenter, taking the model from models/ and filling the mask defaults', async () => {
    await write(manifest());
    const p = await loadWav2LipPresenter(dir, { modelsDir });
    expect(p).toEqual({
      id: 'anchor-photo',
      name: 'Anchor (photo)',
      kind: 'wav2lip',
      dir,
      modelPath: path.join(modelsDir, 'lipsync', 'model.onnx'),
      source: { kind: 'still', path: path.join(dir, 'face.png') },
      boxes: [{ x: 10, y: 20, width: 96, height: 120 }],
      mask: DEFAULT_BLEND_MASK,
    });
  });

  it('prefers a model inside the presenter folder, and reads a box per frame for a video', async () => {
    await fs.mkdir(path.join(dir, 'lipsync'));
    await fs.writeFile(path.join(dir, 'lipsync', 'model.onnx'), 'x');
    const boxes = [
      { x: 0, y: 0, width: 100, height: 100 },
      { x: 2, y: 1, width: 100, height: 100 },
    ];
    await fs.writeFile(path.join(dir, 'boxes.json'), JSON.stringify(boxes));
    await write(
      manifest({
        source: { video: 'idle.mp4' },
        faceBox: undefined,
        boxes: 'boxes.json',
        fps: 25,
        mask: { top: 0.5 },
      }),
    );
    const p = await loadWav2LipPresenter(dir, { modelsDir });
    expect(p.modelPath).toBe(path.join(dir, 'lipsync', 'model.onnx'));
    expect(p.source).toEqual({ kind: 'video', path: path.join(dir, 'idle.mp4') });
    expect(p.boxes).toEqual(boxes);
    expect(p.fps).toBe(25);
    expect(p.mask).toEqual({ top: 0.5, feather: DEFAULT_BLEND_MASK.feather });
  });

  it.each([
    ['a missing id', { id: undefined }, '$.id is required but missing'],
    ['another kind', { kind: 'rig2d' }, '$.kind must be "wav2lip"'],
    ['a fractional box', { faceBox: { x: 1.5, y: 0, width: 96, height: 96 } }, '$.faceBox.x must be integer'],
    ['a tiny box', { faceBox: { x: 0, y: 0, width: 8, height: 96 } }, '$.faceBox.width must be >= 16'],
    ['two sources', { source: { still: 'face.png', video: 'idle.mp4' } }, '$.source must name exactly one'],
    ['an unknown field', { voice: 'x' }, '$.voice is not allowed here'],
    ['both box forms', { boxes: 'boxes.json' }, '$ must give exactly one of "faceBox"'],
    ['a mask out of range', { mask: { feather: 0.9 } }, '$.mask.feather must be <= 0.5'],
  ])('rejects %s, naming the field', async (_what, change, text) => {
    const e = await failure(manifest(change));
    expect(e.code).toBe(ErrorCode.PresenterInvalid);
    expect(e.message).toContain(`anchor-photo/presenter.json: ${text}`);
    expect(e.path).toMatch(/^anchor-photo\/presenter\.json#\$/);
  });

  it('names the entry of a bad box in boxes.json', async () => {
    await fs.writeFile(
      path.join(dir, 'boxes.json'),
      JSON.stringify([{ x: 0, y: 0, width: 100, height: 100 }, { x: 0 }]),
    );
    const e = await failure(manifest({ faceBox: undefined, boxes: 'boxes.json' }));
    expect(e.message).toBe('anchor-photo/boxes.json: $[1].y is required but missing');
  });

  it.each([
    ['model', { model: '../secret.onnx' }, '$.model'],
    ['source', { source: { still: '../../etc/passwd' } }, '$.source.still'],
    ['boxes', { faceBox: undefined, boxes: '/etc/passwd' }, '$.boxes'],
  ])('refuses a %s path that leaves its folder', async (_what, change, at) => {
    const e = await failure(manifest(change));
    expect(e.code).toBe(ErrorCode.PresenterInvalid);
    expect(e.path).toBe(`anchor-photo/presenter.json#${at}`);
    expect(e.message).toMatch(/outside/);
    expect((e.cause as ClipwrightError).code).toBe(ErrorCode.PathEscapes);
  });

  it('says where it looked when the model file is missing', async () => {
    const e = await failure(manifest({ model: 'wav2lip_gan.onnx' }));
    expect(e.code).toBe(ErrorCode.PresenterInvalid);
    expect(e.path).toBe('anchor-photo/presenter.json#$.model');
    expect(e.message).toContain('"wav2lip_gan.onnx" was found neither in');
    expect(e.message).toContain('NOTES.md');
    expect(e.detail).toEqual({
      looked: [path.join(dir, 'wav2lip_gan.onnx'), path.join(modelsDir, 'wav2lip_gan.onnx')],
    });
  });

  it('says when the manifest is missing or not JSON', async () => {
    const e = await loadWav2LipPresenter(path.join(tmp, 'nowhere'), { modelsDir }).catch(
      (err: unknown) => err,
    );
    expect((e as ClipwrightError).message).toMatch(/nowhere\/presenter.json cannot be read/);
    await fs.writeFile(path.join(dir, 'presenter.json'), '{ "id": ');
    const bad = await loadWav2LipPresenter(dir, { modelsDir }).catch((err: unknown) => err);
    expect((bad as ClipwrightError).message).toMatch(/presenter.json is not valid JSON/);
  });
});

describe('the committed example presenter (models/lipsync, from scripts/make-tiny-wav2lip.js)', () => {
  const models = path.join(clipwrightPackage().root, 'models');

  it('loads with its model found in models/ and matches the generator byte for byte', async () => {
    const p = await loadWav2LipPresenter(path.join(models, 'lipsync', 'example-still'));
    expect(p.modelPath).toBe(path.join(models, 'lipsync', 'tiny-wav2lip.onnx'));
    expect(p.boxes).toEqual([FIXTURE_BOX]);
    const committed = await fs.readFile(p.modelPath);
    expect(committed.length).toBeLessThan(100 * 1024);
    expect(committed.equals(buildTinyWav2LipModel())).toBe(true);
  });
});
