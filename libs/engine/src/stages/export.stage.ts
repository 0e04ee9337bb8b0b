import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TimelineExportRecord } from '@app/core';
import {
  type FrameCue,
  type LayerFile,
  timelineFiles,
  type TimelineExport,
  type TimelineFormat,
} from '@app/interchange';
import { buildLayerMovieArgs, buildLayerStillArgs, buildWav48kArgs } from '@app/media';
import { framesOf, type TimelineLayer } from '@app/timeline';
import type { AfterFinish, Exported, Program } from '../job.types';
import { captionLanguage } from './caption-files';
import { aspectSlug } from './compose.stage';

const MEDIA = 'media';

/** A name an editor can read and every tool can take: `03-read-presenter`. */
function mediaStem(p: Program, layer: TimelineLayer, index: number): string {
  const scene = p.timeline.scenes[layer.scene]?.id ?? 'program';
  const safe = `${scene}-${layer.kind}`.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `${String(index + 1).padStart(2, '0')}-${safe}`;
}

/** A layer moves inside its file when its picture does (a view move) or it is made of frames. */
function isMovie(layer: TimelineLayer): boolean {
  return layer.media.type !== 'still' || layer.motion.type === 'view';
}

/**
 * One output's layers written as full-frame media in `<folder>/media` (PNG with alpha for a still,
 * ProRes 4444 with alpha for what moves or streams), by layer id. Burned-in captions have no
 * picture of their own: their sidecar files travel instead.
 */
async function layerMedia(
  job: AfterFinish,
  p: Program,
  folder: string,
  share: (f: number) => void,
): Promise<Record<string, LayerFile>> {
  const files: Record<string, LayerFile> = {};
  const layers = p.timeline.layers;
  for (const [i, layer] of layers.entries()) {
    share(i / layers.length);
    if (layer.media.type === 'subtitles') continue;
    const movie = isMovie(layer);
    const file = `${MEDIA}/${mediaStem(p, layer, i)}.${movie ? 'mov' : 'png'}`;
    const target = `${folder}/${file}`;
    const frames = layer.window.end - layer.window.start;
    const stream = layer.media.type === 'stream' ? p.frames.get(layer) : undefined;
    await job.services.ffmpeg.run(
      movie ? buildLayerMovieArgs(p.timeline, layer, target) : buildLayerStillArgs(p.timeline, layer, target),
      {
        cwd: job.workDir,
        signal: job.signal,
        label: `export ${layer.id} ${p.output.aspect}`,
        ...(stream ? { stdin: stream() } : {}),
      },
    );
    files[layer.id] = movie
      ? { path: file, type: 'movie', frames, motionBaked: true }
      : { path: file, type: 'still', motionBaked: false };
  }
  return files;
}

/**
 * The sound of every audio clip as 48 kHz WAV (converted once, copied into each further folder) and
 * the caption sidecars, in `<folder>/media`.
 */
async function soundAndCaptions(
  job: AfterFinish,
  p: Program,
  folder: string,
  done: Map<string, string>,
): Promise<{ audio: Record<string, string>; captions: string[] }> {
  const audio: Record<string, string> = {};
  for (const track of p.timeline.audio) {
    for (const clip of track.clips) {
      const file = `${MEDIA}/${path.parse(clip.file).name}.wav`;
      const made = done.get(clip.file);
      if (made) await fs.copyFile(path.join(job.workDir, made), path.join(job.workDir, folder, file));
      else {
        await job.services.ffmpeg.run(buildWav48kArgs(clip.file, `${folder}/${file}`), {
          cwd: job.workDir,
          signal: job.signal,
          label: `export ${clip.file}`,
        });
        done.set(clip.file, `${folder}/${file}`);
      }
      audio[clip.file] = file;
    }
  }
  const captions: string[] = [];
  for (const sidecar of job.sidecars.filter((f) => /^captions\.(srt|vtt|ttml)$/.test(f))) {
    await fs.copyFile(path.join(job.workDir, sidecar), path.join(job.workDir, folder, MEDIA, sidecar));
    captions.push(`${MEDIA}/${sidecar}`);
  }
  return { audio, captions };
}

/** The cues on the clip's clock in whole frames (nearest), lines joined; empty ones left out. */
function frameCues(job: AfterFinish): FrameCue[] {
  return job.cues
    .map((c) => ({
      start: framesOf(c.start, job.rate),
      end: framesOf(c.end, job.rate),
      text: c.lines.join('\n'),
    }))
    .filter((c) => c.end > c.start);
}

/**
 * On request (`timeline` in the job), each output's editable timelines: a folder
 * `timeline-<aspect>` in the staging folder with the layered media (layerMedia, soundAndCaptions)
 * and one file per format written by @app/interchange from the output's timeline model, never from
 * the ffmpeg graph. The deliver stage moves each folder into place with one rename.
 */
export async function exportTimelines(job: AfterFinish): Promise<Exported> {
  const formats: readonly TimelineFormat[] = job.timelineFormats ?? [];
  if (formats.length === 0) return { timelines: [] };
  const timelines: TimelineExportRecord[] = [];
  const sounds = new Map<string, string>();
  const per = 1 / job.programs.length;
  for (const [n, p] of job.programs.entries()) {
    const slug = aspectSlug(p.output.aspect);
    const folder = `timeline-${slug}`;
    await fs.mkdir(path.join(job.workDir, folder, MEDIA), { recursive: true });
    const layers = await layerMedia(job, p, folder, (f) => job.progress(per * (n + f * 0.9)));
    const { audio, captions } = await soundAndCaptions(job, p, folder, sounds);
    const srt = captions.find((f) => f.endsWith('.srt'));
    const cues = frameCues(job);
    const x: TimelineExport = {
      name: `${job.template.manifest.id} ${job.item.id ?? job.item.index} ${p.output.aspect}`,
      timeline: p.timeline,
      layers,
      audio,
      ...(srt && cues.length
        ? { captions: { language: captionLanguage(job.template.manifest.voice.voice), cues, srt } }
        : {}),
      program: job.results[n].path,
    };
    const written: TimelineExportRecord['formats'] = [];
    for (const format of formats) {
      const files = timelineFiles(format, `clip-${slug}`, x);
      for (const f of files) await fs.writeFile(path.join(job.workDir, folder, f.name), f.text);
      written.push({ format, files: files.map((f) => f.name) });
    }
    timelines.push({
      aspect: p.output.aspect,
      folder,
      formats: written,
      media: [...Object.values(layers).map((l) => l.path), ...Object.values(audio), ...captions],
    });
    job.progress(per * (n + 1));
  }
  return { timelines };
}
