import { buildCues, type Cue } from '@app/captions';
import { WarningCode } from '@app/core';
import { secondsOf } from '@app/timeline';
import type { AfterSpeak, Captioned } from '../job.types';
import { describeMissing } from './glyph-warnings';

/**
 * Word timings -> caption cues, scene by scene (a cue never spans two scenes), on the clip's clock.
 * The burned-in cues leave out any character no outline font can draw (libass would show a box);
 * each such character is a warning. The sidecar files keep the text whole: players have their own fonts.
 */
export async function caption(job: AfterSpeak): Promise<Captioned> {
  const cues: Cue[] = [];
  const sceneCues: Cue[][] = job.clock.scenes.map(() => []);
  for (const segment of job.voice) {
    const start = secondsOf(job.clock.scenes[segment.scene].start, job.rate);
    const shifted = buildCues(segment.speech.words).map((c) => ({
      ...c,
      start: c.start + start,
      end: c.end + start,
    }));
    cues.push(...shifted);
    // What the captions show: the display words (the reading itself may leave runs out).
    const shown = segment.speech.words.map((w) => w.text).join(' ');
    const missing = job.services.glyphs ? await job.services.glyphs.missing(shown, 'libass') : [];
    if (missing.length) {
      job.warnings.push({
        code: WarningCode.GlyphMissing,
        message: `${describeMissing(missing)} cannot be drawn in the burned-in captions by any installed font; the captions leave it out`,
        path: `templates/${job.template.manifest.id}/template.json#$.scenes[${segment.scene}].narration`,
      });
    }
    const drop = new Set(missing);
    sceneCues[segment.scene] = drop.size
      ? shifted.map((c) => ({
          ...c,
          lines: c.lines.map((l) => [...l].filter((ch) => !drop.has(ch)).join('')),
        }))
      : shifted;
  }
  return { cues, sceneCues };
}
