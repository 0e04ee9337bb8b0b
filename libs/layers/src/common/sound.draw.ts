import type { Drawn, LoadContext } from '../layer-kind';
import { loadMedia, type MediaFile } from './media.load';
import type { BoundSoundSource } from './sound.fields';

/** The file read and probed once per job (MEDIA_UNREADABLE without sound); nothing is drawn. */
export function load(layer: BoundSoundSource, ctx: LoadContext): Promise<MediaFile | undefined> {
  return layer.src
    ? loadMedia(layer.src.ref, layer.src.fromData, ctx, 'src', 'audio')
    : Promise.resolve(undefined);
}

/** A sound shows nothing. */
export function draw(): Promise<Drawn | null> {
  return Promise.resolve(null);
}
