import {
  buildAudioMasterArgs,
  buildLoudnormMeasureArgs,
  buildSilenceArgs,
  buildVoiceTrackArgs,
  parseLoudnormJson,
} from '@app/media';
import { secondsOf, type AudioTrack } from '@app/timeline';
import type { AfterCompose } from './job.types';

const VOICE_TRACK = 'voice.wav';

/**
 * The clip's one mastered sound (EBU R128, two-pass loudnorm): measured on the voice-over alone
 * (seconds of audio, cheap), then one linear gain, resampled to 48 kHz stereo, placed where the
 * first narration starts and padded to the clip's length. Several narrations are first laid on one
 * voice track, so the whole reading gets one gain. A clip without voice gets silence.
 */
export async function masterAudio(
  job: AfterCompose,
  tracks: readonly AudioTrack[],
  output: string,
): Promise<void> {
  const { loudness } = job.template.manifest.audio;
  const target = {
    integrated: loudness.integrated,
    truePeak: loudness.truePeak,
    range: loudness.range ?? 11,
  };
  const duration = secondsOf(job.clock.duration, job.rate);
  const clips = tracks.filter((t) => t.role === 'voice').flatMap((t) => t.clips);
  const run = (args: string[], label: string) =>
    job.services.ffmpeg.run(args, { cwd: job.workDir, signal: job.signal, label });
  if (clips.length === 0) {
    await run(buildSilenceArgs(output, duration), 'silence');
    return;
  }
  const first = clips[0].start;
  let voice = clips[0].file;
  if (clips.length > 1) {
    const placed = clips.map((c) => ({ file: c.file, delay: secondsOf(c.start - first, job.rate) }));
    await run(buildVoiceTrackArgs(placed, VOICE_TRACK), 'voice track');
    voice = VOICE_TRACK;
  }
  const measured = parseLoudnormJson(
    (await run(buildLoudnormMeasureArgs(voice, target), 'loudness measure')).stderr,
  );
  await run(
    buildAudioMasterArgs(voice, output, target, measured, secondsOf(first, job.rate), duration),
    'loudness master',
  );
}
