import { ClipwrightError, ErrorCode } from '@app/core';
import { cueDirection, inertBackslashes, writableLines } from './cue-text';
import { Cue } from './cue.types';
import { formatVttTime } from './time-format';

export interface TtmlOptions {
  /** BCP 47 language of the text (`xml:lang`, required by EBU-TT-D): "en", "zh-Hans", "ar". */
  language: string;
  /** Where cues sit in the picture; bottom by default. */
  position?: 'bottom' | 'top';
}

const EBU_TT_D = 'urn:ebu:tt:distribution:2018-04';
const IMSC1_TEXT = 'http://www.w3.org/ns/ttml/profile/imsc1/text';
const LANGUAGE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

/**
 * Timed Text as broadcasters take it: an EBU-TT-D document (EBU Tech 3380, 2018) that is also an
 * IMSC 1 Text profile document (W3C TTML Profiles for Internet Media Subtitles and Captions 1.0.1).
 * Media time base with `hh:mm:ss.sss` times (Tech 3380 §3.3), `xml:lang` on `tt`, text in `span`s
 * inside `p`s with `br` between lines, each `p` in a region of the title-safe area (90 %, 5 % in from
 * each edge), white text on a black box with half a cell of padding (`ebutts:linePadding`).
 * Right-to-left cues carry `tts:direction="rtl"` with bidi embedding (TTML1 §8.2.8, §8.2.24).
 */
export function toTtml(cues: Cue[], options: TtmlOptions): string {
  if (!LANGUAGE.test(options.language)) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `"${options.language}" is not a BCP 47 language tag for the captions`,
      { path: 'captions.language' },
    );
  }
  const region = options.position === 'top' ? 'top' : 'bottom';
  const paragraphs: string[] = [];
  for (const cue of cues) {
    const lines = writableLines(cue);
    if (lines.length === 0) continue;
    const rtl = cueDirection(lines) === 'rtl';
    const spanAttributes = rtl ? ' tts:direction="rtl" tts:unicodeBidi="embed"' : '';
    const body = lines.map((line) => `<span${spanAttributes}>${escapeXmlText(line)}</span>`).join('<br/>');
    const id = `c${paragraphs.length + 1}`;
    const times = `begin="${formatVttTime(cue.start)}" end="${formatVttTime(cue.end)}"`;
    const direction = rtl ? ' tts:direction="rtl"' : '';
    paragraphs.push(
      `      <p xml:id="${id}" ${times} region="${region}" style="caption"${direction}>${body}</p>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"' +
      ' xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttm="http://www.w3.org/ns/ttml#metadata"' +
      ' xmlns:ebuttm="urn:ebu:tt:metadata" xmlns:ebutts="urn:ebu:tt:style"' +
      ` ttp:timeBase="media" ttp:cellResolution="50 30" ttp:profile="${IMSC1_TEXT}"` +
      ` xml:lang="${options.language}">`,
    '  <head>',
    '    <metadata>',
    '      <ebuttm:documentMetadata>',
    `        <ebuttm:conformsToStandard>${EBU_TT_D}</ebuttm:conformsToStandard>`,
    `        <ebuttm:conformsToStandard>${IMSC1_TEXT}</ebuttm:conformsToStandard>`,
    '      </ebuttm:documentMetadata>',
    '    </metadata>',
    '    <styling>',
    '      <style xml:id="caption" tts:fontFamily="proportionalSansSerif" tts:fontSize="100%"' +
      ' tts:lineHeight="125%" tts:textAlign="center" tts:color="#FFFFFF" tts:backgroundColor="#000000C2"' +
      ' ebutts:linePadding="0.5c"/>',
    '    </styling>',
    '    <layout>',
    '      <region xml:id="bottom" tts:origin="5% 5%" tts:extent="90% 90%" tts:displayAlign="after"/>',
    '      <region xml:id="top" tts:origin="5% 5%" tts:extent="90% 90%" tts:displayAlign="before"/>',
    '    </layout>',
    '  </head>',
    // EBU-TT-D wants a div to hold paragraphs: with no cues the body stays empty.
    ...(paragraphs.length > 0
      ? ['  <body>', '    <div>', ...paragraphs, '    </div>', '  </body>']
      : ['  <body/>']),
    '</tt>',
    '',
  ].join('\n');
}

/** XML character data: markup characters as references; ASS escapes inert for converters. */
export function escapeXmlText(text: string): string {
  return inertBackslashes(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}
