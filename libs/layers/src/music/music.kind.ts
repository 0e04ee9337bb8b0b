import type { LayerSpec } from '../kind-definition';
import { defineKind } from '../layer-kind';
import type { MediaFile } from '../common/media.load';
import { type BoundSoundSource, SOUND_PROPERTIES, soundSource } from '../common/sound.fields';
import { checkTemplateFile } from '../common/template-file';
import { frames } from '../common/window';
import { framesOf } from '@app/timeline';

export interface DuckSpec {
  depth?: number;
  attack?: number;
  release?: number;
}

export type MusicLayer = LayerSpec & {
  type: 'music';
  src: string;
  gain?: number;
  start?: number;
  offset?: number;
  loop?: boolean;
  fadeIn?: number;
  fadeOut?: number;
  duck?: DuckSpec | false;
};

export interface BoundMusic extends BoundSoundSource {
  gain: number;
  start: number;
  offset: number;
  loop: boolean;
  fadeIn: number;
  fadeOut: number;
  /** dB down under the voice and the seconds to get there and back; absent: never ducked. */
  duck?: { depth: number; attack: number; release: number };
}

/** A bed sits this far under the file's own level unless the template says otherwise. */
export const DEFAULT_MUSIC_GAIN = -6;
export const DEFAULT_DUCK = { depth: 12, attack: 0.15, release: 0.6 } as const;

/**
 * A music bed: a sound file of the template folder or one the data names, from its scene's start
 * (+ `start`) to the end of the clip, looped (default) or cut to fit, faded in and out, and ducked
 * under the voice (ffmpeg `sidechaincompress` with the voice as the sidechain: about `depth` dB,
 * reached in `attack` seconds and released in `release`). Place it in the first scene to run under
 * the whole clip.
 */
export const musicKind = defineKind<MusicLayer, BoundMusic, MediaFile | undefined, undefined>({
  type: 'music',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'src'],
    properties: {
      type: { const: 'music' },
      ...SOUND_PROPERTIES,
      loop: { type: 'boolean', description: 'repeat the file to the end of the clip (default true)' },
      fadeIn: { type: 'number', minimum: 0, maximum: 10, description: 'seconds (default 1)' },
      fadeOut: {
        type: 'number',
        minimum: 0,
        maximum: 10,
        description: 'seconds at the clip end (default 1.5)',
      },
      duck: {
        description:
          'lower the bed while the voice speaks (default 12 dB, 0.15 s attack, 0.6 s release); false: never',
        oneOf: [
          { const: false },
          {
            type: 'object',
            additionalProperties: false,
            properties: {
              depth: { type: 'number', minimum: 1, maximum: 40, description: 'dB down at most' },
              attack: { type: 'number', minimum: 0.01, maximum: 2, description: 'seconds' },
              release: { type: 'number', minimum: 0.01, maximum: 9, description: 'seconds' },
            },
          },
        ],
      },
    },
  },
  check: (layer, at, ctx) => checkTemplateFile(layer.src, at, ctx, 'src'),
  bind: async (layer, text) => ({
    ...soundSource(layer.src, await text.render(layer.src, 'src')),
    gain: layer.gain ?? DEFAULT_MUSIC_GAIN,
    start: layer.start ?? 0,
    offset: layer.offset ?? 0,
    loop: layer.loop ?? true,
    fadeIn: layer.fadeIn ?? 1,
    fadeOut: layer.fadeOut ?? 1.5,
    ...(layer.duck === false ? {} : { duck: { ...DEFAULT_DUCK, ...(layer.duck ?? {}) } }),
  }),
  place: () => null,
  sound: (layer, media, _p, scene, { rate, duration }) => {
    if (!media) return null;
    const start = Math.min(scene.start + framesOf(layer.start, rate), duration);
    const room = duration - start;
    const own = layer.loop
      ? room
      : Math.min(room, framesOf(Math.max(0, media.duration - layer.offset), rate));
    if (own <= 0) return null;
    return {
      role: 'music',
      clips: [
        {
          file: media.file,
          start,
          duration: own,
          offset: layer.offset,
          ...(layer.loop ? { loop: true } : {}),
        },
      ],
      gain: layer.gain,
      fadeIn: Math.min(frames(layer.fadeIn, rate), own),
      fadeOut: Math.min(frames(layer.fadeOut, rate), own),
      ...(layer.duck ? { ducking: { under: 'voice', ...layer.duck } } : {}),
    };
  },
  painter: () => import('../common/sound.draw'),
});
