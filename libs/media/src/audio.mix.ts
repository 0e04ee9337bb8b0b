import { assertSafeName } from './compose.graph';
import { seconds, WRITE_ARGS } from './encode.settings';

/** One sound file on the clip's clock, in seconds. */
export interface MixClip {
  file: string;
  /** When its first sample plays. */
  at: number;
  /** Seconds into the file where playing begins. */
  offset: number;
  /** Seconds it plays. */
  seconds: number;
  /** Repeat the file from its start for as long as `seconds` asks. */
  loop: boolean;
}

/** A music or effects track: its clips, its gain (dB), fades (seconds) and ducking under the voice. */
export interface MixTrack {
  clips: MixClip[];
  gain: number;
  fadeIn: number;
  fadeOut: number;
  ducking?: { depth: number; attack: number; release: number };
}

/**
 * ffmpeg `sidechaincompress` settings for a duck of about `depth` dB: a hard compressor (ratio 20,
 * threshold -50 dBFS, the sidechain raised 18 dB, so any speech drives it 30 dB or more into
 * reduction) whose output is blended with the dry bed by `mix`; with the compressed part near
 * silence only the dry share is left, i.e. the bed goes down by 20·log10(1 - mix) = -depth dB at
 * most, about 1 dB less in practice (ffmpeg-filters, sidechaincompress).
 */
export function duckFilter(d: { depth: number; attack: number; release: number }): string {
  const mix = Math.round((1 - 10 ** (-d.depth / 20)) * 1e4) / 1e4;
  const ms = (s: number): string => String(Math.round(s * 1000));
  return `sidechaincompress=threshold=0.003:ratio=20:level_sc=8:attack=${ms(d.attack)}:release=${ms(d.release)}:mix=${mix}`;
}

const STEREO = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo';

/**
 * The clip's sound before mastering: the voice track (already placed from 0 s) with every music
 * and effects track mixed in at its gain, faded, and ducked where asked with the voice as the
 * sidechain; summed without normalising (amix normalize=0), padded and cut to `duration`, written
 * as 32-bit float WAV so the sum cannot clip before loudness is set.
 */
export function buildMixArgs(o: {
  voice?: string;
  tracks: MixTrack[];
  duration: number;
  output: string;
}): string[] {
  const d = seconds(o.duration);
  const inputs: string[] = [];
  const chains: string[] = [];
  let n = 0;
  const voiceIn = o.voice ? n++ : -1;
  if (o.voice) inputs.push('-i', assertSafeName(o.voice));
  const ducked = o.tracks.filter((t) => t.ducking).length;
  const sidechains: string[] = [];
  const sums: string[] = [];
  if (o.voice) {
    const outs = ['[voice]', ...Array.from({ length: ducked }, (_, k) => `[sc${k}]`)];
    chains.push(
      `[${voiceIn}:a]${STEREO},apad=whole_dur=${d},atrim=0:${d}${outs.length > 1 ? `,asplit=${outs.length}` : ''}${outs.join('')}`,
    );
    sums.push('[voice]');
    sidechains.push(...outs.slice(1));
  }
  let sc = 0;
  o.tracks.forEach((t, ti) => {
    const labels = t.clips.map((c, ci) => {
      if (c.loop) inputs.push('-stream_loop', '-1');
      inputs.push('-i', assertSafeName(c.file));
      const label = `[t${ti}c${ci}]`;
      chains.push(
        `[${n++}:a]atrim=start=${seconds(c.offset)}:duration=${seconds(c.seconds)},asetpts=PTS-STARTPTS,${STEREO},adelay=${Math.round(c.at * 1000)}:all=1${label}`,
      );
      return label;
    });
    const first = Math.min(...t.clips.map((c) => c.at));
    const last = Math.max(...t.clips.map((c) => c.at + c.seconds));
    const shaped = [
      labels.length > 1 ? `amix=inputs=${labels.length}:normalize=0:duration=longest` : 'anull',
      `volume=${t.gain}dB`,
      ...(t.fadeIn > 0 ? [`afade=t=in:st=${seconds(first)}:d=${seconds(t.fadeIn)}`] : []),
      ...(t.fadeOut > 0 ? [`afade=t=out:st=${seconds(last - t.fadeOut)}:d=${seconds(t.fadeOut)}`] : []),
      `apad=whole_dur=${d}`,
      `atrim=0:${d}`,
    ];
    const out = `[t${ti}]`;
    if (t.ducking && o.voice) {
      chains.push(`${labels.join('')}${shaped.join(',')}[t${ti}dry]`);
      chains.push(`[t${ti}dry]${sidechains[sc++]}${duckFilter(t.ducking)}${out}`);
    } else {
      chains.push(`${labels.join('')}${shaped.join(',')}${out}`);
    }
    sums.push(out);
  });
  chains.push(
    sums.length > 1
      ? `${sums.join('')}amix=inputs=${sums.length}:normalize=0:duration=longest,atrim=0:${d}[mix]`
      : `${sums[0]}anull[mix]`,
  );
  return [
    ...WRITE_ARGS,
    ...inputs,
    '-filter_complex',
    chains.join(';'),
    '-map',
    '[mix]',
    '-c:a',
    'pcm_f32le',
    '-f',
    'wav',
    assertSafeName(o.output),
  ];
}
