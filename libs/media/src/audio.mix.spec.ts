import { buildClipCutArgs, buildClipLoopArgs } from './clip.args';
import { buildMixArgs, duckFilter } from './audio.mix';
import { buildPeakLimitArgs, isLoudnessPreset, LOUDNESS_PRESETS, peakCeilingFor } from './loudness';

describe('the music and effects mix', () => {
  it('ducks a looped bed under the voice (sidechaincompress, the voice as sidechain) and adds an effect', () => {
    const args = buildMixArgs({
      voice: 'voice.wav',
      tracks: [
        {
          clips: [{ file: 'bed.m4a', at: 0, offset: 2, seconds: 10, loop: true }],
          gain: -6,
          fadeIn: 1,
          fadeOut: 1.5,
          ducking: { depth: 12, attack: 0.15, release: 0.6 },
        },
        {
          clips: [{ file: 'chime.wav', at: 3.2, offset: 0, seconds: 0.4, loop: false }],
          gain: -3,
          fadeIn: 0,
          fadeOut: 0,
        },
      ],
      duration: 10,
      output: 'mix.wav',
    });
    const graph = args[args.indexOf('-filter_complex') + 1].split(';');
    expect(args.slice(0, args.indexOf('-filter_complex')).join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -i voice.wav -stream_loop -1 -i bed.m4a -i chime.wav',
    );
    const stereo = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo';
    expect(graph).toEqual([
      `[0:a]${stereo},apad=whole_dur=10,atrim=0:10,asplit=2[voice][sc0]`,
      `[1:a]atrim=start=2:duration=10,asetpts=PTS-STARTPTS,${stereo},adelay=0:all=1[t0c0]`,
      '[t0c0]anull,volume=-6dB,afade=t=in:st=0:d=1,afade=t=out:st=8.5:d=1.5,apad=whole_dur=10,atrim=0:10[t0dry]',
      '[t0dry][sc0]sidechaincompress=threshold=0.003:ratio=20:level_sc=8:attack=150:release=600:mix=0.7488[t0]',
      `[2:a]atrim=start=0:duration=0.4,asetpts=PTS-STARTPTS,${stereo},adelay=3200:all=1[t1c0]`,
      '[t1c0]anull,volume=-3dB,apad=whole_dur=10,atrim=0:10[t1]',
      '[voice][t0][t1]amix=inputs=3:normalize=0:duration=longest,atrim=0:10[mix]',
    ]);
    expect(args.slice(args.indexOf('-map')).join(' ')).toBe('-map [mix] -c:a pcm_f32le -f wav mix.wav');
  });

  it('leaves a bed as it is when there is no voice to duck under', () => {
    const args = buildMixArgs({
      tracks: [
        {
          clips: [{ file: 'bed.wav', at: 0, offset: 0, seconds: 4, loop: false }],
          gain: 0,
          fadeIn: 0,
          fadeOut: 0,
          ducking: { depth: 6, attack: 0.1, release: 0.5 },
        },
      ],
      duration: 4,
      output: 'mix.wav',
    });
    const graph = args[args.indexOf('-filter_complex') + 1];
    expect(graph).not.toContain('sidechaincompress');
    expect(graph.endsWith('[t0]anull[mix]')).toBe(true);
  });

  it('lowers the bed by at most the depth: the dry share left is 10^(-depth/20)', () => {
    expect(duckFilter({ depth: 6, attack: 0.2, release: 1 })).toBe(
      'sidechaincompress=threshold=0.003:ratio=20:level_sc=8:attack=200:release=1000:mix=0.4988',
    );
    expect(duckFilter({ depth: 20, attack: 0.01, release: 0.01 })).toMatch(/:mix=0\.9$/);
  });

  it('refuses a file name that is not a plain name in the working folder', () => {
    expect(() =>
      buildMixArgs({
        tracks: [
          {
            clips: [{ file: '../x.wav', at: 0, offset: 0, seconds: 1, loop: false }],
            gain: 0,
            fadeIn: 0,
            fadeOut: 0,
          },
        ],
        duration: 1,
        output: 'm.wav',
      }),
    ).toThrow(/unsafe file name/);
  });
});

