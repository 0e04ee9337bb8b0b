import { ClipwrightError, ErrorCode, type Rect } from '@app/core';
import { buildLosslessEncodeArgs } from '@app/media';
import { animatePresenter, lipsync, mouthRect, type Presenter } from '@app/presenter';
import { fpsOf, secondsOf } from '@app/timeline';
import type { DrawContext, Drawn, PerformContext } from '../layer-kind';
import { type BoundPresenter, placementFor } from './presenter.kind';

/**
 * Once per job. A vector presenter is drawn per output at its rect's size (crisp at every size;
 * only its manifest is loaded here). A photo/video presenter runs the lip-sync model once over the
 * whole scene and keeps the frames as a lossless clip, which every output scales into its place.
 */
export type Performance =
  | { kind: 'rig'; presenter: Presenter }
  | { kind: 'clip'; file: string; width: number; height: number; presenter: lipsync.Wav2LipPresenter };

function extentSeconds(ctx: Pick<PerformContext, 'scene' | 'rate'>): number {
  return secondsOf(ctx.scene.extent.end - ctx.scene.extent.start, ctx.rate);
}

export async function perform(layer: BoundPresenter, _r: unknown, ctx: PerformContext): Promise<Performance> {
  if (!ctx.presenters) {
    throw new ClipwrightError(ErrorCode.PresenterNotFound, `${ctx.where}.id: no presenters are configured`, {
      path: `${ctx.where}.id`,
    });
  }
  if (!ctx.voice)
    throw new ClipwrightError(ErrorCode.Internal, `${ctx.where}: the presenter's scene was not voiced`);
  const loaded = await ctx.presenters.loadAny(layer.id);
  if (loaded.kind === 'rig') return { kind: 'rig', presenter: loaded.presenter };
  const fps = fpsOf(ctx.rate);
  const clip = await lipsync.renderWav2LipClip(loaded.presenter, ctx.voice.audioPath, {
    fps,
    duration: extentSeconds(ctx),
    signal: ctx.signal,
    ffmpeg: ctx.ffmpeg,
  });
  const file = `${ctx.name}.mkv`;
  await ctx.ffmpeg.run(
    buildLosslessEncodeArgs({ width: clip.width, height: clip.height, rate: ctx.rate, output: file }),
    {
      cwd: ctx.workDir,
      signal: ctx.signal,
      label: `lip-sync ${layer.id}`,
      stdin: clip,
    },
  );
  return { kind: 'clip', file, width: clip.width, height: clip.height, presenter: loaded.presenter };
}

/** This output: the rig as frames drawn during the encode, or the lip-synced clip scaled to fit, bottom-centred. */
export async function draw(
  layer: BoundPresenter,
  _r: unknown,
  p: Performance,
  ctx: DrawContext,
): Promise<Drawn> {
  const rect = ctx.layout.presenter;
  if (!rect)
    throw new ClipwrightError(
      ErrorCode.Internal,
      `${ctx.where}: the layout reserved no place for the presenter`,
    );
  const placement = placementFor(layer, ctx.frame);
  const report = (at: Rect, mouth: Rect): Drawn['output'] => ({
    presenter: { id: layer.id, placement, rect: at, mouth },
  });
  if (p.kind === 'rig') {
    const clip = animatePresenter(p.presenter, {
      visemes: ctx.voice?.visemes ?? [],
      clauses: ctx.voice?.clauses ?? [],
      duration: extentSeconds(ctx),
      fps: fpsOf(ctx.rate),
      width: rect.width,
      height: rect.height,
      seed: ctx.seed,
    });
    const mouth = mouthRect(p.presenter, clip.width, clip.height);
    return {
      media: { type: 'stream', width: clip.width, height: clip.height },
      frames: () => clip.frames(),
      rect,
      output: report(rect, { ...mouth, x: rect.x + mouth.x, y: rect.y + mouth.y }),
    };
  }
  const scale = Math.min(rect.width / p.width, rect.height / p.height);
  const width = 2 * Math.round((p.width * scale) / 2);
  const height = 2 * Math.round((p.height * scale) / 2);
  const at = {
    x: rect.x + Math.round((rect.width - width) / 2),
    y: rect.y + rect.height - height,
    width,
    height,
  };
  const face = p.presenter.boxes[0];
  return {
    media: { type: 'video', file: p.file, width: p.width, height: p.height },
    rect: at,
    // The model repaints the lower half of the face box.
    output: report(at, {
      x: at.x + Math.round(face.x * scale),
      y: at.y + Math.round((face.y + face.height / 2) * scale),
      width: Math.round(face.width * scale),
      height: Math.round((face.height / 2) * scale),
    }),
  };
}
