import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { OutputResult } from '@app/core';
import { buildEbur128Args, parseEbur128Summary } from '@app/media';
import { finishMp4 } from '@app/provenance';
import { rateText, secondsOf, type Timeline } from '@app/timeline';
import { loudnessOf, masterAudio } from '../audio.master';
import type { AfterCompose, Finished, Program } from '../job.types';
import { type CaptionFileSet, muxCaptionTracks, writeCaptionFiles } from './caption-files';

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The timeline as result.json records it: frames as they are, the rate as "30/1". */
export function timelineRecord(t: Timeline): Record<string, unknown> {
  return { ...t, rate: rateText(t.rate) };
}

/** Every layer of the output, bottom to top: kind, rect at rest, window in seconds (from the timeline). */
function layersOf(p: Program): NonNullable<OutputResult['layers']> {
  const t = p.timeline;
  return t.layers.map((l) => ({
    kind: l.kind,
    rect: l.rect,
    start: round3(secondsOf(l.window.start, t.rate)),
    end: round3(secondsOf(l.window.end, t.rate)),
  }));
}

/**
 * One output encoded (its streamed layers drawn as ffmpeg reads them), its caption tracks added,
 * then measured on the file as delivered.
 */
async function encode(
  job: AfterCompose,
  p: Program,
  captions: CaptionFileSet[],
  share: (f: number) => void,
): Promise<OutputResult> {
  const { ffmpeg } = job.services;
  const choice = loudnessOf(job, p.output);
  const file = p.command.args[p.command.args.length - 1];
  const sources = p.command.streams.map((layer) => p.frames.get(layer)!());
  await ffmpeg.run(p.command.args, {
    cwd: job.workDir,
    signal: job.signal,
    duration: secondsOf(p.timeline.duration, p.timeline.rate),
    onProgress: (f) => share(f * 0.9),
    label: `encode ${p.output.aspect}`,
    stdin: sources[0],
    pipes: sources.slice(1),
  });
  const subtitleTracks = await muxCaptionTracks(job, file, captions);
  const probe = await ffmpeg.probe(file, { cwd: job.workDir, signal: job.signal });
  const loud = parseEbur128Summary(
    (
      await ffmpeg.run(buildEbur128Args(file), {
        cwd: job.workDir,
        signal: job.signal,
        label: 'loudness check',
      })
    ).stderr,
  );
  // The labels and the signature last: the C2PA hard binding covers every byte written before it.
  const finishFile = job.services.finishMp4 ?? finishMp4;
  const { xmp, aigc, c2pa } = await finishFile(path.join(job.workDir, file), {
    labels: job.provenance.labels,
    template: { id: job.template.manifest.id, version: job.template.manifest.version },
    rights: job.provenance.rights,
    disclosure: { profileId: job.provenance.profile.id, visibleLabel: p.label, spokenLine: null },
    ingredients: [],
    signer: job.provenance.signer,
  });
  share(1);
  return {
    aspect: p.output.aspect,
    path: file,
    width: probe.video?.width ?? 0,
    height: probe.video?.height ?? 0,
    duration: round3(probe.duration),
    videoCodec: probe.video ? `${probe.video.codec} ${probe.video.profile} ${probe.video.pixFmt}` : '',
    audioCodec: probe.audio
      ? `${probe.audio.codec} ${probe.audio.sampleRate} Hz ${probe.audio.channels} ch`
      : '',
    loudness: {
      integrated: loud.integrated,
      truePeak: loud.truePeak,
      target: choice.target.integrated,
      ...(choice.preset ? { preset: choice.preset } : {}),
    },
    subtitleTracks,
    ...p.fields,
    layers: layersOf(p),
    timeline: timelineRecord(p.timeline),
    provenance: { xmp, aigc, c2pa },
  };
}

/**
 * The sound mastered once (EBU R128, see audio.master.ts), the caption files written (SubRip, WebVTT,
 * TTML, per translation too), every output encoded with the captions as `mov_text` tracks and
 * measured on the delivered file (ffprobe, ebur128), then finished by @app/provenance (XMP packet,
 * then the signed C2PA manifest, written to a temporary name and renamed into place: the last write),
 * and script.txt written.
 */
export async function finish(job: AfterCompose): Promise<Finished> {
  await masterAudio(
    job,
    job.programs[0]?.timeline.audio ?? [],
    job.programs.map((p) => loudnessOf(job, p.output)),
  );
  job.progress(0.03);
  const captions = await writeCaptionFiles(job);
  const outputs: OutputResult[] = [];
  const per = 0.97 / Math.max(1, job.programs.length);
  for (const [n, program] of job.programs.entries()) {
    outputs.push(await encode(job, program, captions, (f) => job.progress(0.03 + per * (n + f))));
  }
  await fs.writeFile(path.join(job.workDir, 'script.txt'), job.bound.script + '\n');
  const captionFiles = captions.flatMap((c) => [c.srt, c.vtt, c.ttml]);
  return { results: outputs, sidecars: ['script.txt', ...captionFiles] };
}
