import { isLiquid } from './picture';
import { TEXT } from './schema';

/** The fields every sound layer has: where the file is and how loud it plays. */
export const SOUND_PROPERTIES = {
  src: {
    ...TEXT,
    description:
      'a sound file of the template folder (WAV, MP3, M4A, FLAC...), or Liquid naming one in the data',
  },
  gain: { type: 'number', minimum: -60, maximum: 12, description: 'dB applied to the file as it is' },
  start: { type: 'number', minimum: 0, description: 'seconds after the scene starts (default 0)' },
  offset: {
    type: 'number',
    minimum: 0,
    maximum: 3600,
    description: 'seconds into the file where playing begins (default 0)',
  },
} as const;

/** A bound sound layer's file reference (absent: the data named none, nothing plays). */
export interface BoundSoundSource {
  src?: { ref: string; fromData: boolean };
}

/** The bound reference of a sound layer's `src`. */
export function soundSource(raw: string, ref: string | undefined): BoundSoundSource {
  return ref ? { src: { ref, fromData: isLiquid(raw) } } : {};
}
