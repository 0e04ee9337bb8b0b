import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type Cue, movTextMuxArgs, type SubtitleTrack, toSrt, toTtml, toVtt } from '@app/captions';
import type { AfterCompose } from '../job.types';

/** One language's captions as files: `captions.srt` / `.vtt` / `.ttml`, `captions.<lang>.*` for a translation. */
export interface CaptionFileSet {
  language: string;
  srt: string;
  vtt: string;
  ttml: string;
  /** Whether it has any cue (an empty file is not muxed: ffmpeg refuses a subtitle stream with no packets). */
  cued: boolean;
}

// The leading language (and script/region) subtags of a voice id: "en-us" -> "en-us",
// "en-US-JennyNeural" -> "en-US", "cmn" -> "cmn".
const VOICE_LANGUAGE = /^([a-z]{2,3})(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?(?=$|-)/i;

/** The BCP 47 language of a clip's captions, from the template's voice; "und" when it names none. */
export function captionLanguage(voice: string): string {
  const m = VOICE_LANGUAGE.exec(voice);
  return m ? m[0] : 'und';
}

function fileSet(stem: string, language: string, cues: Cue[]): CaptionFileSet {
  return {
    language,
    srt: `${stem}.srt`,
    vtt: `${stem}.vtt`,
    ttml: `${stem}.ttml`,
    cued: cues.length > 0,
  };
}

/**
 * Writes every caption file of the job into the staging folder: the original's SubRip, WebVTT and
 * TTML (EBU-TT-D / IMSC 1), then each translation's (`captions.es.vtt`). Each file is written under a
 * temporary name and renamed, so a reader never sees half a file. Returns the sets, original first.
 */
export async function writeCaptionFiles(job: AfterCompose): Promise<CaptionFileSet[]> {
  const all = [
    { stem: 'captions', language: captionLanguage(job.template.manifest.voice.voice), cues: job.cues },
    ...job.translations.map((t) => ({ stem: `captions.${t.language}`, language: t.language, cues: t.cues })),
  ];
  const sets: CaptionFileSet[] = [];
  for (const { stem, language, cues } of all) {
    const set = fileSet(stem, language, cues);
    await writeStaged(job.workDir, set.srt, toSrt(cues));
    await writeStaged(job.workDir, set.vtt, toVtt(cues));
    await writeStaged(job.workDir, set.ttml, toTtml(cues, { language }));
    sets.push(set);
  }
  return sets;
}

async function writeStaged(dir: string, name: string, content: string): Promise<void> {
  const tmp = path.join(dir, `.${name}.part`);
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, path.join(dir, name));
}

/**
 * Adds the caption files to a finished MP4 as `mov_text` tracks (the original first and default,
 * then each translation), so players offer them in their subtitle menu. Video and audio are copied;
 * the muxed file replaces the encode with one rename. Nothing to add: the file is left as it is.
 */
export async function muxCaptionTracks(
  job: AfterCompose,
  file: string,
  sets: CaptionFileSet[],
): Promise<number> {
  const tracks: SubtitleTrack[] = sets
    .filter((s) => s.cued)
    .map((s) => ({ file: s.srt, language: s.language, title: trackTitle(s.language) }));
  if (tracks.length === 0) return 0;
  const muxed = `${path.basename(file, '.mp4')}.captioned.mp4`;
  await job.services.ffmpeg.run(movTextMuxArgs({ video: file, tracks, output: muxed }), {
    cwd: job.workDir,
    signal: job.signal,
    label: 'caption tracks',
  });
  await fs.rename(path.join(job.workDir, muxed), path.join(job.workDir, file));
  return tracks.length;
}

/** The language's name in itself ("Español"), as players list tracks; the tag when unknown. */
function trackTitle(language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: 'language' }).of(language);
    return name ? name.charAt(0).toLocaleUpperCase(language) + name.slice(1) : language;
  } catch {
    return language;
  }
}
