import {
  buildBareEncodeArgs,
  buildComposeArgs,
  buildComposeFilter,
  ComposeTimeline,
  STDIN_VIDEO,
} from './compose.args';
import { defaultEncodeSettings } from './encode.settings';

const timeline: ComposeTimeline = {
  width: 1920,
  height: 1080,
  fps: 30,
  duration: 10.5,
  background: 'bg.png',
  overlays: [
    {
      file: 'title.png',
      x: 0,
      y: 0,
      start: 0,
      end: 2.9,
      fadeIn: 0,
      fadeOut: 0.4,
      slideFromX: 0,
      slideSeconds: 0,
    },
    {
      file: 'lower.png',
      x: 96,
      y: 700,
      start: 2.8,
      end: 9,
      fadeIn: 0.2,
      fadeOut: 0.3,
      slideFromX: -600,
      slideSeconds: 0.5,
    },
  ],
  subtitles: { file: 'captions-16x9.ass', fontsDir: 'fonts' },
  audio: 'master.wav',
  metadata: { comment: 'AI-generated' },
  output: 'out.mp4',
};

describe('compose arguments', () => {
  it('compiles a timeline into one filter graph', () => {
    expect(buildComposeFilter(timeline).split(';')).toEqual([
      '[0:v]format=yuv420p,loop=loop=315:size=1:start=0,setpts=N/30/TB,trim=end_frame=315[base]',
      '[1:v]format=yuva420p,loop=loop=86:size=1:start=0,setpts=N/30/TB+0/TB,fade=t=out:st=2.5:d=0.4:alpha=1[ov0]',
      '[base][ov0]overlay=x=0:y=0:eof_action=pass:format=yuv420[v0]',
      '[2:v]format=yuva420p,loop=loop=185:size=1:start=0,setpts=N/30/TB+2.8/TB,fade=t=in:st=2.8:d=0.2:alpha=1,fade=t=out:st=8.7:d=0.3:alpha=1[ov1]',
      "[v0][ov1]overlay=x='if(lt(t,3.3),96+-600*pow(1-(t-2.8)/0.5,3),96)':y=700:eof_action=pass:format=yuv420[v1]",
      '[v1]subtitles=filename=captions-16x9.ass:fontsdir=fonts[subs]',
      '[subs]format=yuv420p[vout]',
    ]);
  });

  it('builds the whole invocation with the delivery encode settings', () => {
    const args = buildComposeArgs(timeline, defaultEncodeSettings);
    const graphAt = args.indexOf('-filter_complex') + 1;
    expect([...args.slice(0, graphAt), '<graph>', ...args.slice(graphAt + 1)].join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -progress pipe:1 -i bg.png -i title.png -i lower.png -i master.wav ' +
        '-filter_complex <graph> -map [vout] -map 3:a:0 ' +
        '-c:v libx264 -preset veryfast -crf 20 -profile:v high -pix_fmt yuv420p -r 30 -g 60 ' +
        '-c:a aac -b:a 192k -ar 48000 -ac 2 -t 10.5 -movflags +faststart -metadata comment=AI-generated -f mp4 out.mp4',
    );
  });

  it('takes the presenter as raw RGBA frames on stdin, placed in time without looping', () => {
    const withPresenter: ComposeTimeline = {
      ...timeline,
      subtitles: undefined,
      overlays: [
        { ...timeline.overlays[0] },
        {
          file: STDIN_VIDEO,
          stream: { width: 640, height: 934 },
          x: 1280,
          y: 146,
          start: 2.5,
          end: 10.5,
          fadeIn: 0,
          fadeOut: 0,
          slideFromX: 0,
          slideSeconds: 0,
        },
      ],
    };
    const args = buildComposeArgs(withPresenter, defaultEncodeSettings);
    expect(args.slice(6, 20).join(' ')).toBe(
      '-i bg.png -i title.png -f rawvideo -pix_fmt rgba -s 640x934 -framerate 30 -i pipe:0',
    );
    expect(buildComposeFilter(withPresenter).split(';').slice(3, 5)).toEqual([
      '[2:v]format=yuva420p,setpts=N/30/TB+2.5/TB[ov1]',
      '[v0][ov1]overlay=x=1280:y=146:eof_action=pass:format=yuv420[v1]',
    ]);
    expect(() =>
      buildComposeArgs(
        { ...withPresenter, overlays: [withPresenter.overlays[1], withPresenter.overlays[1]] },
        defaultEncodeSettings,
      ),
    ).toThrow(/only one streamed layer/);
  });

  it('refuses file names that would need filter-graph escaping', () => {
    expect(() =>
      buildComposeArgs({ ...timeline, subtitles: { file: "x'.ass" } }, defaultEncodeSettings),
    ).toThrow(/unsafe file name/);
    expect(() => buildComposeArgs({ ...timeline, background: 'a:b[0].png' }, defaultEncodeSettings)).toThrow(
      /unsafe file name/,
    );
  });

  it('gives the benchmark a bare encode with the same encoder settings', () => {
    expect(buildBareEncodeArgs(1920, 1080, 30, 12, defaultEncodeSettings, 'bare.mp4').join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 ' +
        '-c:v libx264 -preset veryfast -crf 20 -profile:v high -pix_fmt yuv420p -r 30 -g 60 ' +
        '-c:a aac -b:a 192k -ar 48000 -ac 2 -t 12 -movflags +faststart -f mp4 bare.mp4',
    );
  });
});
