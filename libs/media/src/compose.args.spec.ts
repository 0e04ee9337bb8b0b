import { frameRate, layScenes, type Timeline, type TimelineLayer } from '@app/timeline';
import {
  buildBareEncodeArgs,
  buildComposeCommand,
  buildLosslessEncodeArgs,
  type ComposeJob,
} from './compose.args';
import { defaultEncodeSettings } from './encode.settings';

const rate = frameRate(30);
const full = { x: 0, y: 0, width: 1920, height: 1080 };

function layer(
  over: Partial<TimelineLayer> & Pick<TimelineLayer, 'id' | 'kind' | 'scene' | 'window' | 'media'>,
): TimelineLayer {
  return { plane: 'scene', rect: full, fadeIn: 0, fadeOut: 0, motion: { type: 'still' }, ...over };
}

/** The news brief's shape: a title open, then the read with a crossfade, captions over both. */
function brief(): Timeline {
  const clock = layScenes(
    [
      { id: 'open', rule: 'fixed', seconds: 2.5 },
      { id: 'read', rule: 'speech', seconds: 8, transition: { kind: 'crossfade', seconds: 0.4 } },
    ],
    rate,
  );
  return {
    rate,
    duration: clock.duration,
    frame: { aspect: '16:9', width: 1920, height: 1080 },
    scenes: clock.scenes,
    transitions: clock.transitions,
    layers: [
      layer({
        id: 'scenes[1].layers[0]',
        kind: 'background',
        scene: 1,
        window: { start: 75, end: 315 },
        media: { type: 'still', file: 'bg.png', opaque: true },
      }),
      layer({
        id: 'scenes[1].layers[1]',
        kind: 'presenter',
        scene: 1,
        window: { start: 75, end: 315 },
        rect: { x: 1280, y: 146, width: 640, height: 934 },
        media: { type: 'stream', width: 640, height: 934 },
      }),
      layer({
        id: 'scenes[1].layers[2]',
        kind: 'lowerThird',
        scene: 1,
        window: { start: 84, end: 270 },
        rect: { x: 96, y: 700, width: 900, height: 200 },
        media: { type: 'still', file: 'lower.png', opaque: false },
        fadeIn: 6,
        fadeOut: 9,
        motion: { type: 'slide', fromX: -996, fromY: 0, duration: 15, easing: 'ease-out-cubic' },
      }),
      layer({
        id: 'scenes[0].layers[0]',
        kind: 'title',
        scene: 0,
        window: { start: 0, end: 87 },
        media: { type: 'still', file: 'title.png', opaque: true },
      }),
      layer({
        id: 'scenes[1].layers[3]',
        kind: 'captions',
        scene: 1,
        plane: 'program',
        window: { start: 75, end: 315 },
        media: { type: 'subtitles', file: 'captions-16x9.ass' },
      }),
    ],
    audio: [],
  };
}

const job = (timeline: Timeline): ComposeJob => ({
  timeline,
  audio: 'master.wav',
  metadata: { comment: 'AI-generated' },
  output: 'out.mp4',
});

function graphOf(args: string[]): string[] {
  return args[args.indexOf('-filter_complex') + 1].split(';');
}

