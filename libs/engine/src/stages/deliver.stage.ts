import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, type RenderResult, sha256, writeFileAtomic } from '@app/core';
import type { AfterExport } from '../job.types';
import { version } from '../version';
import { captionLanguage } from './caption-files';

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The caption files of one language among the sidecars, in the order written (srt, vtt, ttml). */
function captionFilesOf(stem: string, sidecars: readonly string[]): string[] {
  return sidecars.filter((f) => /\.(srt|vtt|ttml)$/.test(f) && f.slice(0, f.lastIndexOf('.')) === stem);
}

/** The manifest of a finished job (result.json): what was made, from what, how long each stage took. */
export function resultOf(job: AfterExport, stages: Record<string, number>): RenderResult {
  const { manifest } = job.template;
  const words = job.voice.reduce((n, v) => n + v.speech.words.length, 0);
  const first = job.voice[0]?.speech;
  return {
    clipwright: version,
    template: { id: manifest.id, version: manifest.version },
    item: { index: job.item.index, id: job.item.id },
    inputsDigest: sha256(canonicalJson(job.item.data)),
    script: job.bound.script,
    speech: {
      provider: first?.provider ?? manifest.voice.provider,
      voice: first?.voice ?? manifest.voice.voice,
      duration: round3(job.voice.reduce((s, v) => s + v.speech.duration, 0)),
      words,
      segments: job.voice.flatMap((v) => {
        const start = (job.clock.scenes[v.scene].start * job.rate.den) / job.rate.num;
        return v.segments.map((s) => ({
          voice: s.voice,
          ...(s.language ? { language: s.language } : {}),
          text: s.text,
          start: round3(start + s.start),
          end: round3(start + s.end),
        }));
      }),
    },
    captions: {
      cues: job.cues.length,
      files: captionFilesOf('captions', job.sidecars),
      language: captionLanguage(job.template.manifest.voice.voice),
      translations: job.translations.map((t) => ({
        language: t.language,
        cues: t.cues.length,
        files: captionFilesOf(`captions.${t.language}`, job.sidecars),
      })),
    },
    outputs: job.results,
    ...(job.timelines.length ? { timelines: job.timelines } : {}),
    stages,
    createdAt: new Date().toISOString(),
    warnings: job.warnings,
    provenance: {
      labelProfile: job.provenance.profile.id,
      visibleLabel: job.programs.find((p) => p.label)?.label ?? null,
      digitalSourceType: job.provenance.labels.digitalSourceType,
      credentials: job.provenance.signer ? 'signed' : 'unsigned',
      rights: job.provenance.rights as unknown as Record<string, unknown>,
    },
  };
}

/**
 * Every finished file moved from the staging folder into the output folder with one rename each,
 * result.json last (written atomically): a failed or cancelled job leaves the folder as it was.
 */
export async function deliver(job: AfterExport, stages: () => Record<string, number>): Promise<RenderResult> {
  await fs.mkdir(job.outDir, { recursive: true });
  const folders = job.timelines.map((t) => t.folder);
  for (const name of [...job.results.map((o) => o.path), ...job.sidecars, ...folders]) {
    await fs.rename(path.join(job.workDir, name), path.join(job.outDir, name));
  }
  const result = resultOf(job, stages());
  await writeFileAtomic(path.join(job.outDir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}
