import { iso639_2, movTextMuxArgs } from './mov-text.args';

describe('movTextMuxArgs', () => {
  it('adds subtitle files as mov_text tracks with languages, copying video and audio', () => {
    const args = movTextMuxArgs({
      video: 'clip-16x9.mp4',
      tracks: [
        { file: 'captions.srt', language: 'en', title: 'English' },
        { file: 'captions.zh-Hans.srt', language: 'zh-Hans', title: '中文' },
      ],
      output: '.clip-16x9.subs.mp4',
    });
    expect(args.join(' ')).toBe(
      '-hide_banner -nostdin -y -i clip-16x9.mp4 -i captions.srt -i captions.zh-Hans.srt ' +
        '-map 0:v -map 0:a? -map 1:s:0 -map 2:s:0 -c:v copy -c:a copy -c:s mov_text ' +
        '-metadata:s:s:0 language=eng -metadata:s:s:0 handler_name=English -disposition:s:0 default ' +
        '-metadata:s:s:1 language=zho -metadata:s:s:1 handler_name=中文 -disposition:s:1 0 ' +
        '-map_metadata 0 -movflags +faststart+use_metadata_tags -f mp4 .clip-16x9.subs.mp4',
    );
  });

  it('maps BCP 47 tags to ISO 639-2 and refuses no tracks', () => {
    expect(iso639_2('ar-EG')).toBe('ara');
    expect(iso639_2('yue')).toBe('yue');
    expect(iso639_2('x-klingon')).toBe('und');
    expect(() => movTextMuxArgs({ video: 'a.mp4', tracks: [], output: 'b.mp4' })).toThrow(/No subtitle/);
  });
});
