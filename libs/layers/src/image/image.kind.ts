import type { Image } from '@napi-rs/canvas';
import type { LayerSpec } from '../kind-definition';
import { ClipwrightError, ErrorCode } from '@app/core';
import { type FrameRate, framesOf, type Span, type ViewBox } from '@app/timeline';
import { defineKind } from '../layer-kind';
import { isLiquid } from '../common/picture';
import { checkTemplateFile } from '../common/template-file';
import { FRAMING_PROPERTIES, TEXT, WINDOW_PROPERTIES } from '../common/schema';
import { timedWindow } from '../common/window';

export type ImageMotion = 'none' | 'kenBurns' | 'panLeft' | 'panRight' | 'panUp' | 'panDown';
export type Fit = 'cover' | 'contain';
interface Point {
  x: number;
  y: number;
}

/** How several pictures share the layer: one after another in its window, or side by side at once. */
export type Arrange = 'sequence' | 'grid';

export type ImageLayer = LayerSpec & {
  type: 'image';
  src?: string;
  sources?: string[];
  arrange?: Arrange;
  placeholder?: string;
  fit?: Fit;
  focus?: Point;
  box?: ViewBox;
  motion?: ImageMotion;
  zoom?: number;
  start?: number;
  end?: number;
};

export interface BoundImage {
  /** Empty once bound: no picture, the layer is not shown. */
  src?: { ref: string; fromData: boolean };
  /** With `sources`: every picture that rendered non-blank, in order (then `src` is absent). */
  pictures?: { ref: string; fromData: boolean }[];
  arrange: Arrange;
  /** A file of the template shown in place of a picture the data names that is missing or broken. */
  placeholder?: string;
  fit: Fit;
  focus: Point;
  /** Where on the frame, as fractions of its width and height. */
  box: ViewBox;
  motion: ImageMotion;
  zoom: number;
  start?: number;
  end?: number;
}

/** A grid shows at most this many pictures (2x2). */
export const GRID_MAX = 4;
/** Seconds each picture of a sequence crossfades in over the one before (at most a third of its share). */
export const SEQUENCE_CROSSFADE = 0.4;

/**
 * Picture `part.index` of `part.count` in a sequence: an equal share of the window each; each after
 * the first fades in over the one before, which is held on under it for the fade.
 */
export function sequenceSlice(
  whole: Span,
  part: { index: number; count: number },
  rate: FrameRate,
): { window: Span; fadeIn: number } {
  const length = whole.end - whole.start;
  const at = (i: number): number => whole.start + Math.round((length * i) / part.count);
  const fade = Math.min(framesOf(SEQUENCE_CROSSFADE, rate), Math.floor(length / part.count / 3));
  const last = part.index === part.count - 1;
  return {
    window: { start: at(part.index), end: last ? whole.end : at(part.index + 1) + fade },
    fadeIn: part.index === 0 ? 0 : fade,
  };
}
export const DEFAULT_ZOOM = 1.15;

/**
 * The view of the picture at the layer's start and end: Ken Burns zooms from the whole picture to
 * 1/zoom of it around the focus; a pan crosses the picture at that zoom. Boxes stay inside the picture.
 */
export function viewBoxes(layer: Pick<BoundImage, 'motion' | 'zoom' | 'focus'>): {
  from: ViewBox;
  to: ViewBox;
} {
  // Fractions to a millionth: exact enough for any frame, and free of float noise in the record.
  const r = (v: number): number => Math.round(v * 1e6) / 1e6;
  const size = r(1 / layer.zoom);
  const clamp = (v: number): number => r(Math.min(1 - size, Math.max(0, v - size / 2)));
  const whole = { x: 0, y: 0, width: 1, height: 1 };
  const at = (x: number, y: number): ViewBox => ({ x: r(x), y: r(y), width: size, height: size });
  const fx = clamp(layer.focus.x);
  const fy = clamp(layer.focus.y);
  switch (layer.motion) {
    case 'kenBurns':
      return { from: whole, to: at(fx, fy) };
    case 'panLeft':
      return { from: at(1 - size, fy), to: at(0, fy) };
    case 'panRight':
      return { from: at(0, fy), to: at(1 - size, fy) };
    case 'panUp':
      return { from: at(fx, 1 - size), to: at(fx, 0) };
    case 'panDown':
      return { from: at(fx, 0), to: at(fx, 1 - size) };
    default:
      return { from: whole, to: whole };
  }
}

