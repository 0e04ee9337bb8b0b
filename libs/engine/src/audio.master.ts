import {
  buildAudioMasterArgs,
  buildLoudnormMeasureArgs,
  buildMixArgs,
  buildPeakLimitArgs,
  buildSilenceArgs,
  buildVoiceTrackArgs,
  LOUDNESS_PRESETS,
  type LoudnessPreset,
  type LoudnessTarget,
  type MixTrack,
  parseLoudnormJson,
  peakCeilingFor,
} from '@app/media';
import type { OutputSpec } from '@app/templates';
import { secondsOf, type AudioTrack, type FrameRate } from '@app/timeline';
import type { AfterCompose, JobContext } from './job.types';

const VOICE_TRACK = 'voice.wav';
const MIX = 'mix.wav';

/** The mastered sound an output maps when it keeps the template's own `audio.loudness`. */
export const MASTER_AUDIO = 'master.wav';

/** How loud one output is delivered: a preset, or the template's `audio.loudness`. */
export interface LoudnessChoice {
  /** The mastered WAV (one per distinct choice, shared by the outputs that make it). */
  file: string;
  preset?: LoudnessPreset;
  target: LoudnessTarget;
}

/**
 * An output's loudness: its preset (the job's `loudness`, else the output's in the template),
 * else the template-wide `audio.loudness` target.
 */
export function loudnessOf(job: Pick<JobContext, 'template'>, output: OutputSpec): LoudnessChoice {
  if (output.loudness) {
    return {
      file: `master-${output.loudness}.wav`,
      preset: output.loudness,
      target: LOUDNESS_PRESETS[output.loudness],
    };
  }
  const { loudness } = job.template.manifest.audio;
  return {
    file: MASTER_AUDIO,
    target: { integrated: loudness.integrated, truePeak: loudness.truePeak, range: loudness.range ?? 11 },
  };
}

/** A music or effects track of the timeline in the mix builder's seconds. */
function mixTrack(t: AudioTrack, rate: FrameRate): MixTrack {
  return {
    clips: t.clips.map((c) => ({
      file: c.file,
      at: secondsOf(c.start, rate),
      offset: c.offset,
      seconds: secondsOf(c.duration, rate),
      loop: c.loop ?? false,
    })),
    gain: t.gain,
    fadeIn: secondsOf(t.fadeIn, rate),
    fadeOut: secondsOf(t.fadeOut, rate),
    ...(t.ducking ? { ducking: t.ducking } : {}),
  };
}

/**
 * The clip's mastered sound for each loudness asked (EBU R128 measurement, two-pass loudnorm, one
 * linear gain each): measured on the voice-over alone when there is nothing else (seconds of audio,
 * cheap), placed where the first narration starts and padded to the clip's length; with music or
 * effects, on the whole mix (voice, beds ducked under it, effects). Several narrations are first
 * laid on one voice track, so the whole reading gets one gain. A clip with no sound gets silence.
 */
export async function masterAudio(
  job: AfterCompose,
  tracks: readonly AudioTrack[],
  choices: readonly LoudnessChoice[],
): Promise<void> {
  const duration = secondsOf(job.clock.duration, job.rate);
  const clips = tracks.filter((t) => t.role === 'voice').flatMap((t) => t.clips);
  const others = tracks.filter((t) => t.role !== 'voice' && t.clips.length > 0);
  const run = (args: string[], label: string) =>
    job.services.ffmpeg.run(args, { cwd: job.workDir, signal: job.signal, label });
  const distinct = [...new Map(choices.map((c) => [c.file, c])).values()];
  if (clips.length === 0 && others.length === 0) {
    for (const c of distinct) await run(buildSilenceArgs(c.file, duration), 'silence');
    return;
  }
  let source: string;
  let delay: number;
  if (others.length === 0) {
    // Voice only: master the reading itself and place it, as before there was a mix.
    delay = secondsOf(clips[0].start, job.rate);
    source = clips[0].file;
    if (clips.length > 1) {
      const placed = clips.map((c) => ({
        file: c.file,
        delay: secondsOf(c.start - clips[0].start, job.rate),
      }));
      await run(buildVoiceTrackArgs(placed, VOICE_TRACK), 'voice track');
      source = VOICE_TRACK;
    }
  } else {
    let voice: string | undefined;
    if (clips.length) {
      const placed = clips.map((c) => ({ file: c.file, delay: secondsOf(c.start, job.rate) }));
      await run(buildVoiceTrackArgs(placed, VOICE_TRACK), 'voice track');
      voice = VOICE_TRACK;
    }
    const mixArgs = buildMixArgs({
      voice,
      tracks: others.map((t) => mixTrack(t, job.rate)),
      duration,
      output: MIX,
    });
    await run(mixArgs, 'mix');
    source = MIX;
    delay = 0;
  }
  for (const c of distinct) {
    const measure = async (file: string) =>
      parseLoudnormJson((await run(buildLoudnormMeasureArgs(file, c.target), 'loudness measure')).stderr);
    let input = source;
    let measured = await measure(input);
    // A target the peaks leave no room for: limit them first, so one linear gain still reaches it.
    const ceiling = peakCeilingFor(measured, c.target);
    if (ceiling !== undefined) {
      input = `limited-${c.file}`;
      await run(buildPeakLimitArgs(source, input, ceiling), 'peak limit');
      measured = await measure(input);
    }
    await run(buildAudioMasterArgs(input, c.file, c.target, measured, delay, duration), 'loudness master');
  }
}
