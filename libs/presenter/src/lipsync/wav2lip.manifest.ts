import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Ajv, { ErrorObject } from 'ajv';
import { ClipwrightError, clipwrightPackage, describeSchemaError, ErrorCode, resolveInside } from '@app/core';
import { BlendMaskOptions, DEFAULT_BLEND_MASK, FaceBox } from './face-window';

export const WAV2LIP_MANIFEST_FILE = 'presenter.json';

const boxSchema = {
  type: 'object',
  required: ['x', 'y', 'width', 'height'],
  additionalProperties: false,
  properties: {
    x: { type: 'integer', minimum: 0 },
    y: { type: 'integer', minimum: 0 },
    width: { type: 'integer', minimum: 16 },
    height: { type: 'integer', minimum: 16 },
  },
} as const;

const relativeFile = { type: 'string', minLength: 1, pattern: '^[^\\0]+$' } as const;

/** JSON Schema (draft-07) for a neural lip-sync presenter's presenter.json. */
export const WAV2LIP_PRESENTER_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://clipwright.dev/schemas/presenter-wav2lip.json',
  title: 'Clipwright Wav2Lip presenter',
  type: 'object',
  required: ['id', 'name', 'kind', 'model', 'source'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    kind: { const: 'wav2lip' },
    model: {
      ...relativeFile,
      description: 'The .onnx file, relative to the presenter folder or to models/',
    },
    source: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
      properties: { still: relativeFile, video: relativeFile },
    },
    faceBox: boxSchema,
    boxes: { ...relativeFile, description: 'JSON file: an array with one face box per frame of the video' },
    fps: { type: 'number', exclusiveMinimum: 0, maximum: 240 },
    mask: {
      type: 'object',
      additionalProperties: false,
      properties: {
        top: { type: 'number', minimum: 0, maximum: 0.9 },
        feather: { type: 'number', minimum: 0, maximum: 0.5 },
      },
    },
    // Rights (read by @app/provenance's presenterRights): the picture's licence, the weights'
    // licence (absent: the official Wav2Lip weights' non-commercial terms), and whether the face is
    // a real person's (absent: it is, and jobs need a consent record).
    licence: { type: 'string', minLength: 1, maxLength: 200 },
    modelLicence: {
      oneOf: [
        { type: 'string', minLength: 1, maxLength: 200 },
        {
          type: 'object',
          additionalProperties: false,
          required: ['id'],
          properties: {
            id: { type: 'string', minLength: 1, maxLength: 100 },
            commercial: { type: 'boolean' },
            name: { type: 'string', maxLength: 200 },
            url: { type: 'string', maxLength: 500 },
          },
        },
      ],
    },
    likeness: { enum: ['synthetic', 'real-person'] },
  },
} as const;

const boxesSchema = { type: 'array', minItems: 1, items: boxSchema } as const;

interface RawManifest {
  id: string;
  name: string;
  kind: 'wav2lip';
  model: string;
  source: { still?: string; video?: string };
  faceBox?: FaceBox;
  boxes?: string;
  fps?: number;
  mask?: Partial<BlendMaskOptions>;
}

export interface Wav2LipPresenter {
  id: string;
  name: string;
  kind: 'wav2lip';
  /** The presenter folder. */
  dir: string;
  /** Absolute path of the .onnx file. */
  modelPath: string;
  source: { kind: 'still' | 'video'; path: string };
  /** One box for every frame, or one per frame of the source video (at `boxFps`). */
  boxes: FaceBox[];
  /** For a video: the frame rate its boxes are numbered at, when the manifest says (else the video's own). */
  fps?: number;
  mask: BlendMaskOptions;
}

export interface LoadWav2LipOptions {
  /** Where shared models live; defaults to the package's models/ folder. */
  modelsDir?: string;
}

const ajv = new Ajv({ allErrors: false, strict: true });
const validateManifest = ajv.compile<RawManifest>(WAV2LIP_PRESENTER_SCHEMA);
const validateBoxes = ajv.compile<FaceBox[]>(boxesSchema);

/** The shared describer, with the one message only a Wav2Lip manifest needs. */
function describe(error: ErrorObject): { path: string; message: string } {
  const described = describeSchemaError(error);
  return error.keyword === 'maxProperties' || error.keyword === 'minProperties'
    ? { ...described, message: 'must name exactly one of "still" or "video"' }
    : described;
}

