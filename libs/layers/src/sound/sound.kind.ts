import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import type { MediaFile } from '../common/media.load';
import { type BoundSoundSource, SOUND_PROPERTIES, soundSource } from '../common/sound.fields';
import { checkTemplateFile } from '../common/template-file';
import { framesOf } from '@app/timeline';

export type SoundLayer = LayerSpec & {
  type: 'sound';
  src: string;
  gain?: number;
  start?: number;
  offset?: number;
};

export interface BoundSound extends BoundSoundSource {
  gain: number;
  start: number;
  offset: number;
}

/**
 * A sound effect: a file of the template folder or one the data names, played once at `start`
 * seconds into its scene (a whoosh on a card, a chime on the price), at `gain` dB; it may ring on
 * past its scene, never past the clip. Mixed with the voice and the bed, never ducked.
 */
export const soundKind = defineKind<SoundLayer, BoundSound, MediaFile | undefined, undefined>({
  type: 'sound',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'src'],
    properties: { type: { const: 'sound' }, ...SOUND_PROPERTIES },
  },
  check: (layer, at, ctx) => checkTemplateFile(layer.src, at, ctx, 'src'),
  bind: async (layer, text) => ({
    ...soundSource(layer.src, await text.render(layer.src, 'src')),
    gain: layer.gain ?? 0,
    start: layer.start ?? 0,
    offset: layer.offset ?? 0,
  }),
  place: () => null,
  sound: (layer, media, _p, scene, { rate, duration }) => {
    if (!media) return null;
    const start = scene.start + framesOf(layer.start, rate);
    const own = Math.min(duration - start, framesOf(Math.max(0, media.duration - layer.offset), rate));
    if (own <= 0) return null;
    return {
      role: 'effects',
      clips: [{ file: media.file, start, duration: own, offset: layer.offset }],
      gain: layer.gain,
      fadeIn: 0,
      fadeOut: 0,
    };
  },
  painter: () => import('../common/sound.draw'),
});
