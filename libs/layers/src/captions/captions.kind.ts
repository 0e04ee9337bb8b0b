import { type CaptionStyleName, resolveCaptionStyle, type TemplateCaptionStyle } from '@app/captions';
import { ClipwrightError, ErrorCode, toClipwrightError } from '@app/core';
import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';

/** A caption style as a template writes it: a named style, or a named style with its own look. */
export type CaptionStyle = CaptionStyleName | TemplateCaptionStyle;
export type CaptionsLayer = LayerSpec & { type: 'captions'; style?: CaptionStyle };
export type BoundCaptions = { style: CaptionStyle };

const COLOUR = { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' } as const;
const STYLE_NAME = { enum: ['broadcast', 'social'] } as const;

/**
 * The `style` field: `"broadcast"`, `"social"`, or `{ "base": ..., overrides }` (see resolveCaptionStyle).
 * if/then/else rather than anyOf, so a bad value is reported on its own field (`style.textColour`).
 */
const STYLE_SCHEMA = {
  description:
    'broadcast: white on a translucent box in the layout band; social: large, bold, each word lit as it is spoken, clear of the bands vertical-video apps cover; or an object with a base style and its own look',
  if: { type: 'string' },
  then: STYLE_NAME,
  else: {
    type: 'object',
    additionalProperties: false,
    required: ['base'],
    properties: {
      base: STYLE_NAME,
      fontName: {
        type: 'string',
        pattern: '^[\\p{L}\\p{N} ._-]{1,64}$',
        description: 'an installed font family',
      },
      fontScale: { type: 'number', minimum: 0.5, maximum: 2, description: "times the base style's size" },
      bold: { type: 'boolean' },
      textColour: COLOUR,
      boxColour: { ...COLOUR, description: 'the box (broadcast) or outline (social) colour' },
      boxOpacity: { type: 'number', minimum: 0, maximum: 1 },
      highlightColour: {
        anyOf: [COLOUR, { type: 'null' }],
        description: 'the colour of the word being spoken (karaoke); null: none',
      },
      position: { enum: ['bottom', 'middle', 'top'] },
    },
  },
} as const;

/**
 * The scene's narration burned in as captions (libass), in the band the layout keeps for them or
 * where the style puts them. They go over the finished picture (program plane), so a transition
 * never fades or wipes them.
 */
export const captionsKind = defineKind<CaptionsLayer, BoundCaptions, undefined, undefined>({
  type: 'captions',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { const: 'captions' }, style: STYLE_SCHEMA },
  },
  check: (layer, at) => {
    if (layer.style === undefined) return;
    try {
      // The checks do not depend on the frame: any size proves the style resolves.
      resolveCaptionStyle(layer.style, { width: 1920, height: 1080 });
    } catch (e) {
      const err = toClipwrightError(e);
      const field = (err.path ?? 'captions.style').replace(/^captions\./, '');
      throw new ClipwrightError(ErrorCode.TemplateInvalid, `${at.path}.${field}: ${err.message}`, {
        path: `${at.path}.${field}`,
        cause: err,
      });
    }
  },
  bind: async (layer) => ({ style: layer.style ?? 'broadcast' }),
  place: (_layer, _drawn, scene) => ({
    plane: 'program',
    window: { start: scene.start, end: scene.end },
    fadeIn: 0,
    fadeOut: 0,
    motion: { type: 'still' },
  }),
  painter: () => import('./captions.draw'),
});
