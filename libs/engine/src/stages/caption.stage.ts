import { alignTranslation, buildCues, type Cue, type CueOptions } from '@app/captions';
import { ClipwrightError, toClipwrightError, WarningCode } from '@app/core';
import { secondsOf } from '@app/timeline';
import type { AfterSpeak, Captioned, VoiceSegment } from '../job.types';
import { describeMissing } from './glyph-warnings';

/**
 * Word timings -> caption cues, scene by scene (a cue never spans two scenes), on the clip's clock.
 * The burned-in cues leave out any character no outline font can draw (libass would show a box);
 * each such character is a warning. The sidecar files keep the text whole: players have their own fonts.
 * Each translation the job carries is aligned cue by cue onto the original's times.
 */
export async function caption(job: AfterSpeak): Promise<Captioned> {
  const cues: Cue[] = [];
  const sceneCues: Cue[][] = job.clock.scenes.map(() => []);
  const dropped = new Map<number, ReadonlySet<string>>();
  for (const segment of job.voice) {
    const shifted = cuesOf(job, segment);
    cues.push(...shifted);
    // What the captions show: the display words (the reading itself may leave runs out).
    const shown = segment.speech.words.map((w) => w.text).join(' ');
    const missing = job.services.glyphs ? await job.services.glyphs.missing(shown, 'libass') : [];
    if (missing.length) {
      job.warnings.push({
        code: WarningCode.GlyphMissing,
        message: `${describeMissing(missing)} cannot be drawn in the burned-in captions by any installed font; the captions leave it out`,
        path: `templates/${job.template.manifest.id}/template.json#$.scenes[${job.bound.scenes[segment.scene].templateIndex}].narration`,
      });
    }
    const drop = new Set(missing);
    dropped.set(segment.scene, drop);
    sceneCues[segment.scene] = withoutGlyphs(shifted, drop);
  }
  const burnedCues = (scene: number, options: Partial<CueOptions>): Cue[] => {
    const segment = job.voice.find((v) => v.scene === scene);
    if (segment === undefined) return [];
    return withoutGlyphs(cuesOf(job, segment, options), dropped.get(scene) ?? new Set());
  };
  const translations = (job.translationScripts ?? []).map((t) => {
    try {
      return { language: t.language, cues: alignTranslation(cues, t) };
    } catch (e) {
      const err = toClipwrightError(e);
      // The library names `translations.<lang>`; the job names the field as its caller does.
      throw new ClipwrightError(err.code, err.message, {
        path: `captions.translations.${t.language}`,
        cause: err,
      });
    }
  });
  return { cues, sceneCues, burnedCues, translations };
}

/** One scene's cues, on the clip's clock. */
function cuesOf(job: AfterSpeak, segment: VoiceSegment, options?: Partial<CueOptions>): Cue[] {
  const start = secondsOf(job.clock.scenes[segment.scene].start, job.rate);
  return buildCues(segment.speech.words, options).map((c) => ({
    ...c,
    start: c.start + start,
    end: c.end + start,
    ...(c.words ? { words: c.words.map((w) => ({ ...w, start: w.start + start, end: w.end + start })) } : {}),
  }));
}

function withoutGlyphs(cues: Cue[], drop: ReadonlySet<string>): Cue[] {
  if (drop.size === 0) return cues;
  const keep = (text: string) => [...text].filter((ch) => !drop.has(ch)).join('');
  return cues.map((c) => ({
    ...c,
    lines: c.lines.map(keep),
    ...(c.words ? { words: c.words.map((w) => ({ ...w, text: keep(w.text) })) } : {}),
  }));
}
