import { ClipwrightError, ErrorCode } from '@app/core';
import { buildClipCutArgs, buildClipLoopArgs } from '@app/media';
import { rateText, secondsOf } from '@app/timeline';
import type { DrawContext, Drawn, LoadContext, PerformContext } from '../layer-kind';
import { loadMedia, type MediaFile } from '../common/media.load';
import { timedWindow } from '../common/window';
import { fitPicture } from '../image/image.draw';
import { type BoundVideo, type PreparedVideo, trimmedSeconds } from './video.kind';

/** Clips are scaled down to this longest side once per job (the largest output is 1920 wide). */
export const MAX_CLIP_SIDE = 1920;

export async function load(layer: BoundVideo, ctx: LoadContext): Promise<MediaFile | undefined> {
  if (!layer.src) return undefined;
  const media = await loadMedia(layer.src.ref, layer.src.fromData, ctx, 'src', 'video');
  const where = `${ctx.where}.src`;
  if (layer.audio === 'mix' && !media.hasAudio) {
    throw new ClipwrightError(
      ErrorCode.MediaUnreadable,
      `${where}: "${layer.src.ref}" has no sound to mix (set "audio": "mute")`,
      { path: where },
    );
  }
  if (trimmedSeconds(layer, media) <= 0) {
    const at = `${ctx.where}.trim`;
    throw new ClipwrightError(
      ErrorCode.MediaUnreadable,
      `${at}: the trim keeps nothing of "${layer.src.ref}", which lasts ${media.duration.toFixed(2)} s`,
      { path: at },
    );
  }
  return media;
}

/**
 * Once per job: the clip trimmed, at the timeline's rate and scaled down once, covering the layer's
 * whole window (looped by stream copy, or its last frame held), and its sound when it is mixed.
 */
export async function perform(
  layer: BoundVideo,
  media: MediaFile | undefined,
  ctx: PerformContext,
): Promise<PreparedVideo | undefined> {
  const window = timedWindow(ctx.scene, ctx.rate, layer, 0, 0);
  if (!media || !window) return undefined;
  const need = window.end - window.start + 1;
  const length = trimmedSeconds(layer, media);
  const own = Math.floor(length * (ctx.rate.num / ctx.rate.den));
  const looped = layer.loop && own < need;
  const cut = looped ? `${ctx.name}-cut.mp4` : `${ctx.name}.mp4`;
  const cutAudio = layer.audio === 'mix' ? (looped ? `${ctx.name}-cut.wav` : `${ctx.name}.wav`) : undefined;
  const run = (args: string[], label: string) =>
    ctx.ffmpeg.run(args, { cwd: ctx.workDir, signal: ctx.signal, label });
  await run(
    buildClipCutArgs({
      input: media.file,
      from: layer.in,
      seconds: length,
      rate: rateText(ctx.rate),
      hold: looped ? 0 : Math.max(0, need - own),
      maxSide: MAX_CLIP_SIDE,
      output: cut,
      ...(cutAudio ? { audioOutput: cutAudio } : {}),
    }),
    `video ${ctx.where}`,
  );
  if (looped) {
    await run(
      buildClipLoopArgs({
        video: cut,
        seconds: secondsOf(need, ctx.rate),
        output: `${ctx.name}.mp4`,
        ...(cutAudio ? { audio: cutAudio, audioOutput: `${ctx.name}.wav` } : {}),
      }),
      `video loop ${ctx.where}`,
    );
  }
  const probe = await ctx.ffmpeg.probe(`${ctx.name}.mp4`, { cwd: ctx.workDir, signal: ctx.signal });
  return {
    file: `${ctx.name}.mp4`,
    width: probe.video?.width ?? 0,
    height: probe.video?.height ?? 0,
    ...(cutAudio ? { audio: `${ctx.name}.wav` } : {}),
  };
}

/**
 * Per output: the clip fitted into its box. Cover fills the box and crops the clip around the focus
 * point (the crop is part of the media, done by ffmpeg per frame); contain shows it whole, centred.
 */
export async function draw(
  layer: BoundVideo,
  _media: MediaFile | undefined,
  prepared: PreparedVideo | undefined,
  ctx: DrawContext,
): Promise<Drawn | null> {
  if (!prepared || !prepared.width || !prepared.height) return null;
  const { width: fw, height: fh } = ctx.frame;
  const box = {
    x: Math.round(layer.box.x * fw),
    y: Math.round(layer.box.y * fh),
    width: Math.max(2, Math.round(layer.box.width * fw)),
    height: Math.max(2, Math.round(layer.box.height * fh)),
  };
  const at = fitPicture(prepared, box, layer.fit, layer.focus);
  const media = {
    type: 'video' as const,
    file: prepared.file,
    width: prepared.width,
    height: prepared.height,
  };
  if (layer.fit === 'cover') {
    // + 0: no negative zero in the record.
    const r = (v: number): number => Math.round(v * 1e6) / 1e6 + 0;
    const crop = {
      x: r(-at.x / at.width),
      y: r(-at.y / at.height),
      width: r(Math.min(1, box.width / at.width)),
      height: r(Math.min(1, box.height / at.height)),
    };
    return { media: { ...media, crop }, rect: box };
  }
  // Whole pixels, even sizes: the encoder's chroma planes are half size.
  const even = (v: number): number => Math.max(2, Math.round(v / 2) * 2);
  return {
    media,
    rect: {
      x: box.x + Math.round(at.x),
      y: box.y + Math.round(at.y),
      width: even(at.width),
      height: even(at.height),
    },
  };
}
