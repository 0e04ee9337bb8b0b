import type { Cue } from '@app/captions';
import type { OutputResult, ResultWarning, SpeechResult } from '@app/core';
import type { AnyLayerKind, ImageSource } from '@app/layers';
import type { ComposeCommand, EncodeSettings, FfmpegExecutor } from '@app/media';
import type { PresenterLibrary } from '@app/presenter';
import type { Lexicon, SpeechProvider, VoiceSegment as ReadingSegment } from '@app/speech';
import type { BoundTemplate, DataItem, LoadedTemplate, OutputSpec } from '@app/templates';
import type { FrameRate, SceneClock, Timeline, TimelineLayer } from '@app/timeline';
import type { GlyphChecker } from './glyph-check';

/** The programs and providers a job runs with (docs/conventions.md §4: injected, swapped in tests). */
export interface EngineServices {
  kinds: readonly AnyLayerKind[];
  speech: readonly SpeechProvider[];
  ffmpeg: FfmpegExecutor;
  presenters?: PresenterLibrary;
  encode: EncodeSettings;
  /** Which characters the installed fonts can draw; absent: not checked. */
  glyphs?: GlyphChecker;
}

/** One job: one item of the data through one template. Fixed before the first stage runs. */
export interface JobContext {
  template: LoadedTemplate;
  /** The item, validated, with blank strings dropped. */
  item: DataItem;
  outputs: readonly OutputSpec[];
  rate: FrameRate;
  /** The staging folder every file is made in (plain names, the cwd of every ffmpeg run). */
  workDir: string;
  /** The folder the finished files are moved into. */
  outDir: string;
  images?: ImageSource;
  signal?: AbortSignal;
  /** From the item's digest: the same data always gives the same clip. */
  seed: number;
  services: EngineServices;
  /** The pronunciation lexicon every voice of this job applies (CLI `--lexicon`, the job's `lexicon`). */
  lexicon?: Lexicon;
  /**
   * The reporter's recording as the voice (a RecordedVoiceProvider made for this job): the
   * narration is aligned to it instead of synthesized. `field` names it in errors (`--voice-over`,
   * `$.voiceOver`).
   */
  voiceOver?: { provider: SpeechProvider; field: string };
  /** Stages add what they could not do as asked; result.json lists them. */
  warnings: ResultWarning[];
  /** Reports the running stage's own progress, 0..1. */
  progress(fraction: number): void;
}

/** `scenes[1].layers[2]`: a layer's key, and its id in the timeline. */
export type LayerKey = string;

export interface Bound {
  bound: BoundTemplate;
  /** What each layer's `load` read (decoded pictures), by layer key. */
  resources: ReadonlyMap<LayerKey, unknown>;
}

/** One scene's voice-over. `file` is its WAV, a plain name in the working folder. */
export interface VoiceSegment {
  scene: number;
  file: string;
  speech: SpeechResult;
  /** What the voices read, normalised (numbers in words, the lexicon's respellings). */
  text: string;
  /** Each stretch read by one voice (another for a run in another language); seconds in `file`. */
  segments: ReadingSegment[];
}

export interface Spoken {
  voice: VoiceSegment[];
  clock: SceneClock;
}

export interface Captioned {
  /** Every cue, seconds on the clip's clock. */
  cues: Cue[];
  /** The cues of each scene, by scene index. */
  sceneCues: Cue[][];
}

export interface Performed {
  performances: ReadonlyMap<LayerKey, unknown>;
}

/** Pictures made by the generate stage, by layer key (none yet). */
export interface Generated {
  generated: ReadonlyMap<LayerKey, unknown>;
}

/** One output ready to encode. */
export interface Program {
  output: OutputSpec;
  timeline: Timeline;
  command: ComposeCommand;
  /** Frames of each `stream` layer, made while the encode reads them. */
  frames: ReadonlyMap<TimelineLayer, () => AsyncIterable<Buffer>>;
  /** What the layers add to this output's result (the presenter's place). */
  fields: Pick<OutputResult, 'presenter'>;
}

export interface Composed {
  programs: Program[];
}

export interface Finished {
  /** Each output as delivered and measured, in the order of `outputs`. */
  results: OutputResult[];
  /** Sidecar files written in the working folder (captions, script). */
  sidecars: string[];
}

export type AfterBind = JobContext & Bound;
export type AfterSpeak = AfterBind & Spoken;
export type AfterCaption = AfterSpeak & Captioned;
export type AfterPerform = AfterCaption & Performed;
export type AfterGenerate = AfterPerform & Generated;
export type AfterCompose = AfterGenerate & Composed;
export type AfterFinish = AfterCompose & Finished;
