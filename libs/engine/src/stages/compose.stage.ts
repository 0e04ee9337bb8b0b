import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { WarningCode } from '@app/core';
import {
  layoutFor,
  markUndrawable,
  type PresenterPlacement,
  type Theme,
  themeFromBrand,
} from '@app/graphics';
import { type Drawn, layerKind } from '@app/layers';
import { buildComposeCommand } from '@app/media';
import type { OutputSpec } from '@app/templates';
import { assertTimeline, type AudioTrack, type Timeline, type TimelineLayer } from '@app/timeline';
import { loudnessOf } from '../audio.master';
import type { AfterGenerate, Composed, Program } from '../job.types';
import { layerFileStem, layerKey, layerPath } from '../layer-key';
import { describeMissing } from './glyph-warnings';
import { labelLayer, labelMetadata, withLabelMovflags } from './label.layer';

export { MASTER_AUDIO } from '../audio.master';

/** `16:9` -> `16x9`, for file names. */
export function aspectSlug(aspect: string): string {
  return aspect.replace(':', 'x');
}

function themeOf(job: AfterGenerate): Theme {
  return themeFromBrand(job.brand);
}

/** The voice track: each scene's narration placed where its scene starts. */
function voiceTrack(job: AfterGenerate): AudioTrack {
  return {
    role: 'voice',
    clips: job.voice.map((v) => {
      const span = job.clock.scenes[v.scene].narration!;
      return { file: v.file, start: span.start, duration: span.end - span.start, offset: 0 };
    }),
    gain: 0,
    fadeIn: 0,
    fadeOut: 0,
  };
}

/**
 * The sounds the layers add (music beds, effects, clips' own sound), in template order: the same
 * on every output, so finish mixes them once.
 */
export function layerSoundTracks(job: AfterGenerate): AudioTrack[] {
  const tracks: AudioTrack[] = [];
  for (const scene of job.bound.scenes) {
    for (const layer of scene.layers) {
      const kind = layerKind(job.services.kinds, layer.type);
      const key = layerKey(layer);
      const track = kind.sound?.(
        layer.value,
        job.resources.get(key),
        job.performances.get(key),
        job.clock.scenes[scene.index],
        { rate: job.rate, duration: job.clock.duration },
      );
      if (track) tracks.push(track);
    }
  }
  return tracks;
}

/**
 * Bottom to top: in a scene, the template's order; across scenes the outgoing scene lies over the
 * incoming one (its transition uncovers the next), so later scenes come first; program-plane
 * layers (captions) over everything, in clock order.
 */
function zOrder(layers: TimelineLayer[]): TimelineLayer[] {
  const inScene = layers.filter((l) => l.plane === 'scene');
  const program = layers.filter((l) => l.plane === 'program');
  return [...inScene.sort((a, b) => b.scene - a.scene), ...program];
}

