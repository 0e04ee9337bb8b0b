import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode, writeFileAtomic } from '@app/core';
import { signAsset } from './c2pa/content-credentials';
import { buildManifestDefinition, C2paFormat, IngredientRef, ManifestInput } from './c2pa/manifest.builder';
import { C2paSigner } from './c2pa/signing-credentials';
import { aigcJson, ImplicitLabels } from './implicit/implicit-labels';
import { readMp4MetadataTags, setMp4Xmp } from './implicit/mp4-boxes';
import { LABEL_MOVFLAGS } from './implicit/mp4-metadata.args';
import { setPngMetadata } from './implicit/png-metadata';
import { buildXmpPacket } from './implicit/xmp';

/** What the finish stage knows about one output, beyond the file itself. */
export interface FinishInput extends Omit<ManifestInput, 'title' | 'format' | 'labels' | 'ingredients'> {
  labels: ImplicitLabels;
  /** Files that went into the picture: generated stills (already finished) and uploaded photos. */
  ingredients: readonly { ref: IngredientRef; file: string }[];
  /** The deployment's signer; null writes the labels without content credentials (and says so). */
  signer: C2paSigner | null;
}

/** What the finish stage did to a file: for result.json's `provenance` of each output. */
export interface FinishResult {
  /** Size in bytes of the finished file. */
  bytes: number;
  xmp: true;
  aigc: boolean;
  c2pa: { signed: false } | { signed: true; alg: string; signer: string; issuer: string };
}

async function ingredientBytes(input: FinishInput) {
  return Promise.all(input.ingredients.map(async (i) => ({ ref: i.ref, bytes: await fs.readFile(i.file) })));
}

async function finish(
  file: string,
  format: C2paFormat,
  labelled: Buffer,
  input: FinishInput,
): Promise<FinishResult> {
  let out = labelled;
  if (input.signer) {
    const manifest = buildManifestDefinition({
      ...input,
      title: path.basename(file),
      format,
      ingredients: input.ingredients.map((i) => i.ref),
    });
    out = await signAsset({
      bytes: labelled,
      format,
      manifest,
      ingredients: await ingredientBytes(input),
      signer: input.signer,
    });
  }
  // One rename: readers see the encoded file or the finished one, never a half-written one.
  await writeFileAtomic(file, out);
  return {
    bytes: out.length,
    xmp: true,
    aigc: input.labels.aigc !== null,
    c2pa: input.signer
      ? { signed: true, alg: input.signer.alg, signer: input.signer.subject, issuer: input.signer.issuer }
      : { signed: false },
  };
}

/**
 * The engine's finish step for one encoded MP4 (in its staging folder, before the final rename
 * into the output folder): adds the XMP packet, then signs the C2PA manifest, which must be the
 * last write — any byte changed after it breaks the hard binding. The encode must already have
 * written the `AIGC`/`comment` tags (`mp4LabelMetadataArgs` with `LABEL_MOVFLAGS`).
 * @throws ClipwrightError INTERNAL when the encode left out the AIGC tag; SIGNING_FAILED from c2pa-rs.
 */
export async function finishMp4(file: string, input: FinishInput): Promise<FinishResult> {
  const bytes = await fs.readFile(file);
  if (input.labels.aigc) {
    const written = readMp4MetadataTags(bytes).AIGC;
    if (written !== aigcJson(input.labels.aigc)) {
      throw new ClipwrightError(
        ErrorCode.Internal,
        `${path.basename(file)} has ${written === undefined ? 'no' : 'a different'} AIGC tag: encode it with ` +
          `mp4LabelMetadataArgs(labels) and -movflags ...${LABEL_MOVFLAGS}`,
      );
    }
  }
  return finish(file, 'video/mp4', setMp4Xmp(bytes, buildXmpPacket(input.labels)), input);
}

/**
 * The finish step for a generated PNG: XMP (iTXt) and AIGC (tEXt) chunks, then the signed C2PA
 * manifest, the last write. Finish a still before the clips that use it, so their manifests
 * carry its credentials as an ingredient.
 * @throws ClipwrightError INVALID_ARGUMENT when the file is not a PNG; SIGNING_FAILED from c2pa-rs.
 */
export async function finishPng(file: string, input: FinishInput): Promise<FinishResult> {
  const bytes = await fs.readFile(file);
  const labelled = setPngMetadata(bytes, {
    xmp: buildXmpPacket(input.labels),
    ...(input.labels.aigc ? { aigc: aigcJson(input.labels.aigc) } : {}),
  });
  return finish(file, 'image/png', labelled, input);
}
