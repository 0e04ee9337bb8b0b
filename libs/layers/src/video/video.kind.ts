import type { LayerSpec } from '../kind-definition';
import type { ViewBox } from '@app/timeline';
import { defineKind } from '../layer-kind';
import type { MediaFile } from '../common/media.load';
import { isLiquid } from '../common/picture';
import { FRAMING_PROPERTIES, TEXT, WINDOW_PROPERTIES } from '../common/schema';
import { checkTemplateFile } from '../common/template-file';
import { frames, timedWindow } from '../common/window';

export type VideoAudio = 'mute' | 'mix';

export type VideoLayer = LayerSpec & {
  type: 'video';
  src: string;
  trim?: { in?: number; out?: number };
  loop?: boolean;
  audio?: VideoAudio;
  gain?: number;
  fit?: 'cover' | 'contain';
  focus?: { x: number; y: number };
  box?: ViewBox;
  fadeIn?: number;
  fadeOut?: number;
  start?: number;
  end?: number;
};

export interface BoundVideo {
  /** Empty once bound: no clip, the layer is not shown. */
  src?: { ref: string; fromData: boolean };
  /** Seconds into the file. */
  in: number;
  /** Seconds into the file where the clip ends; absent: its end. */
  out?: number;
  loop: boolean;
  audio: VideoAudio;
  /** dB applied to the clip's sound when mixed. */
  gain: number;
  fit: 'cover' | 'contain';
  focus: { x: number; y: number };
  box: ViewBox;
  fadeIn: number;
  fadeOut: number;
  start?: number;
  end?: number;
}

/** What perform made once per job: the clip at the timeline's rate, covering the layer's window. */
export interface PreparedVideo {
  file: string;
  width: number;
  height: number;
  /** The clip's own sound over the same window (48 kHz stereo WAV), when it is mixed. */
  audio?: string;
}

const SECONDS = { type: 'number', minimum: 0, maximum: 3600 } as const;

/** Seconds of the file the layer plays: from the in-point to the out-point or the file's end. */
export function trimmedSeconds(
  layer: Pick<BoundVideo, 'in' | 'out'>,
  media: Pick<MediaFile, 'duration'>,
): number {
  const end = Math.min(layer.out ?? media.duration, media.duration);
  return Math.max(0, end - layer.in);
}

/**
 * B-roll: a video file of the template folder or one the data names (the same sources and rules
 * as `image`), trimmed (`trim.in`/`trim.out`, seconds into the file), looped or held on its last
 * frame to fill its window, fitted `cover` (cropped around `focus`) or `contain` in its `box`, its
 * sound muted (default) or mixed at `gain` dB. Probed with ffprobe when the item is bound: an
 * unreadable file fails with MEDIA_UNREADABLE naming `...layers[n].src`. A `media` scene lasts as
 * long as the layer's start plus its trimmed clip.
 */
export const videoKind = defineKind<VideoLayer, BoundVideo, MediaFile | undefined, PreparedVideo | undefined>(
  {
    type: 'video',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'src'],
      properties: {
        type: { const: 'video' },
        src: {
          ...TEXT,
          description: 'a video file of the template folder, or Liquid naming one in the data',
        },
        trim: {
          type: 'object',
          additionalProperties: false,
          properties: {
            in: { ...SECONDS, description: 'seconds into the file where the clip starts (default 0)' },
            out: { ...SECONDS, description: "seconds into the file where it ends (default the file's end)" },
          },
        },
        loop: {
          type: 'boolean',
          description: 'repeat the clip to fill its window (default: hold its last frame)',
        },
        audio: { enum: ['mute', 'mix'], description: "the clip's own sound: mute (default) or mixed in" },
        gain: {
          type: 'number',
          minimum: -60,
          maximum: 12,
          description: 'dB for the mixed sound (default 0)',
        },
        ...FRAMING_PROPERTIES,
        fadeIn: { type: 'number', minimum: 0, maximum: 5, description: 'seconds (default 0)' },
        fadeOut: { type: 'number', minimum: 0, maximum: 5, description: 'seconds (default 0)' },
        ...WINDOW_PROPERTIES,
      },
    },
    check: (layer, at, ctx) => checkTemplateFile(layer.src, at, ctx, 'src'),
    bind: async (layer, text) => {
      const ref = await text.render(layer.src, 'src');
      const box = layer.box ?? { x: 0, y: 0, width: 1, height: 1 };
      return {
        ...(ref ? { src: { ref, fromData: isLiquid(layer.src) } } : {}),
        in: layer.trim?.in ?? 0,
        ...(layer.trim?.out !== undefined ? { out: layer.trim.out } : {}),
        loop: layer.loop ?? false,
        audio: layer.audio ?? 'mute',
        gain: layer.gain ?? 0,
        fit: layer.fit ?? 'cover',
        focus: layer.focus ?? { x: 0.5, y: 0.5 },
        box: { ...box, width: Math.min(box.width, 1 - box.x), height: Math.min(box.height, 1 - box.y) },
        fadeIn: layer.fadeIn ?? 0,
        fadeOut: layer.fadeOut ?? 0,
        start: layer.start,
        end: layer.end,
      };
    },
    endsAt: (layer) => (layer.end !== undefined && layer.end > 0 ? layer.end : undefined),
    hasMediaLength: () => true,
    mediaSeconds: (layer, media) => (media ? (layer.start ?? 0) + trimmedSeconds(layer, media) : undefined),
    place: (layer, _drawn, scene, { rate }) => {
      const window = timedWindow(scene, rate, layer, 0, 0);
      if (!window) return null;
      const n = window.end - window.start;
      const fadeIn = Math.min(frames(layer.fadeIn, rate), n);
      return {
        plane: 'scene',
        window,
        fadeIn,
        fadeOut: Math.min(frames(layer.fadeOut, rate), n - fadeIn),
        motion: { type: 'still' },
      };
    },
    sound: (layer, _media, prepared, scene, { rate }) => {
      const window = timedWindow(scene, rate, layer, 0, 0);
      if (!window || !prepared?.audio) return null;
      return {
        role: 'effects',
        clips: [
          { file: prepared.audio, start: window.start, duration: window.end - window.start, offset: 0 },
        ],
        gain: layer.gain,
        fadeIn: frames(layer.fadeIn, rate),
        fadeOut: frames(layer.fadeOut, rate),
      };
    },
    painter: () => import('./video.draw'),
  },
);
