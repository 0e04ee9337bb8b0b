import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Path2D } from '@napi-rs/canvas';
import { ClipwrightError, ErrorCode } from '@app/core';
import { PRESENTER_ASPECT, PRESENTER_HEAD } from '../../graphics/src/layout';
import { checkPresenter, PresenterLibrary } from './presenter.library';
import { VISEMES } from './presenter.types';

const MODELS = path.join(__dirname, '../../../models/presenters');

async function errorOf(p: Promise<unknown>): Promise<ClipwrightError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ClipwrightError);
  return e as ClipwrightError;
}

describe('PresenterLibrary with the built-in presenters', () => {
  const library = new PresenterLibrary(MODELS);

  it('lists at least two presenters', async () => {
    const ids = await library.list();
    expect(ids).toEqual(expect.arrayContaining(['ada', 'kofi']));
  });

  it.each(['ada', 'kofi'])('loads %s with every mouth shape', async (id) => {
    const p = await library.load(id);
    expect(p.id).toBe(id);
    expect(p.manifest.kind).toBe('rig');
    expect(Object.keys(p.manifest.mouth.shapes).sort()).toEqual([...VISEMES]);
    expect(p.source).toBe(`models/presenters/${id}/presenter.json`);
  });

  it('draws two distinct presenters', async () => {
    const [a, k] = await Promise.all([library.load('ada'), library.load('kofi')]);
    expect(a.manifest.palette.skin).not.toBe(k.manifest.palette.skin);
    expect(a.manifest.head.map((s) => s.d)).not.toEqual(k.manifest.head.map((s) => s.d));
  });

  it.each(['ada', 'kofi'])(
    '%s keeps its head where the layouts keep text away (graphics PRESENTER_HEAD)',
    async (id) => {
      const m = (await library.load(id)).manifest;
      expect(m.canvas.width / m.canvas.height).toBeCloseTo(PRESENTER_ASPECT, 6);
      const bounds = m.head.map((s) => new Path2D(s.d).getBounds());
      // Plus the most the head travels (sway 9, nod 18 art units; see presenter.clip.ts).
      const left = Math.min(...bounds.map((b) => b[0])) - 9;
      const right = Math.max(...bounds.map((b) => b[2])) + 9;
      const top = Math.min(...bounds.map((b) => b[1])) - 4;
      const bottom = Math.max(...bounds.map((b) => b[3])) + 18;
      expect(left / m.canvas.width).toBeGreaterThanOrEqual(PRESENTER_HEAD.left);
      expect(right / m.canvas.width).toBeLessThanOrEqual(PRESENTER_HEAD.right);
      expect(top / m.canvas.height).toBeGreaterThanOrEqual(PRESENTER_HEAD.top);
      expect(bottom / m.canvas.height).toBeLessThanOrEqual(PRESENTER_HEAD.bottom);
    },
  );

  it.each(['../ada', 'Ada', 'ada/../kofi', '', '.hidden'])(
    'refuses the id %j without reading',
    async (id) => {
      const e = await errorOf(library.load(id));
      expect(e.code).toBe(ErrorCode.PresenterNotFound);
    },
  );

  it('names the available presenters for an unknown id', async () => {
    const e = await errorOf(library.load('nobody'));
    expect(e.code).toBe(ErrorCode.PresenterNotFound);
    expect(e.message).toMatch(/Unknown presenter "nobody"; available: .*ada.*kofi/);
  });
});

describe('presenter validation', () => {
  let root: string;
  let dir: string;
  let manifest: Record<string, unknown>;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-presenter-'));
    dir = path.join(root, 'models', 'presenters');
    await fs.mkdir(path.join(dir, 'ada'), { recursive: true });
    manifest = JSON.parse(await fs.readFile(path.join(MODELS, 'ada', 'presenter.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  const write = (m: unknown) => fs.writeFile(path.join(dir, 'ada', 'presenter.json'), JSON.stringify(m));

  it('refuses a folder whose mouth shape is missing, naming the shape', async () => {
    delete (manifest.mouth as { shapes: Record<string, unknown> }).shapes.F;
    await write(manifest);
    const e = await errorOf(new PresenterLibrary(dir).load('ada'));
    expect(e.code).toBe(ErrorCode.PresenterInvalid);
    expect(e.message).toBe('models/presenters/ada/presenter.json: mouth shape "F" is missing');
    expect(e.isInputError).toBe(true);
  });

  it('refuses an unknown palette colour, naming where it is used', async () => {
    (manifest.head as { fill: string }[])[0].fill = '$nope';
    await write(manifest);
    const e = await errorOf(new PresenterLibrary(dir).load('ada'));
    expect(e.code).toBe(ErrorCode.PresenterInvalid);
    expect(e.message).toMatch(/\$\.head\[0\]\.fill uses colour "\$nope"/);
  });

  it('refuses path data that draws nothing', async () => {
    (manifest.body as { d: string }[])[1].d = 'hello';
    await write(manifest);
    const e = await errorOf(new PresenterLibrary(dir).load('ada'));
    expect(e.message).toMatch(/\$\.body\[1\]\.d is not SVG path data/);
  });

  it('refuses a mouth shape out of range and unknown properties', () => {
    const m = structuredClone(manifest) as { mouth: { shapes: { D: { open: number } } }; extra?: number };
    m.mouth.shapes.D.open = 9;
    expect(() => checkPresenter(m, 'x.json')).toThrow(/x\.json: \$\.mouth\.shapes\.D\.open must be <= 2/);
    const n = structuredClone(manifest) as Record<string, unknown>;
    n.extra = 1;
    expect(() => checkPresenter(n, 'x.json')).toThrow(/\$\.extra is not allowed here/);
  });

  it('refuses an id that does not match the folder, and a clip to an unknown shape', async () => {
    await write({ ...manifest, id: 'eve' });
    expect((await errorOf(new PresenterLibrary(dir).load('ada'))).message).toMatch(/id "eve" does not match/);
    const m = structuredClone(manifest) as { head: { clip?: string }[] };
    m.head[0].clip = 'later';
    expect(() => checkPresenter(m, 'x.json')).toThrow(/clip names "later"/);
  });

  it('refuses broken JSON', async () => {
    await fs.writeFile(path.join(dir, 'ada', 'presenter.json'), '{"id":');
    const e = await errorOf(new PresenterLibrary(dir).load('ada'));
    expect(e.code).toBe(ErrorCode.PresenterInvalid);
    expect(e.message).toMatch(/not valid JSON/);
  });
});