/** One output: every layer drawn (stills once), placed on the clock, compiled to one ffmpeg graph. */
async function composeOutput(job: AfterGenerate, output: OutputSpec): Promise<Program> {
  const frame = { aspect: output.aspect, width: output.width, height: output.height };
  const theme = themeOf(job);
  // The label profile's label (over the program, below) replaces the badge the layers used to draw.
  const disclosure = '';
  const layers: TimelineLayer[] = [];
  const frames = new Map<TimelineLayer, () => AsyncIterable<Buffer>>();
  let fields: Program['fields'] = {};
  for (const scene of job.bound.scenes) {
    const span = job.clock.scenes[scene.index];
    const kinds = scene.layers.map((l) => layerKind(job.services.kinds, l.type));
    // A layer may claim its place in the scene's layout (the presenter); text moves clear of it.
    let presenter: PresenterPlacement | undefined;
    scene.layers.forEach((l, i) => (presenter ??= kinds[i].layout?.(l.value, frame)?.presenter));
    const dataCard = kinds.some((k) => k.claims?.includes('dataCard'));
    const layout = layoutFor(output.width, output.height, presenter ? { presenter, dataCard } : {});
    for (const [li, layer] of scene.layers.entries()) {
      const kind = kinds[li];
      const key = layerKey(layer);
      const drawn: Drawn | null = await (
        await kind.painter()
      ).draw(
        layer.value,
        job.generated.has(key) ? job.generated.get(key) : job.resources.get(key),
        job.performances.get(key),
        {
          frame,
          layout,
          theme,
          disclosure,
          scene: span,
          rate: job.rate,
          voice: job.voice.find((v) => v.scene === scene.index)?.speech,
          cues: job.sceneCues[scene.index] ?? [],
          cuesWith: (options) => job.burnedCues(scene.index, options),
          name: layerFileStem(layer.type, layer, output.aspect),
          write: (file, data) => fs.writeFile(path.join(job.workDir, file), data),
          seed: job.seed,
          where: layerPath(job.template.manifest.id, layer),
          signal: job.signal,
        },
      );
      if (!drawn) continue;
      const pieces = drawn.parts ?? [drawn];
      for (const [i, piece] of pieces.entries()) {
        const part = drawn.parts ? { part: { index: i, count: pieces.length } } : {};
        const placed = kind.place(layer.value, piece, span, { frame, rate: job.rate, ...part });
        if (!placed) continue;
        const entry: TimelineLayer = {
          id: drawn.parts ? `${key}.parts[${i}]` : key,
          kind: layer.type,
          scene: scene.index,
          rect: piece.rect,
          media: piece.media,
          ...placed,
        };
        layers.push(entry);
        if (piece.frames) frames.set(entry, piece.frames);
      }
      if (drawn.output) fields = { ...fields, ...drawn.output };
    }
  }
  const labelled = await labelLayer(job, output);
  const timeline: Timeline = {
    rate: job.rate,
    duration: job.clock.duration,
    frame,
    scenes: job.clock.scenes,
    transitions: job.clock.transitions,
    // The label over everything, captions included: nothing may cover it.
    layers: [...zOrder(layers), ...(labelled ? [labelled.layer] : [])],
    audio: [...(job.voice.length ? [voiceTrack(job)] : []), ...layerSoundTracks(job)],
  };
  assertTimeline(timeline);
  const command = withLabelMovflags(
    buildComposeCommand(
      {
        timeline,
        audio: loudnessOf(job, output).file,
        metadata: labelMetadata(job.provenance.labels),
        output: `clip-${aspectSlug(output.aspect)}.mp4`,
      },
      job.services.encode,
    ),
  );
  return { output, timeline, command, frames, fields, label: labelled?.drawn ?? null };
}

/** Warns about characters in drawn texts that no installed font has (Skia would draw a box). */
async function checkGlyphs(job: AfterGenerate): Promise<void> {
  const glyphs = job.services.glyphs;
  if (!glyphs) return;
  for (const scene of job.bound.scenes) {
    for (const layer of scene.layers) {
      for (const t of layerKind(job.services.kinds, layer.type).texts?.(layer.value) ?? []) {
        const missing = await glyphs.missing(t.text, 'skia');
        if (!missing.length) continue;
        markUndrawable(missing);
        job.warnings.push({
          code: WarningCode.GlyphMissing,
          message: `${describeMissing(missing)} cannot be drawn by any installed font; the picture leaves it out`,
          path: `${layerPath(job.template.manifest.id, layer)}.${t.field}`,
        });
      }
    }
  }
}

/**
 * Per output: the stills drawn (each once), every layer placed on one timeline, the timeline checked
 * and compiled to one ffmpeg command. Nothing is encoded yet: that is the finish stage.
 */
export async function compose(job: AfterGenerate): Promise<Composed> {
  await checkGlyphs(job);
  const programs: Program[] = [];
  for (const [n, output] of job.outputs.entries()) {
    programs.push(await composeOutput(job, output));
    job.progress((n + 1) / job.outputs.length);
  }
  return { programs };
}
