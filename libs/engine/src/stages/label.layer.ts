import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ComposeCommand } from '@app/media';
import {
  aigcJson,
  type ImplicitLabels,
  LABEL_MOVFLAGS,
  type LabelProfile,
  planVisibleLabel,
  renderLabelPng,
} from '@app/provenance';
import type { OutputSpec } from '@app/templates';
import { framesOf, secondsOf, type TimelineLayer } from '@app/timeline';
import type { AfterGenerate } from '../job.types';
import { version } from '../version';

/** The visible label as drawn in one output: for result.json and the C2PA disclosure assertion. */
export interface DrawnLabel {
  text: string;
  language: string;
  /** Seconds on the clip. */
  start: number;
  end: number;
}

/** The layer id and kind of the visible label in the timeline (and result.json `layers`). */
export const LABEL_LAYER = 'label';

/** The brand's `aiLabel`, else the template's own `disclosure` wording, replaces the profile's, in the job's language. */
function withTemplateWording(
  profile: LabelProfile,
  wording: string | undefined,
  language: string,
): LabelProfile {
  if (!wording || !profile.visible) return profile;
  return {
    ...profile,
    visible: { ...profile.visible, text: { [language]: wording }, defaultLanguage: language },
  };
}

/**
 * The label profile's visible label for one output, as a still over the finished program (after
 * every transition and over the captions): planned by @app/provenance `planVisibleLabel` (inside
 * the title-safe area, text at least the profile's share of the shorter side), drawn once as
 * `label-<aspect>.png`, shown from 0 s to the plan's end. Null when the profile shows none.
 * @throws ClipwrightError INVALID_ARGUMENT when the wording cannot fit the frame at the required size.
 */
export async function labelLayer(
  job: AfterGenerate,
  output: OutputSpec,
): Promise<{ layer: TimelineLayer; drawn: DrawnLabel } | null> {
  const { provenance } = job;
  const duration = secondsOf(job.clock.duration, job.rate);
  const plan = planVisibleLabel({
    profile: withTemplateWording(
      provenance.profile,
      job.brand.aiLabel ?? job.template.manifest.disclosure,
      provenance.language,
    ),
    width: output.width,
    height: output.height,
    duration,
    language: provenance.language,
  });
  if (!plan) return null;
  const file = `label-${output.aspect.replace(':', 'x')}.png`;
  await fs.writeFile(path.join(job.workDir, file), renderLabelPng(plan));
  const layer: TimelineLayer = {
    id: LABEL_LAYER,
    kind: LABEL_LAYER,
    scene: 0,
    plane: 'program',
    // `up`: a label of 3 s covers every frame that starts before 3 s.
    window: {
      start: 0,
      end: Math.min(job.clock.duration, framesOf(plan.end, job.rate, 'up')),
    },
    rect: plan.rect,
    media: { type: 'still', file, opaque: false },
    fadeIn: 0,
    fadeOut: 0,
    motion: { type: 'still' },
  };
  return { layer, drawn: { text: plan.text, language: plan.language, start: plan.start, end: plan.end } };
}

/**
 * The MP4 tags of the implicit labels: `AIGC` (GB 45438-2025) when the profile writes it, `comment`
 * (the disclosure sentence) and `encoded_by`. They need {@link withLabelMovflags}.
 */
export function labelMetadata(labels: ImplicitLabels): Record<string, string> {
  return {
    ...(labels.aigc ? { AIGC: aigcJson(labels.aigc) } : {}),
    comment: labels.disclosure,
    encoded_by: `Clipwright ${version}`,
  };
}

/**
 * The encode's one `-movflags` value with `+use_metadata_tags` added, so ffmpeg writes `AIGC` as an
 * `mdta` key (a second `-movflags` option would replace the first).
 */
export function withLabelMovflags(command: ComposeCommand): ComposeCommand {
  const args = [...command.args];
  const at = args.indexOf('-movflags');
  if (at < 0) args.splice(args.length - 1, 0, '-movflags', LABEL_MOVFLAGS);
  else if (!args[at + 1].includes(LABEL_MOVFLAGS)) args[at + 1] = `${args[at + 1]}${LABEL_MOVFLAGS}`;
  return { ...command, args };
}
