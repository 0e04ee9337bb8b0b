import type { Cue, CueOptions } from '@app/captions';
import type { OutputResult, ResultWarning, SpeechResult, TimelineExportRecord } from '@app/core';
import type { AnyLayerKind, ImageGenerator, ImageSource } from '@app/layers';
import type { ComposeCommand, EncodeSettings, FfmpegExecutor } from '@app/media';
import type { PresenterLibrary } from '@app/presenter';
import type { FinishInput, FinishResult } from '@app/provenance';
import type { Lexicon, SpeechProvider, VoiceSegment as ReadingSegment } from '@app/speech';
import type { BoundTemplate, Brand, DataItem, LoadedTemplate, OutputSpec } from '@app/templates';
import type { TimelineFormat } from '@app/interchange';
import type { FrameRate, SceneClock, Timeline, TimelineLayer } from '@app/timeline';
import type { CaptionTranslation } from './caption-request';
import type { GlyphChecker } from './glyph-check';
import type { JobProvenanceContext } from './job-provenance';
import type { DrawnLabel } from './stages/label.layer';

/** The programs and providers a job runs with (docs/conventions.md §4: injected, swapped in tests). */
export interface EngineServices {
  kinds: readonly AnyLayerKind[];
  speech: readonly SpeechProvider[];
  ffmpeg: FfmpegExecutor;
  presenters?: PresenterLibrary;
  encode: EncodeSettings;
  /** Which characters the installed fonts can draw; absent: not checked. */
  glyphs?: GlyphChecker;
  /** Labels and signs one encoded MP4 in place; default @app/provenance `finishMp4` (unit tests record the call). */
  finishMp4?: (file: string, input: FinishInput) => Promise<FinishResult>;
  /** Makes the pictures `generate` layers ask for (the diffusion engine behind a cache). */
  images?: ImageGenerator;
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
  /** The job's time as templates see it (`job.time`): the request's `now`, else when it started. */
  now?: Date;
  services: EngineServices;
  /** Translated scripts the job asked captions in (checked by `checkCaptionRequest`). */
  translationScripts?: readonly CaptionTranslation[];
  /** The pronunciation lexicon every voice of this job applies (CLI `--lexicon`, the job's `lexicon`). */
  lexicon?: Lexicon;
  /** The look: the template's brand with the request's (workspace kit, `--brand`) laid over it. */
  brand: Brand;
  /** Where `brand.logo` comes from: the request's (read with `images`) or the template's own folder. */
  brandLogo?: { ref: string; from: 'request' | 'template' };
  /**
   * The reporter's recording as the voice (a RecordedVoiceProvider made for this job): the
   * narration is aligned to it instead of synthesized. `field` names it in errors (`--voice-over`,
   * `$.voiceOver`).
   */
  voiceOver?: { provider: SpeechProvider; field: string };
  /** Editable timelines to export beside the clip (each output's layered media travel with them). */
  timelineFormats?: readonly TimelineFormat[];
  /** Stages add what they could not do as asked; result.json lists them. */
  warnings: ResultWarning[];
  /** The label profile, implicit labels, rights report and signer (job-provenance.ts). */
  provenance: JobProvenanceContext;
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
  /** The cues of each scene, by scene index, as burned in (characters no outline font has left out). */
  sceneCues: Cue[][];
  /** A scene's burned-in cues laid out again with other limits (a caption style's line length). */
  burnedCues(scene: number, options: Partial<CueOptions>): Cue[];
  /** Each translation's cues, on the original cues' times, in the order the job gave them. */
  translations: { language: string; cues: Cue[] }[];
}

export interface Performed {
  performances: ReadonlyMap<LayerKey, unknown>;
}

/** Pictures made by the generate stage, by layer key: compose draws them in place of `resources`. */
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
  /** The visible label as drawn (the label profile's), or null when the profile shows none. */
  label: DrawnLabel | null;
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

/** What the export stage made: one folder per output (empty when the job asked for no timeline). */
export interface Exported {
  timelines: TimelineExportRecord[];
}

export type AfterExport = AfterFinish & Exported;
