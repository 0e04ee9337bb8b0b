import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import type { LoadContext } from '../layer-kind';

/** A sound or video file a layer names, copied into the job's working folder and probed. */
export interface MediaFile {
  /** Plain name in the working folder (ffmpeg's cwd). */
  file: string;
  /** Seconds, as ffprobe reads the container. */
  duration: number;
  /** Pixels of the first video stream; absent for sound. */
  video?: { width: number; height: number };
  hasAudio: boolean;
}

/**
 * Reads a video or sound file once per job (through the same sources as pictures: a file of the
 * template folder, or one the data names), writes it into the working folder as `<stem>-<field>`
 * and probes it with ffprobe. Throws ASSET_NOT_FOUND / PATH_ESCAPES from the source, and
 * MEDIA_UNREADABLE naming the field when ffprobe cannot read it, it lasts no time, or it lacks the
 * stream the layer needs (`need`).
 */
export async function loadMedia(
  ref: string,
  fromData: boolean,
  ctx: LoadContext,
  field: string,
  need: 'video' | 'audio',
): Promise<MediaFile> {
  const where = `${ctx.where}.${field}`;
  const source = fromData ? ctx.images : ctx.templateImages;
  if (!source) {
    throw new ClipwrightError(
      ErrorCode.AssetNotFound,
      `${where}: "${ref}" names a file, and this render was given no place to read files from`,
      { path: where },
    );
  }
  if (!ctx.media) {
    throw new ClipwrightError(ErrorCode.Internal, `${where}: no working folder to read media into`);
  }
  const bytes = await source(ref, ctx.signal);
  const file = `${ctx.media.name}-${field.replace(/[^A-Za-z0-9]/g, '')}`;
  await fs.writeFile(path.join(ctx.media.workDir, file), bytes);
  const bad = (why: string, cause?: unknown): ClipwrightError =>
    new ClipwrightError(ErrorCode.MediaUnreadable, `${where}: "${ref}" ${why}`, { path: where, cause });
  let probe;
  try {
    probe = await ctx.media.ffmpeg.probe(file, { cwd: ctx.media.workDir, signal: ctx.signal });
  } catch (e) {
    if (e instanceof ClipwrightError && e.code === ErrorCode.Cancelled) throw e;
    throw bad('is not a video or sound file ffprobe can read', e);
  }
  if (!(probe.duration > 0)) throw bad('lasts no time');
  if (need === 'video' && !probe.video?.width) throw bad('has no video stream');
  if (need === 'audio' && !probe.audio) throw bad('has no sound');
  return {
    file,
    duration: probe.duration,
    ...(probe.video?.width ? { video: { width: probe.video.width, height: probe.video.height } } : {}),
    hasAudio: Boolean(probe.audio),
  };
}
