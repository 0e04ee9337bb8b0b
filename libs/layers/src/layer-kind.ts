import type { Cue, CueOptions } from '@app/captions';
import type { OutputResult, Rect, SpeechResult } from '@app/core';
import type { FrameLayout, PresenterPlacement, Theme } from '@app/graphics';
import type { FfmpegExecutor } from '@app/media';
import type { PresenterLibrary } from '@app/presenter';
import type { LayerKindDefinition, LayerSpec } from './kind-definition';
import type {
  AudioTrack,
  FrameRate,
  LayerMedia,
  Motion,
  Plane,
  SceneSpan,
  Span,
  TimelineFrame,
} from '@app/timeline';

/**
 * Reads the picture a bound layer names (`asset:<id>` in service mode, a path relative to the data
 * file in the CLI). The engine never opens such a reference itself: whoever runs it decides what a
 * reference may reach. Throws ASSET_NOT_FOUND (or PATH_ESCAPES) naming the reference it cannot serve.
 */
export type ImageSource = (ref: string, signal?: AbortSignal) => Promise<Buffer>;

/**
 * Where a kind that reads sound or video puts the file it read, to probe it now and hand it to
 * ffmpeg later: the job's working folder (ffmpeg's cwd), ffmpeg itself, and a file stem unique to
 * the layer (`video-s0-l1`).
 */
export interface LoadMedia {
  ffmpeg: FfmpegExecutor;
  workDir: string;
  name: string;
}

/** What `load` may read with, once per job, in the bind stage. */
export interface LoadContext {
  /** Absent where the caller gave no working folder: a kind that reads media then throws INTERNAL. */
  media?: LoadMedia;
  /** Pictures the data names; absent when the caller gave none. */
  images?: ImageSource;
  /** Pictures the template itself names (files inside its folder). */
  templateImages: ImageSource;
  /** `templates/<id>/template.json#$.scenes[0].layers[1]`: append `.field`. */
  where: string;
  signal?: AbortSignal;
  /**
   * The job's brand logo and where to read it (the request's picture source for a workspace's or
   * `--brand` logo, the template folder for the template's own); absent when the brand has none.
   */
  brandLogo?: { ref: string; source?: ImageSource };
}

/** A picture a template asks the diffusion engine for (the JSON of POST /v1/images, one image). */
export interface GeneratedImageRequest {
  model: string;
  prompt: string;
  negativePrompt?: string;
  /** Pixels, multiples of 8; the model's default size when absent. */
  width?: number;
  height?: number;
  steps?: number;
  guidance?: number;
  scheduler?: string;
  /** Always set: the same seed makes the same picture, so renders of the same data agree. */
  seed: number;
}

/**
 * Makes pictures for templates (the diffusion engine behind a cache): the same request on the same
 * model answers the same PNG, made once. Throws MODEL_NOT_FOUND / IMAGE_REQUEST_INVALID (path from
 * `$`, e.g. `$.width`), MODEL_INVALID, CANCELLED.
 */
export interface ImageGenerator {
  generate(
    request: GeneratedImageRequest,
    options: { signal?: AbortSignal; onProgress?: (fraction: number) => void },
  ): Promise<{ png: Buffer; cached: boolean }>;
}

/** What `generate` may use, once per job in the generate stage (before compose). */
export interface GenerateContext {
  /** Absent where the engine was made without one: a kind that needs it throws. */
  images?: ImageGenerator;
  /** From the item's digest: the default seed of a generated picture. */
  seed: number;
  where: string;
  signal?: AbortSignal;
  progress(fraction: number): void;
}

/** What `perform` may use, once per job for every output. */
export interface PerformContext {
  scene: SceneSpan;
  rate: FrameRate;
  /** The voice-over of the layer's scene, if it has one. */
  voice?: SpeechResult;
  presenters?: PresenterLibrary;
  ffmpeg: FfmpegExecutor;
  /** The job's working folder: files written here are named by `name` + an extension. */
  workDir: string;
  /** A file stem unique to this layer (`presenter-s1-l1`). */
  name: string;
  /** Per item, so the same data always gives the same clip (blinks, glances). */
  seed: number;
  where: string;
  signal?: AbortSignal;
}

/** What `draw` gets for one output. */
export interface DrawContext {
  frame: TimelineFrame;
  /** Where every broadcast element goes in this scene on this output. */
  layout: FrameLayout;
  theme: Theme;
  /** The visible AI-generation label text. */
  disclosure: string;
  scene: SceneSpan;
  rate: FrameRate;
  voice?: SpeechResult;
  /** The scene's caption cues, seconds on the clip's clock. */
  cues: Cue[];
  /** The scene's cues laid out again with other line limits (a caption style's), same clock. */
  cuesWith(options: Partial<CueOptions>): Cue[];
  /** A file stem unique to this layer and output (`title-s0-l0-16x9`). */
  name: string;
  /** Writes a file into the job's working folder under a plain name. */
  write(file: string, data: Buffer | string): Promise<void>;
  seed: number;
  where: string;
  signal?: AbortSignal;
}