/**
 * A still picture: a file of the template folder (`src` without Liquid, checked at load) or one the
 * data names (`{{ data.photo }}`: `asset:<id>` in the service, a path next to the data file in the
 * CLI). Fitted once per output (cover crops around the focus point, contain letterboxes), then moved
 * by ffmpeg on the one decoded still: Ken Burns and pans, sampled at sub-pixel positions.
 */
export const imageKind = defineKind<ImageLayer, BoundImage, Image | Image[] | undefined, undefined>({
  type: 'image',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    oneOf: [{ required: ['src'] }, { required: ['sources'] }],
    properties: {
      type: { const: 'image' },
      src: { ...TEXT, description: 'a file of the template folder, or Liquid naming a picture in the data' },
      sources: {
        type: 'array',
        minItems: 2,
        maxItems: 8,
        items: TEXT,
        description:
          'several pictures (files or Liquid), in place of src; those that render blank are left out',
      },
      placeholder: {
        $ref: '#/definitions/relativeFile',
        description:
          'a picture of the template folder shown in place of one the data names that is missing or unreadable (default: the job fails naming the field)',
      },
      arrange: {
        enum: ['sequence', 'grid'],
        description:
          'sources one after another in the window, each with its own move (default), or a grid of 2 to 4 at once',
      },
      ...FRAMING_PROPERTIES,
      motion: { enum: ['none', 'kenBurns', 'panLeft', 'panRight', 'panUp', 'panDown'] },
      zoom: {
        type: 'number',
        minimum: 1,
        maximum: 2,
        description: `how far Ken Burns zooms in, or a pan's zoom (default ${DEFAULT_ZOOM})`,
      },
      ...WINDOW_PROPERTIES,
    },
  },
  async check(layer, at, ctx) {
    await checkTemplateFile(layer.src, at, ctx, 'src');
    await checkTemplateFile(layer.placeholder, at, ctx, 'placeholder');
    for (const [i, s] of (layer.sources ?? []).entries())
      await checkTemplateFile(s, at, ctx, `sources[${i}]`);
    if (layer.arrange === 'grid' && (layer.sources?.length ?? 0) > GRID_MAX) {
      const where = `${at.path}.sources`;
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `${where}: a grid shows at most ${GRID_MAX} pictures`,
        {
          path: where,
        },
      );
    }
  },
  bind: async (layer, text) => {
    const ref = await text.render(layer.src, 'src');
    const pictures: { ref: string; fromData: boolean }[] = [];
    for (const [i, s] of (layer.sources ?? []).entries()) {
      const r = await text.render(s, `sources[${i}]`);
      if (r) pictures.push({ ref: r, fromData: isLiquid(s) });
    }
    const box = layer.box ?? { x: 0, y: 0, width: 1, height: 1 };
    return {
      ...(ref ? { src: { ref, fromData: isLiquid(layer.src) } } : {}),
      ...(layer.sources ? { pictures } : {}),
      arrange: layer.arrange ?? 'sequence',
      ...(layer.placeholder ? { placeholder: layer.placeholder } : {}),
      fit: layer.fit ?? 'cover',
      focus: layer.focus ?? { x: 0.5, y: 0.5 },
      // A box reaching past the frame is cut at its edge.
      box: { ...box, width: Math.min(box.width, 1 - box.x), height: Math.min(box.height, 1 - box.y) },
      motion: layer.motion ?? 'none',
      zoom: layer.zoom ?? DEFAULT_ZOOM,
      start: layer.start,
      end: layer.end,
    };
  },
  endsAt: (layer) => (layer.end !== undefined && layer.end > 0 ? layer.end : undefined),
  place: (layer, _drawn, scene, { rate, part }) => {
    const whole = timedWindow(scene, rate, layer, 0, 0);
    if (!whole) return null;
    const { window, fadeIn } = part ? sequenceSlice(whole, part, rate) : { window: whole, fadeIn: 0 };
    // In a sequence every other picture moves back the other way, so the moves do not all repeat.
    const { from, to } = viewBoxes(layer);
    const reverse = part !== undefined && part.index % 2 === 1;
    const still = layer.motion === 'none';
    return {
      plane: 'scene',
      window,
      fadeIn,
      fadeOut: 0,
      motion: still
        ? { type: 'still' }
        : { type: 'view', from: reverse ? to : from, to: reverse ? from : to, easing: 'linear' },
    };
  },
  painter: () => import('./image.draw'),
});
