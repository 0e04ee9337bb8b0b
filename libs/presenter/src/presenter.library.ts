import { loadWav2LipPresenter, type Wav2LipPresenter } from './lipsync';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { Path2D } from '@napi-rs/canvas';
import { ClipwrightError, describeSchemaError, ErrorCode, resolveInside } from '@app/core';
import { presenterSchema } from './presenter.schema';
import { type ArtShape, type LinearGradient, type PresenterManifest, VISEMES } from './presenter.types';

export const PRESENTER_FILE = 'presenter.json';
const PRESENTER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A validated presenter: its manifest and where it was read from (for messages). */
export class Presenter {
  constructor(
    readonly manifest: PresenterManifest,
    /** The manifest's path as shown to people: `models/presenters/<id>/presenter.json`. */
    readonly source: string,
  ) {}

  get id(): string {
    return this.manifest.id;
  }
}

const ajv = new Ajv({ allErrors: false, strict: true, strictTuples: false });
const validateSchema = ajv.compile<PresenterManifest>(presenterSchema);

function invalid(source: string, where: string, message: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.PresenterInvalid, `${source}: ${message}`, {
    path: `${source}#${where}`,
  });
}

/**
 * Check a parsed presenter.json: the schema, then what a schema cannot say — every mouth shape
 * present (named when one is not), palette references that resolve, path data that draws
 * something, clip names that refer to an earlier shape.
 */
export function checkPresenter(value: unknown, source: string): PresenterManifest {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    // Checked before the schema, so the message names the shape rather than a generic property.
    const shapes = (value as { mouth?: { shapes?: unknown } }).mouth?.shapes;
    if (shapes && typeof shapes === 'object') {
      const missing = VISEMES.find((v) => !(v in shapes));
      if (missing) throw invalid(source, `$.mouth.shapes.${missing}`, `mouth shape "${missing}" is missing`);
    }
  }
  if (!validateSchema(value)) {
    const e = validateSchema.errors?.[0];
    const { path: where, message } = e ? describeSchemaError(e) : { path: '$', message: 'is invalid' };
    throw invalid(source, where, `${where} ${message}`);
  }
  const m = value;
  const paint = (p: string, where: string): void => {
    if (p.startsWith('$') && !(p.slice(1) in m.palette)) {
      throw invalid(source, where, `${where} uses colour "${p}", which the palette does not define`);
    }
  };
  const drawable = (d: string, where: string): void => {
    let bounds: number[];
    try {
      bounds = new Path2D(d).getBounds();
    } catch (e) {
      throw invalid(source, where, `${where} is not SVG path data: ${(e as Error).message}`);
    }
    if (!(bounds[2] > bounds[0] || bounds[3] > bounds[1])) {
      throw invalid(source, where, `${where} is not SVG path data that draws anything`);
    }
  };
  const layer = (shapes: ArtShape[], name: string): void => {
    const names = new Set<string>();
    shapes.forEach((s, i) => {
      const where = `$.${name}[${i}]`;
      drawable(s.d, `${where}.d`);
      if (typeof s.fill === 'string') paint(s.fill, `${where}.fill`);
      else if (s.fill)
        (s.fill as LinearGradient).stops.forEach(([, c], k) => paint(c, `${where}.fill.stops[${k}]`));
      if (s.stroke) paint(s.stroke, `${where}.stroke`);
      if (!s.fill && !s.stroke) throw invalid(source, where, `${where} has neither fill nor stroke`);
      if (s.clip !== undefined && !names.has(s.clip)) {
        throw invalid(
          source,
          `${where}.clip`,
          `${where}.clip names "${s.clip}", which no earlier shape is called`,
        );
      }
      if (s.name) names.add(s.name);
    });
  };
  layer(m.body, 'body');
  layer(m.head, 'head');
  const e = m.eyes;
  for (const k of ['white', 'iris', 'pupil', 'lid', 'lash', 'brow'] as const) paint(e[k], `$.eyes.${k}`);
  e.brows.forEach((d, i) => drawable(d, `$.eyes.brows[${i}]`));
  if (e.glasses) {
    paint(e.glasses.color, '$.eyes.glasses.color');
    if (e.glasses.lensFill) paint(e.glasses.lensFill, '$.eyes.glasses.lensFill');
    e.glasses.frame.forEach((d, i) => drawable(d, `$.eyes.glasses.frame[${i}]`));
    (e.glasses.lens ?? []).forEach((d, i) => drawable(d, `$.eyes.glasses.lens[${i}]`));
  }
  for (const k of ['lip', 'line', 'inside', 'teeth', 'tongue'] as const) paint(m.mouth[k], `$.mouth.${k}`);
  return m;
}

