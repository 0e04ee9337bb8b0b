import type { Timeline, TimelineLayer } from '@app/timeline';
import {
  assertSafePath,
  buildLayerMovieArgs,
  buildLayerStillArgs,
  buildWav48kArgs,
} from './layer-media.args';

const t = {
  rate: { num: 30, den: 1 },
  frame: { aspect: '16:9', width: 1280, height: 720 },
} as Timeline;

function layer(over: Partial<TimelineLayer>): TimelineLayer {
  return {
    id: 'scenes[1].layers[2]',
    kind: 'dataCard',
    scene: 1,
    plane: 'scene',
    window: { start: 100, end: 190 },
    rect: { x: 64, y: 120, width: 400, height: 300 },
    media: { type: 'still', file: 'card-16x9.png', opaque: false },
    fadeIn: 0,
    fadeOut: 0,
    motion: { type: 'still' },
    ...over,
  };
}

describe('layer media for editable timelines', () => {
  it('lays a still on a transparent full-frame canvas as one PNG', () => {
    expect(buildLayerStillArgs(t, layer({}), 'timeline-16x9/media/03-facts-dataCard.png').join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -i card-16x9.png -filter_complex ' +
        '[0:v]format=rgba[l];color=c=black@0:s=1280x720:r=30/1,format=rgba,trim=end_frame=1[c];' +
        '[c][l]overlay=x=64:y=120:format=auto:eof_action=endall,format=rgba[v] ' +
        '-map [v] -frames:v 1 -update 1 -f image2 timeline-16x9/media/03-facts-dataCard.png',
    );
  });

  it('encodes the streamed presenter as ProRes 4444 with alpha, scaled to its rect, window frames long', () => {
    const presenter = layer({ kind: 'presenter', media: { type: 'stream', width: 400, height: 300 } });
    expect(buildLayerMovieArgs(t, presenter, 'timeline-16x9/media/02-facts-presenter.mov').join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -f rawvideo -pix_fmt rgba -s 400x300 -framerate 30/1 -i pipe:0 ' +
        '-filter_complex [0:v]scale=400:300,format=rgba,trim=end_frame=90[l];' +
        'color=c=black@0:s=1280x720:r=30/1,format=rgba,trim=end_frame=90[c];' +
        '[c][l]overlay=x=64:y=120:format=auto:eof_action=endall,scale=out_color_matrix=bt709:out_range=tv,format=yuva444p10le[v] ' +
        '-map [v] -frames:v 90 -c:v prores_ks -profile:v 4444 -pix_fmt yuva444p10le -vendor apl0 ' +
        '-color_primaries bt709 -color_trc bt709 -colorspace bt709 -r 30/1 -f mov timeline-16x9/media/02-facts-presenter.mov',
    );
  });

  it("moves a Ken Burns still with the compose graph's perspective", () => {
    const photo = layer({
      motion: {
        type: 'view',
        from: { x: 0, y: 0, width: 1, height: 1 },
        to: { x: 0.1, y: 0, width: 0.8, height: 0.8 },
        easing: 'linear',
      },
    });
    const args = buildLayerMovieArgs(t, photo, 'm/photo.mov').join(' ');
    expect(args).toContain('-framerate 30/1 -i card-16x9.png');
    expect(args).toContain('[0:v]format=rgba,loop=loop=89:size=1:start=0,setpts=N*1/30/TB,perspective=x0=');
    expect(args).toContain('W*(0+0.1*on/89)');
  });

  it('converts sound to 48 kHz 24-bit WAV', () => {
    expect(buildWav48kArgs('voice-1.wav', 'timeline-16x9/media/voice-1.wav').slice(4).join(' ')).toBe(
      '-i voice-1.wav -map 0:a:0 -ar 48000 -c:a pcm_s24le -f wav timeline-16x9/media/voice-1.wav',
    );
  });

  it('refuses paths that could leave the working folder or need quoting', () => {
    for (const bad of ['../x.png', '/tmp/x.png', 'a/../b.png', 'a b.png', 'a;b.png', '.hidden/x'])
      expect(() => assertSafePath(bad)).toThrow(/unsafe relative path/);
    expect(assertSafePath('timeline-9x16/media/01-open-title.png')).toBe(
      'timeline-9x16/media/01-open-title.png',
    );
  });
});
