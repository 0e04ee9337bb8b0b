import { aigcJson, ImplicitLabels } from './implicit-labels';

/**
 * The `-movflags` flag the labels need: without it ffmpeg's MP4 muxer drops keys it has no iTunes
 * atom for (such as `AIGC`); with it every `-metadata` key is written as an `mdta` key in
 * `moov/udta/meta` (`keys` + `ilst`), where the TC260 video guide puts the AIGC field. Merge it into
 * the encode's one `-movflags` value (`+faststart+use_metadata_tags`): a second `-movflags` option
 * would replace the first.
 */
export const LABEL_MOVFLAGS = '+use_metadata_tags';

/**
 * `-metadata` arguments that write the implicit labels into an MP4: `AIGC` (GB 45438-2025) when
 * the profile asks for it, and `comment` (the disclosure sentence, readable in any player). Pure;
 * add them to the encode's output options together with {@link LABEL_MOVFLAGS}.
 */
export function mp4LabelMetadataArgs(labels: ImplicitLabels): string[] {
  const tags: [string, string][] = [];
  if (labels.aigc) tags.push(['AIGC', aigcJson(labels.aigc)]);
  tags.push(['comment', labels.disclosure]);
  return tags.flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
}

/**
 * A stream-copy pass that puts the labels into an MP4 already encoded: every stream and the existing
 * tags are kept, nothing is re-encoded, the moov atom stays in front. For files the engine did not
 * encode with {@link mp4LabelMetadataArgs} (an uploaded clip, an older render). Pure.
 */
export function mp4LabelRemuxArgs(input: string, output: string, labels: ImplicitLabels): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-i',
    input,
    '-map',
    '0',
    '-c',
    'copy',
    '-map_metadata',
    '0',
    '-movflags',
    `+faststart${LABEL_MOVFLAGS}`,
    ...mp4LabelMetadataArgs(labels),
    '-f',
    'mp4',
    '-y',
    output,
  ];
}