describe('compose: the timeline compiled to one ffmpeg command', () => {
  it('composites each scene on its own clock, crossfades at the cut, and burns captions over the program', () => {
    const { args } = buildComposeCommand(job(brief()), defaultEncodeSettings);
    const rgb = 'scale=out_color_matrix=bt709:out_range=tv';
    expect(graphOf(args)).toEqual([
      // The open: its opaque title is the scene's ground, looped over its extent (2.5 s + the 0.4 s crossfade).
      `[3:v]${rgb},format=yuv420p,loop=loop=86:size=1:start=0,setpts=N*1/30/TB,trim=end_frame=87[s0]`,
      `[0:v]${rgb},format=yuv420p,loop=loop=239:size=1:start=0,setpts=N*1/30/TB,trim=end_frame=240[s1]`,
      // The presenter's frames are placed in time, not looped.
      `[1:v]${rgb},format=yuva420p,trim=end_frame=240,setpts=N*1/30/TB[s1o0]`,
      '[s1][s1o0]overlay=x=1280:y=146:eof_action=pass:format=yuv420[s1v0]',
      // The strap: decoded once, looped, faded in and out, sliding in from the left edge.
      `[2:v]${rgb},format=yuva420p,loop=loop=185:size=1:start=0,setpts=N*1/30/TB+0.3/TB,fade=t=in:st=0.3:d=0.2:alpha=1,fade=t=out:st=6.2:d=0.3:alpha=1[s1o1]`,
      "[s1v0][s1o1]overlay=x='if(lt(t,0.8),96+-996*pow(1-(t-0.3)/0.5,3),96)':y=700:eof_action=pass:format=yuv420[s1v1]",
      '[s0][s1v1]xfade=transition=fade:duration=0.4:offset=2.5[j1]',
      '[j1]subtitles=filename=captions-16x9.ass[p0]',
      '[p0]format=yuv420p[vout]',
    ]);
  });

  it('reads stills at the clip rate, the presenter on stdin, and encodes H.264 tagged BT.709 limited range', () => {
    const { args, streams } = buildComposeCommand(job(brief()), defaultEncodeSettings);
    const at = args.indexOf('-filter_complex') + 1;
    expect([...args.slice(0, at), '<graph>', ...args.slice(at + 1)].join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -progress pipe:1 -framerate 30/1 -i bg.png ' +
        '-f rawvideo -pix_fmt rgba -s 640x934 -framerate 30/1 -i pipe:0 -framerate 30/1 -i lower.png -framerate 30/1 -i title.png ' +
        '-i master.wav -filter_complex <graph> -map [vout] -map 4:a:0 ' +
        '-c:v libx264 -preset veryfast -crf 20 -profile:v high -pix_fmt yuv420p -r 30/1 -g 60 ' +
        '-color_primaries bt709 -color_trc bt709 -colorspace bt709 -color_range tv ' +
        '-c:a aac -b:a 192k -ar 48000 -ac 2 -t 10.5 -movflags +faststart -metadata comment=AI-generated -f mp4 out.mp4',
    );
    expect(streams.map((l) => l.kind)).toEqual(['presenter']);
  });

  it('puts further streams on pipe:3, scales a clip into its rect, and starts a scene without a ground from black', () => {
    const t = brief();
    t.layers.splice(
      3,
      1,
      layer({
        id: 'scenes[0].layers[0]',
        kind: 'presenter',
        scene: 0,
        window: { start: 0, end: 87 },
        rect: { x: 0, y: 0, width: 540, height: 720 },
        media: { type: 'stream', width: 540, height: 720 },
      }),
      layer({
        id: 'scenes[0].layers[1]',
        kind: 'presenter',
        scene: 0,
        window: { start: 0, end: 87 },
        rect: { x: 600, y: 0, width: 640, height: 480 },
        media: { type: 'video', file: 'lipsync.mkv', width: 320, height: 240 },
      }),
    );
    const { args, streams } = buildComposeCommand(job(t), defaultEncodeSettings);
    expect(args.join(' ')).toContain('-s 640x934 -framerate 30/1 -i pipe:0');
    expect(args.join(' ')).toContain('-s 540x720 -framerate 30/1 -i pipe:3 -i lipsync.mkv');
    expect(streams.map((l) => l.id)).toEqual(['scenes[1].layers[1]', 'scenes[0].layers[0]']);
    const graph = graphOf(args);
    expect(graph[0]).toBe('color=c=black:s=1920x1080:r=30/1,trim=end_frame=87,format=yuv420p[s0]');
    expect(graph).toContain(
      '[4:v]scale=out_color_matrix=bt709:out_range=tv:w=640:h=480,format=yuva420p,trim=end_frame=87,setpts=N*1/30/TB[s0o1]',
    );
  });

  it('crops a b-roll clip fitted with cover before scaling it into its rect', () => {
    const t = brief();
    t.layers.splice(
      3,
      1,
      layer({
        id: 'scenes[0].layers[0]',
        kind: 'video',
        scene: 0,
        window: { start: 0, end: 87 },
        rect: { x: 0, y: 0, width: 1920, height: 540 },
        media: {
          type: 'video',
          file: 'video-s0-l0.mp4',
          width: 1280,
          height: 720,
          crop: { x: 0, y: 0.25, width: 1, height: 0.5 },
        },
      }),
    );
    const { args } = buildComposeCommand(job(t), defaultEncodeSettings);
    expect(graphOf(args)).toContain(
      '[3:v]crop=w=iw*1:h=ih*0.5:x=iw*0:y=ih*0.25:exact=1,scale=out_color_matrix=bt709:out_range=tv:w=1920:h=540,format=yuva420p,trim=end_frame=87,setpts=N*1/30/TB[s0o0]',
    );
  });

  it('moves a Ken Burns view over the one decoded still at sub-pixel positions (perspective, per frame)', () => {
    const t = brief();
    t.layers[3] = layer({
      ...t.layers[3],
      kind: 'image',
      media: { type: 'still', file: 'photo.png', opaque: false },
      motion: {
        type: 'view',
        from: { x: 0, y: 0, width: 1, height: 1 },
        to: { x: 0.1, y: 0.05, width: 0.8, height: 0.8 },
        easing: 'linear',
      },
    });
    const graph = graphOf(buildComposeCommand(job(t), defaultEncodeSettings).args);
    expect(graph[0]).toBe('color=c=black:s=1920x1080:r=30/1,trim=end_frame=87,format=yuv420p[s0]');
    const x = 'W*(0+0.1*on/86)';
    const y = 'H*(0+0.05*on/86)';
    const w = 'W*(1+-0.2*on/86)';
    const h = 'H*(1+-0.2*on/86)';
    expect(graph[1]).toBe(
      '[3:v]scale=out_color_matrix=bt709:out_range=tv,format=yuva420p,loop=loop=86:size=1:start=0,setpts=N*1/30/TB,' +
        `perspective=x0='${x}':y0='${y}':x1='${x}+${w}':y1='${y}':x2='${x}':y2='${y}+${h}':x3='${x}+${w}':y3='${y}+${h}':interpolation=linear:eval=frame[s0o0]`,
    );
  });

  it('reveals a wiped still with xfade from its own first frames made clear, then passes it through', () => {
    const t = brief();
    t.layers[2] = layer({
      ...t.layers[2],
      kind: 'chart',
      fadeIn: 0,
      fadeOut: 9,
      motion: { type: 'wipe', direction: 'up', duration: 24 },
    });
    const graph = graphOf(buildComposeCommand(job(t), defaultEncodeSettings).args);
    const at = graph.indexOf('[s1o1k]trim=end_frame=25,lutyuv=a=0[s1o1c]');
    expect(at).toBeGreaterThan(0);
    expect(graph[at - 1]).toBe(
      '[2:v]scale=out_color_matrix=bt709:out_range=tv,format=yuva420p,loop=loop=185:size=1:start=0,setpts=N*1/30/TB,split[s1o1s][s1o1k]',
    );
    expect(graph[at + 1]).toBe(
      '[s1o1c][s1o1s]xfade=transition=wipeup:duration=0.8:offset=0,setpts=N*1/30/TB+0.3/TB,fade=t=out:st=6.2:d=0.3:alpha=1[s1o1]',
    );
    expect(graph[at + 2]).toBe('[s1v0][s1o1]overlay=x=96:y=700:eof_action=pass:format=yuv420[s1v1]');
  });

  it('joins scenes with concat at a cut and with the named xfade at a wipe or slide', () => {
    const t = brief();
    t.transitions = [];
    t.scenes[0].extent = { start: 0, end: 75 };
    t.layers[3].window = { start: 0, end: 75 };
    expect(graphOf(buildComposeCommand(job(t), defaultEncodeSettings).args)).toContain(
      '[s0][s1v1]concat=n=2:v=1:a=0[j1]',
    );
    const wipe = brief();
    wipe.transitions[0] = { ...wipe.transitions[0], kind: 'slide', direction: 'up' };
    expect(graphOf(buildComposeCommand(job(wipe), defaultEncodeSettings).args)).toContain(
      '[s0][s1v1]xfade=transition=slideup:duration=0.4:offset=2.5[j1]',
    );
  });

  it('refuses file names that would need filter-graph escaping', () => {
    const t = brief();
    t.layers[4].media = { type: 'subtitles', file: "x'.ass" };
    expect(() => buildComposeCommand(job(t), defaultEncodeSettings)).toThrow(/unsafe file name/);
    const u = brief();
    u.layers[0].media = { type: 'still', file: 'a:b[0].png', opaque: true };
    expect(() => buildComposeCommand(job(u), defaultEncodeSettings)).toThrow(/unsafe file name/);
  });

  it('gives the benchmark a bare encode with the same encoder settings', () => {
    expect(buildBareEncodeArgs(1920, 1080, 30, 12, defaultEncodeSettings, 'bare.mp4').join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 ' +
        '-c:v libx264 -preset veryfast -crf 20 -profile:v high -pix_fmt yuv420p -r 30 -g 60 ' +
        '-color_primaries bt709 -color_trc bt709 -colorspace bt709 -color_range tv ' +
        '-c:a aac -b:a 192k -ar 48000 -ac 2 -t 12 -movflags +faststart -f mp4 bare.mp4',
    );
  });

  it('keeps a clip made once per job losslessly (FFV1, RGB) for every output to scale', () => {
    expect(buildLosslessEncodeArgs({ width: 320, height: 240, rate, output: 'p.mkv' }).join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -f rawvideo -pix_fmt rgba -s 320x240 -framerate 30/1 -i pipe:0 ' +
        '-c:v ffv1 -level 3 -pix_fmt bgr0 -f matroska p.mkv',
    );
  });
});
