import { ClipwrightError, ErrorCode, isLandscape } from '@app/core';
import {
  layoutFor,
  PRESENTER_MIN_HEAD,
  type PresenterPlacement,
  presenterHeadRect,
} from '@app/graphics/layout';
import type { LayerAt, LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import { wholeSceneStill } from '../common/window';

export const PRESENTER_PLACEMENTS: readonly PresenterPlacement[] = [
  'right-third',
  'left-third',
  'lower-half',
  'full',
  'pip',
];

export type PresenterLayer = LayerSpec & {
  type: 'presenter';
  id: string;
  placement?: Record<string, PresenterPlacement>;
};
export type BoundPresenter = { id: string; placement?: Record<string, PresenterPlacement> };

/** What the perform stage made of a presenter, once per job (see presenter.draw.ts). */
export type PresenterPerformance = unknown;

/** Where the presenter stands on an output: the template's placement for the aspect, else right-third (landscape) or lower-half. */
export function placementFor(
  layer: BoundPresenter,
  frame: { aspect: string; width: number; height: number },
): PresenterPlacement {
  return (
    layer.placement?.[frame.aspect] ?? (isLandscape(frame.width, frame.height) ? 'right-third' : 'lower-half')
  );
}

/**
 * Refuses a placement that leaves the anchor a speck on some output (its head under
 * PRESENTER_MIN_HEAD of the frame's height), computed with the layout the scene will get.
 * Throws TEMPLATE_INVALID naming the placement (or the layer, for the default placement).
 */
function checkPresenterSize(layer: PresenterLayer, at: LayerAt): void {
  for (const output of at.outputs) {
    const placement = placementFor(layer, output);
    const layout = layoutFor(output.width, output.height, {
      presenter: placement,
      dataCard: at.sceneClaims.includes('dataCard'),
    });
    const head = layout.presenter ? presenterHeadRect(layout.presenter).height : 0;
    if (head < PRESENTER_MIN_HEAD * output.height) {
      const where = layer.placement?.[output.aspect] ? `${at.path}.placement["${output.aspect}"]` : at.path;
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `${where}: "${placement}" leaves the presenter's head ${head} px tall on the ${output.aspect} ` +
          `output (${output.width}x${output.height}); it must be at least ` +
          `${Math.ceil(PRESENTER_MIN_HEAD * output.height)} px: choose another placement for this aspect`,
        { path: where },
      );
    }
  }
}

/**
 * The synthetic anchor reading its scene's narration: the built-in vector presenters drawn per
 * output, or a photo/video presenter lip-synced once per job by a Wav2Lip-signature model and scaled
 * per output. It reserves its place in the scene's layout, so text moves clear of its head.
 */
export const presenterKind = defineKind<PresenterLayer, BoundPresenter, undefined, PresenterPerformance>({
  type: 'presenter',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'id'],
    properties: {
      type: { const: 'presenter' },
      id: {
        type: 'string',
        pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
        description: 'a folder of models/presenters',
      },
      placement: {
        type: 'object',
        description: 'per output aspect; default right-third in landscape, lower-half in portrait',
        propertyNames: { pattern: '^[0-9]+:[0-9]+$' },
        additionalProperties: { enum: PRESENTER_PLACEMENTS },
      },
    },
  },
  async check(layer, at, ctx) {
    if (!at.narrated) {
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `${at.path}: a presenter reads its scene's narration, and scene "${at.sceneId}" has none`,
        { path: at.path },
      );
    }
    const { aspects } = at;
    for (const aspect of Object.keys(layer.placement ?? {})) {
      if (!aspects.includes(aspect)) {
        const where = `${at.path}.placement["${aspect}"]`;
        throw new ClipwrightError(
          ErrorCode.TemplateInvalid,
          `${where}: the template has no ${aspect} output; it renders ${aspects.join(', ')}`,
          { path: where },
        );
      }
    }
    checkPresenterSize(layer, at);
    if (!ctx.presenters || !(await ctx.presenters.has(layer.id))) {
      const known = ctx.presenters ? await ctx.presenters.ids() : [];
      throw new ClipwrightError(
        ErrorCode.PresenterNotFound,
        `${at.path}.id: unknown presenter "${layer.id}"${known.length ? `; available: ${known.join(', ')}` : '; no presenters are configured'}`,
        { path: `${at.path}.id` },
      );
    }
  },
  bind: async (layer) => ({ id: layer.id, ...(layer.placement ? { placement: layer.placement } : {}) }),
  layout: (layer, frame) => ({ presenter: placementFor(layer, frame) }),
  place: (_layer, _drawn, scene) => wholeSceneStill(scene),
  painter: () => import('./presenter.draw'),
});