/** Finds presenters by id in one folder (models/presenters of the project, or a configured one). */
export class PresenterLibrary {
  constructor(private readonly dir: string) {}

  async list(): Promise<string[]> {
    const entries = await fs.readdir(this.dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    const ids: string[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || !PRESENTER_ID.test(e.name)) continue;
      const has = await fs
        .stat(path.join(this.dir, e.name, PRESENTER_FILE))
        .then((s) => s.isFile())
        .catch(() => false);
      if (has) ids.push(e.name);
    }
    return ids.sort();
  }

  /** The folder of a presenter id (validated: no path escapes). */
  folder(id: string): string {
    if (typeof id !== 'string' || !PRESENTER_ID.test(id)) {
      throw new ClipwrightError(
        ErrorCode.PresenterNotFound,
        `"${String(id)}" is not a presenter id (lowercase letters, digits, -)`,
        {
          path: 'presenter.id',
        },
      );
    }
    return resolveInside(this.dir, id, 'presenter');
  }

  /**
   * A presenter of either kind: the built-in vector rig ('rig'), or a photo/video presenter driven by
   * a Wav2Lip-signature model the channel brings ('wav2lip'; models resolve against the models/ folder
   * that holds this presenters folder).
   */
  async loadAny(
    id: string,
  ): Promise<{ kind: 'rig'; presenter: Presenter } | { kind: 'wav2lip'; presenter: Wav2LipPresenter }> {
    const dir = this.folder(id);
    const raw = await fs.readFile(path.join(dir, PRESENTER_FILE), 'utf8').catch(() => undefined);
    let kind: unknown;
    try {
      kind = raw === undefined ? undefined : (JSON.parse(raw) as { kind?: unknown }).kind;
    } catch {
      kind = undefined; // load() reports the JSON error with its place
    }
    if (kind === 'wav2lip') {
      return { kind, presenter: await loadWav2LipPresenter(dir, { modelsDir: path.dirname(this.dir) }) };
    }
    return { kind: 'rig', presenter: await this.load(id) };
  }

  async load(id: string): Promise<Presenter> {
    if (typeof id !== 'string' || !PRESENTER_ID.test(id)) {
      throw new ClipwrightError(
        ErrorCode.PresenterNotFound,
        `"${String(id)}" is not a presenter id (lowercase letters, digits, -)`,
        { path: 'presenter.id' },
      );
    }
    const file = resolveInside(this.dir, path.join(id, PRESENTER_FILE), 'presenter');
    const source = `${path.basename(this.dir)}/${id}/${PRESENTER_FILE}`;
    const shown = path.basename(path.dirname(this.dir)) === 'models' ? `models/${source}` : source;
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const known = await this.list();
      throw new ClipwrightError(
        ErrorCode.PresenterNotFound,
        `Unknown presenter "${id}"${known.length ? `; available: ${known.join(', ')}` : ''}`,
        { path: 'presenter.id', cause: e },
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw invalid(shown, '$', `not valid JSON: ${(e as Error).message}`);
    }
    const manifest = checkPresenter(value, shown);
    if (manifest.id !== id) {
      throw invalid(shown, '$.id', `id "${manifest.id}" does not match its folder "${id}"`);
    }
    return new Presenter(manifest, shown);
  }
}
