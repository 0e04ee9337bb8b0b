import {
  buildAudioMasterArgs,
  buildLoudnormMeasureArgs,
  parseEbur128Summary,
  parseLoudnormJson,
} from './loudness';
import { parseProgressLine } from './ffmpeg.executor';
import { logTail } from './process.runner';
import { parseProbeJson } from './probe';

const target = { integrated: -23, truePeak: -1, range: 11 };

describe('loudness', () => {
  it('measures with loudnorm aiming below the true-peak ceiling', () => {
    expect(buildLoudnormMeasureArgs('speech.wav', target).join(' ')).toBe(
      '-hide_banner -nostdin -nostats -i speech.wav -af loudnorm=I=-23:TP=-2:LRA=11:print_format=json -f null -',
    );
  });

  it('reads the JSON loudnorm prints after its log', () => {
    const log = `[Parsed_loudnorm_0 @ 0x55] \n{\n\t"input_i" : "-18.42",\n\t"input_tp" : "-3.10",\n\t"input_lra" : "4.20",\n\t"input_thresh" : "-28.70",\n\t"output_i" : "-23.01",\n\t"target_offset" : "0.01"\n}\n`;
    expect(parseLoudnormJson(log)).toMatchObject({
      input_i: '-18.42',
      input_tp: '-3.10',
      target_offset: '0.01',
    });
    expect(() => parseLoudnormJson('no json here')).toThrow(/no measurement/);
  });

  it('applies the measured gain linearly, delays and pads the speech', () => {
    const measured = {
      input_i: '-18.42',
      input_tp: '-3.10',
      input_lra: '4.20',
      input_thresh: '-28.70',
      target_offset: '0.01',
    };
    expect(buildAudioMasterArgs('speech.wav', 'master.wav', target, measured, 2.5, 20.25).join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -i speech.wav -af ' +
        'loudnorm=I=-23:TP=-2:LRA=11:measured_I=-18.42:measured_TP=-3.10:measured_LRA=4.20:measured_thresh=-28.70:offset=0.01:linear=true,' +
        'aresample=48000,aformat=sample_fmts=s16:channel_layouts=stereo,adelay=2500:all=1,apad=whole_dur=20.25 ' +
        '-t 20.25 -c:a pcm_s16le -f wav master.wav',
    );
  });

  it('parses the ebur128 summary, not the running lines', () => {
    const log = `[Parsed_ebur128_0 @ 0x1] t: 0.1 M: -120.7 S:-120.7 I: -70.0 LUFS\n[Parsed_ebur128_0 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -23.1 LUFS\n    Threshold: -33.4 LUFS\n\n  Loudness range:\n    LRA:         3.2 LU\n    Threshold: -43.5 LUFS\n    LRA low:   -24.9 LUFS\n    LRA high:  -21.7 LUFS\n\n  True peak:\n    Peak:       -2.4 dBFS\n`;
    expect(parseEbur128Summary(log)).toEqual({ integrated: -23.1, range: 3.2, truePeak: -2.4 });
    expect(parseEbur128Summary('Summary:\n I: -inf LUFS\n LRA: 0.0 LU\n Peak: -inf dBFS').truePeak).toBe(
      -Infinity,
    );
  });
});

describe('executor helpers', () => {
  it('turns progress lines into fractions', () => {
    expect(parseProgressLine('out_time_us=5000000', 10)).toBe(0.5);
    expect(parseProgressLine('out_time_ms=20000000', 10)).toBe(1);
    expect(parseProgressLine('frame=12', 10)).toBeUndefined();
  });

  it('keeps the last lines of a log', () => {
    const log = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    expect(logTail(log, 3)).toBe('line 37\nline 38\nline 39');
  });

  it('reduces ffprobe JSON to the fields QC needs', () => {
    const json = JSON.stringify({
      streams: [
        {
          codec_type: 'video',
          codec_name: 'h264',
          profile: 'High',
          pix_fmt: 'yuv420p',
          width: 1920,
          height: 1080,
          r_frame_rate: '30/1',
        },
        { codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2 },
      ],
      format: { duration: '12.345' },
    });
    expect(parseProbeJson(json)).toEqual({
      duration: 12.345,
      video: {
        codec: 'h264',
        profile: 'High',
        pixFmt: 'yuv420p',
        width: 1920,
        height: 1080,
        frameRate: '30/1',
      },
      audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
    });
  });
});