function invalid(file: string, jsonPathAt: string, message: string, cause?: unknown): ClipwrightError {
  return new ClipwrightError(ErrorCode.PresenterInvalid, `${file}: ${jsonPathAt} ${message}`, {
    path: `${file}#${jsonPathAt}`,
    ...(cause === undefined ? {} : { cause }),
  });
}

async function readJson(file: string, shown: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.PresenterInvalid,
      `${shown} cannot be read: ${(e as Error).message}`,
      {
        path: shown,
        cause: e,
      },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.PresenterInvalid,
      `${shown} is not valid JSON: ${(e as Error).message}`,
      {
        path: shown,
        cause: e,
      },
    );
  }
}

async function isFile(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Reads and checks `<dir>/presenter.json` for a neural lip-sync presenter, resolving every file it
 * names inside the presenter folder (the model may also come from the shared models/ folder), so a
 * manifest can never point the renderer at files elsewhere on the machine.
 */
export async function loadWav2LipPresenter(
  dir: string,
  options: LoadWav2LipOptions = {},
): Promise<Wav2LipPresenter> {
  const root = path.resolve(dir);
  const file = path.join(root, WAV2LIP_MANIFEST_FILE);
  const shown = path.join(path.basename(root), WAV2LIP_MANIFEST_FILE);
  const raw = await readJson(file, shown);
  if (!validateManifest(raw)) {
    const first = validateManifest.errors?.[0];
    const { path: at, message } = first ? describe(first) : { path: '$', message: 'is invalid' };
    throw invalid(shown, at, message);
  }
  const m = raw;
  if ((m.faceBox === undefined) === (m.boxes === undefined)) {
    throw invalid(
      shown,
      '$',
      'must give exactly one of "faceBox" (one box) or "boxes" (a file with a box per frame)',
    );
  }

  const inside = (rel: string, at: string): string => {
    try {
      return resolveInside(root, rel, at);
    } catch (e) {
      throw invalid(shown, `$.${at}`, `"${rel}" points outside the presenter folder`, e);
    }
  };
  const modelsDir = path.resolve(options.modelsDir ?? path.join(clipwrightPackage().root, 'models'));
  const local = inside(m.model, 'model');
  let modelPath = local;
  if (!(await isFile(local))) {
    let shared: string;
    try {
      shared = resolveInside(modelsDir, m.model, 'model');
    } catch (e) {
      throw invalid(
        shown,
        '$.model',
        `"${m.model}" is not in the presenter folder and points outside models/`,
        e,
      );
    }
    if (!(await isFile(shared))) {
      throw new ClipwrightError(
        ErrorCode.PresenterInvalid,
        `${shown}: $.model "${m.model}" was found neither in ${root} nor in ${modelsDir}. ` +
          'Real Wav2Lip weights are not shipped: export them to ONNX and put the file there (see lipsync/NOTES.md)',
        { path: `${shown}#$.model`, detail: { looked: [local, shared] } },
      );
    }
    modelPath = shared;
  }

  const sourceKind = m.source.still !== undefined ? 'still' : 'video';
  const sourceRel = (m.source.still ?? m.source.video) as string;
  const sourcePath = inside(sourceRel, `source.${sourceKind}`);
  if (!(await isFile(sourcePath))) {
    throw invalid(shown, `$.source.${sourceKind}`, `"${sourceRel}" does not exist in the presenter folder`);
  }

  let boxes: FaceBox[];
  if (m.faceBox) {
    boxes = [m.faceBox];
  } else {
    const boxesFile = inside(m.boxes as string, 'boxes');
    const shownBoxes = path.join(path.basename(root), m.boxes as string);
    const list = await readJson(boxesFile, shownBoxes);
    if (!validateBoxes(list)) {
      const first = validateBoxes.errors?.[0];
      const { path: at, message } = first ? describe(first) : { path: '$', message: 'is invalid' };
      throw invalid(shownBoxes, at, message);
    }
    boxes = list;
  }

  return {
    id: m.id,
    name: m.name,
    kind: 'wav2lip',
    dir: root,
    modelPath,
    source: { kind: sourceKind, path: sourcePath },
    boxes,
    ...(m.fps !== undefined ? { fps: m.fps } : {}),
    mask: { ...DEFAULT_BLEND_MASK, ...m.mask },
  };
}
