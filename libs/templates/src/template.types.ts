import type { Brand } from './brand';
import type { LayerKindRegistry, LayerSpec } from '@app/layers';
import type { LoudnessPreset } from '@app/media';
import type { InputValidator } from './schema.validator';

/**
 * TypeScript view of template.json (the published format, `template.schema.json`, which
 * scripts/generate-template-schema.js composes from the base below and the layer kinds' fragments).
 */
export interface TemplateManifest {
  id: string;
  version: number;
  title: string;
  description?: string;
  inputs: { schema: string; collection?: { items: string; id?: string } };
  fps: number;
  outputs: OutputSpec[];
  voice: { provider: string; voice: string; rate: number };
  audio: { loudness: { integrated: number; truePeak: number; range?: number } };
  /** The older form of `brand` (accent colour and channel name); `brand` wins where both set a field. */
  theme?: { accent?: string; channelName?: string };
  /** The template's look (docs: templates/README.md); a workspace's or a job's brand is laid over it. */
  brand?: Brand;
  disclosure?: string;
  /** Label profile (`eu`, `cn`, `none` or a custom profile object, checked by @app/provenance). */
  labels?: unknown;
  scenes: SceneSpec[];
}

export interface OutputSpec {
  aspect: string;
  width: number;
  height: number;
  /** Delivery loudness preset; absent: the template's `audio.loudness`. */
  loudness?: LoudnessPreset;
}

/**
 * How long a scene lasts: seconds, or `speech` (its narration plus a short tail), `media` (the
 * length of its timed media, e.g. a video clip), `auto` (the longest of its timed layers and its
 * narration).
 */
export type SceneDuration = number | 'speech' | 'media' | 'auto';

/** A scene's voice-over: Liquid text in template.json, or a Liquid file of the template folder. */
export type NarrationSpec = string | { file: string };

export type TransitionType = 'cut' | 'crossfade' | 'wipe' | 'slide';
export type TransitionDirection = 'left' | 'right' | 'up' | 'down';

/** How a scene follows the one before it. */
export interface TransitionSpec {
  type: TransitionType;
  /** Seconds (default 0.5); starts at the cut, the previous scene is held on meanwhile. */
  duration?: number;
  /** Wipe and slide: the way the new picture moves in (default left). */
  direction?: TransitionDirection;
}

/**
 * A scene made once for each element of an array of the data (`each`: `data.paragraphs`), in
 * order; its Liquid reads the element as `as`, and `repeat.index` (from 0) and `repeat.count`.
 */
export interface RepeatSpec {
  each: string;
  as: string;
}

export interface SceneSpec {
  id: string;
  duration: SceneDuration;
  repeat?: RepeatSpec;
  narration?: NarrationSpec;
  transition?: TransitionSpec;
  /** Bottom to top. */
  layers: LayerSpec[];
}

export type { LayerSpec } from '@app/layers';

export interface LoadedTemplate {
  manifest: TemplateManifest;
  /** Absolute folder of the template. */
  dir: string;
  inputSchema: object;
  /** The input schema compiled: validates items (and drops blank strings) for every door. */
  validator: InputValidator;
  /** Each scene's narration source (Liquid), or undefined for a silent scene; index = scene index. */
  narrations: (string | undefined)[];
  /** The layer kinds the template was checked with; the binder and the engine use the same ones. */
  kinds: LayerKindRegistry;
}

/** One item of the data, with where it came from (for error paths and output names). */
export interface DataItem {
  index: number;
  id: string | null;
  /** JSON path of the item inside the data file ("$" or "$.features[0]"). */
  path: string;
  data: unknown;
}