describe('b-roll clips', () => {
  it('trims, converts to the timeline rate, bounds the size, holds the last frame and keeps the sound', () => {
    expect(
      buildClipCutArgs({
        input: 'video-s0-l1-src',
        from: 0.5,
        seconds: 1.5,
        rate: '25/1',
        hold: 12,
        maxSide: 1920,
        output: 'video-s0-l1.mp4',
        audioOutput: 'video-s0-l1.wav',
      }).join(' '),
    ).toBe(
      "-hide_banner -nostdin -y -nostats -ss 0.5 -t 1.5 -i video-s0-l1-src -map 0:v:0 -vf fps=25/1,scale=w='min(iw,1920)':h='min(ih,1920)':force_original_aspect_ratio=decrease:force_divisible_by=2,tpad=stop_mode=clone:stop=12 " +
        '-c:v libx264 -preset veryfast -crf 12 -pix_fmt yuv420p -an -f mp4 video-s0-l1.mp4 ' +
        '-map 0:a:0 -vn -ac 2 -ar 48000 -c:a pcm_s16le -f wav video-s0-l1.wav',
    );
  });

  it('loops a cut clip by stream copy to the length asked, its sound with it', () => {
    expect(
      buildClipLoopArgs({
        video: 'v-cut.mp4',
        audio: 'v-cut.wav',
        seconds: 7.04,
        output: 'v.mp4',
        audioOutput: 'v.wav',
      }).join(' '),
    ).toBe(
      '-hide_banner -nostdin -y -nostats -stream_loop -1 -i v-cut.mp4 -stream_loop -1 -i v-cut.wav -map 0:v:0 -t 7.04 -c copy -f mp4 v.mp4 -map 1:a:0 -t 7.04 -c:a pcm_s16le -f wav v.wav',
    );
    expect(buildClipLoopArgs({ video: 'v-cut.mp4', seconds: 3, output: 'v.mp4' }).join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -stream_loop -1 -i v-cut.mp4 -map 0:v:0 -t 3 -c copy -f mp4 v.mp4',
    );
  });
});

describe('loudness presets', () => {
  it('are EBU R128 broadcast, web and social, each with a true-peak ceiling of -1 dBTP', () => {
    expect(LOUDNESS_PRESETS).toEqual({
      broadcast: { integrated: -23, truePeak: -1, range: 11 },
      web: { integrated: -16, truePeak: -1, range: 11 },
      social: { integrated: -14, truePeak: -1, range: 11 },
    });
    expect(isLoudnessPreset('social')).toBe(true);
    expect(isLoudnessPreset('toString')).toBe(false);
    expect(isLoudnessPreset('loud')).toBe(false);
  });

  it('limits peaks first only when the gain to the target would push them past the ceiling', () => {
    const m = (i: number, tp: number) => ({
      input_i: String(i),
      input_tp: String(tp),
      input_lra: '3',
      input_thresh: '-40',
      target_offset: '0',
    });
    // -30 LUFS to -14 is +16 dB: peaks at -10 dBTP would reach +6; the ceiling (-1 less the AAC margin) is -2 - 16.
    expect(peakCeilingFor(m(-30, -10), LOUDNESS_PRESETS.social)).toBe(-18);
    // To -23 is +7 dB: -10 + 7 = -3 dBTP is under -2, nothing to limit.
    expect(peakCeilingFor(m(-30, -10), LOUDNESS_PRESETS.broadcast)).toBeUndefined();
    expect(buildPeakLimitArgs('mix.wav', 'limited.wav', -18).join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -i mix.wav -af alimiter=limit=0.1259:attack=5:release=50:level=false:latency=1 -c:a pcm_f32le -f wav limited.wav',
    );
  });
});
