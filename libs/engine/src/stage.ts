/**
 * The stages of one job, in the order they run. These names are the only spelling: progress events,
 * result.json `stages`, the logs and docs/engine.md all use them.
 */
export enum Stage {
  /** Data + template -> texts and narrations (Liquid); pictures the layers name are read once. */
  Bind = 'bind',
  /** Each scene's narration voiced; scene lengths become known and the scenes are laid on the clock. */
  Speak = 'speak',
  /** Word timings -> caption cues. */
  Caption = 'caption',
  /** Work done once for every output: the presenter's lip-sync model. */
  Perform = 'perform',
  /** Generated pictures: `generate` layers ask the diffusion engine (cached), before compose. */
  Generate = 'generate',
  /** Per output: stills drawn, the timeline built and compiled to one ffmpeg graph. */
  Compose = 'compose',
  /** Audio mastered (EBU R128, once), every output encoded and measured, sidecar files written. */
  Finish = 'finish',
  /** On request: each output's layered media and editable timelines (OTIO, FCPXML, xmeml, MLT, EDL). */
  Export = 'export',
  /** Finished files moved into the output folder, result.json last. */
  Deliver = 'deliver',
}

export const STAGES: readonly Stage[] = [
  Stage.Bind,
  Stage.Speak,
  Stage.Caption,
  Stage.Perform,
  Stage.Generate,
  Stage.Compose,
  Stage.Finish,
  Stage.Export,
  Stage.Deliver,
];

/** Each stage's share of a job's progress bar: the encode dominates. */
export const STAGE_SHARES: Readonly<Record<Stage, number>> = {
  [Stage.Bind]: 0.01,
  [Stage.Speak]: 0.08,
  [Stage.Caption]: 0.01,
  [Stage.Perform]: 0.05,
  [Stage.Generate]: 0,
  [Stage.Compose]: 0.06,
  [Stage.Finish]: 0.74,
  [Stage.Export]: 0.04,
  [Stage.Deliver]: 0.01,
};
