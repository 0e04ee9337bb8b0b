import { ClipwrightError, ErrorCode } from '@app/core';

/** One subtitle file to add as a track. */
export interface SubtitleTrack {
  /** A SubRip or WebVTT file FFmpeg can read (captions.srt, captions.es.srt). */
  file: string;
  /** BCP 47 language of the track: "en", "zh-Hans". */
  language: string;
  /** Shown by players in their subtitle menu: "English", "Español". */
  title?: string;
}

export interface MovTextMux {
  /** The finished MP4 (video and audio are copied, not encoded again). */
  video: string;
  tracks: readonly SubtitleTrack[];
  /** Where to write: a temporary name the caller renames into place. */
  output: string;
}

/**
 * ISO 639-2/T codes (what an MP4 `mdhd` box carries, ISO/IEC 14496-12 §8.4.2.3) for the BCP 47
 * primary language subtags users commonly deliver.
 */
const ISO_639_2: Record<string, string> = {
  ar: 'ara',
  cs: 'ces',
  da: 'dan',
  de: 'deu',
  el: 'ell',
  en: 'eng',
  es: 'spa',
  fa: 'fas',
  fi: 'fin',
  fr: 'fra',
  he: 'heb',
  hi: 'hin',
  hu: 'hun',
  id: 'ind',
  it: 'ita',
  ja: 'jpn',
  ko: 'kor',
  ms: 'msa',
  nl: 'nld',
  no: 'nor',
  nb: 'nob',
  pl: 'pol',
  pt: 'por',
  ro: 'ron',
  ru: 'rus',
  sv: 'swe',
  sw: 'swa',
  th: 'tha',
  tr: 'tur',
  uk: 'ukr',
  ur: 'urd',
  vi: 'vie',
  zh: 'zho',
  yue: 'yue',
  cmn: 'cmn',
};

/** The ISO 639-2 code for a BCP 47 tag ("zh-Hans" -> "zho"); "und" when unknown. */
export function iso639_2(language: string): string {
  const primary = language.split('-')[0].toLowerCase();
  return ISO_639_2[primary] ?? (/^[a-z]{3}$/.test(primary) ? primary : 'und');
}

/**
 * FFmpeg arguments that add subtitle files to a finished MP4 as `mov_text` tracks (3GPP TS 26.245
 * timed text, the subtitle format MP4 players read), copying video and audio untouched and keeping
 * the file's metadata tags. Each track gets its language and title; the first is the default. A pure function: the caller runs it.
 */
export function movTextMuxArgs(mux: MovTextMux): string[] {
  if (mux.tracks.length === 0) {
    throw new ClipwrightError(ErrorCode.InvalidArgument, 'No subtitle tracks to add', { path: 'tracks' });
  }
  const args = ['-hide_banner', '-nostdin', '-y', '-i', mux.video];
  for (const track of mux.tracks) args.push('-i', track.file);
  args.push('-map', '0:v', '-map', '0:a?');
  mux.tracks.forEach((_, i) => args.push('-map', `${i + 1}:s:0`));
  args.push('-c:v', 'copy', '-c:a', 'copy', '-c:s', 'mov_text');
  mux.tracks.forEach((track, i) => {
    args.push(`-metadata:s:s:${i}`, `language=${iso639_2(track.language)}`);
    if (track.title !== undefined) args.push(`-metadata:s:s:${i}`, `handler_name=${track.title}`);
    args.push(`-disposition:s:${i}`, i === 0 ? 'default' : '0');
  });
  // The file's own tags (the AI-generation labels among them, custom keys such as AIGC) are kept:
  // global metadata copied from the clip, and written back as the encode wrote them.
  args.push('-map_metadata', '0', '-movflags', '+faststart+use_metadata_tags', '-f', 'mp4', mux.output);
  return args;
}