/** What a layer shows on one output, and where it rests. */
export interface Drawn {
  media: LayerMedia;
  rect: Rect;
  /** For `stream` media: makes the frames (RGBA, straight alpha), iterated once during the encode. */
  frames?: () => AsyncIterable<Buffer>;
  /** Fields this layer adds to its output in result.json (the presenter's place and mouth). */
  output?: Pick<OutputResult, 'presenter'>;
  /**
   * Several pieces shown one after another (a sequence of pictures): each is placed on its own,
   * `place` told which (`part`), and gets its own timeline entry (`<layer id>.parts[i]`).
   */
  parts?: Drawn[];
}

/** A layer's part of the timeline of one output: when it shows, how it moves, where it is composited. */
export interface Placement {
  plane: Plane;
  window: Span;
  fadeIn: number;
  fadeOut: number;
  motion: Motion;
}

/** What `place` may read besides the layer and its scene. */
export interface PlaceContext {
  frame: TimelineFrame;
  rate: FrameRate;
  /** When the layer drew `parts`: which one is being placed, of how many. */
  part?: { index: number; count: number };
}

/** What `sound` may read besides the layer and its scene. */
export interface SoundContext {
  rate: FrameRate;
  /** Frames in the whole clip (a music bed runs to its end). */
  duration: number;
}

/** The drawing half of a kind: loaded on first use, so the API never loads Skia or onnxruntime. */
export interface LayerPainter<B, R, P> {
  /** Reads and decodes what the layer names, once per job, before the voice (bind stage). */
  load?(layer: B, ctx: LoadContext): Promise<R>;
  /** Work done once per job for every output (perform stage): the lip-sync model, say. */
  perform?(layer: B, resource: R, ctx: PerformContext): Promise<P>;
  /**
   * Pictures made once per job in the generate stage, before compose (a generated backdrop): what it
   * returns replaces the layer's resource for `draw`.
   */
  generate?(layer: B, resource: R, ctx: GenerateContext): Promise<R>;
  /** What it shows on one output (compose stage); null when it has nothing to show there. */
  draw(layer: B, resource: R, performance: P, ctx: DrawContext): Promise<Drawn | null>;
}

/**
 * A layer kind: one folder, one registration line. The definition half (schema fragment, checks,
 * binding, kind-definition.ts) is what TemplateLoader checks templates with; this adds what the
 * engine needs. `L` is the layer as written, `B` as bound, `R` what `load` read, `P` what
 * `perform` made. The engine keeps `B`, `R` and `P` opaque and hands them back to the same kind.
 */
export interface LayerKind<L extends LayerSpec, B, R = undefined, P = undefined> extends LayerKindDefinition<
  L,
  B
> {
  /** How the layer shapes its scene's layout on one output (the presenter reserves its place). */
  layout?(layer: B, frame: TimelineFrame): { presenter: PresenterPlacement } | undefined;
  /** Seconds of its own media (a video clip), read by `load`: a `media` scene lasts the longest of these. */
  mediaSeconds?(layer: B, resource: R): number | undefined;
  /** Texts it draws with Skia, each with the field it comes from (for glyph coverage warnings). */
  texts?(layer: B): { field: string; text: string }[];
  /** Its part of one output's timeline (pure): window, fades, motion, plane. Null: not shown. */
  place(layer: B, drawn: Drawn, scene: SceneSpan, ctx: PlaceContext): Placement | null;
  /**
   * Its sound on the clip's clock (a music bed, an effect, a clip's own sound), pure and the same
   * on every output: compose adds it to the timeline's audio, finish mixes it under the voice.
   */
  sound?(layer: B, resource: R, performance: P, scene: SceneSpan, ctx: SoundContext): AudioTrack | null;
  /** The drawing half (a dynamic import of the kind's `.draw` module). */
  painter(): Promise<LayerPainter<B, R, P>>;
}

/** A kind as the registry holds it: its types erased, since the engine never looks inside. */
export type AnyLayerKind = LayerKind<LayerSpec, unknown, unknown, unknown>;

/** Registers a kind's types away (the registry is heterogeneous). */
export function defineKind<L extends LayerSpec, B, R, P>(kind: LayerKind<L, B, R, P>): AnyLayerKind {
  return kind as unknown as AnyLayerKind;
}
