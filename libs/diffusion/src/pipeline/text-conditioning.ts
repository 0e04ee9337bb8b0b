import { ClipwrightError, ErrorCode } from '@app/core';
import type { Loaded, LoadedDiffusionModel } from '../model/diffusion-model.loader';
import type { TextEncoderSignature } from '../model/component-signatures';
import { firstLine } from '../runtime/onnx-runtime';
import { fromTensor, toTensor } from '../runtime/tensor-io';

/** One prompt's conditioning: what the UNet's encoder_hidden_states (and SDXL's text_embeds) take. */
export interface PromptConditioning {
  /** [tokens, width] row-major: 77 x 768 (SD 1.x), x 1024 (SD 2.x), x 2048 (SDXL: 768 + 1280 concatenated). */
  context: Float32Array;
  tokens: number;
  width: number;
  /** SDXL: text_encoder_2's pooled, projected embedding (text_embeds), 1280 values. */
  pooled?: Float32Array;
  /** Prompt tokens before truncation, and whether some were dropped (CLIP reads 75). */
  tokenCount: number;
  truncated: boolean;
}

async function runEncoder(
  encoder: Loaded<TextEncoderSignature>,
  ids: number[],
  length: number,
  fetch: string[],
  label: string,
): Promise<Record<string, Float32Array>> {
  const sig = encoder.signature;
  // An export with a fixed batch takes exactly that many prompts: repeat this one and keep the first.
  const batch = sig.fixedBatch ?? 1;
  const all = batch === 1 ? ids : Array.from({ length: batch }, () => ids).flat();
  const feeds = { [sig.input.name]: toTensor(sig.input.type, all, [batch, length]) };
  let result;
  try {
    result = await encoder.session.run(feeds, fetch);
  } catch (e) {
    throw new ClipwrightError(ErrorCode.Internal, `${label} failed: ${firstLine(e)}`, { cause: e });
  }
  return Object.fromEntries(
    fetch.map((name) => {
      const values = fromTensor(result[name]);
      return [name, values.subarray(0, values.length / batch)];
    }),
  );
}

/**
 * Encodes prompts with the model's text encoder(s), one prompt a run (a prompt is encoded once per
 * request whatever the batch size). SD 1.x/2.x condition on the last hidden state; SDXL on the
 * penultimate hidden states of both encoders side by side, plus text_encoder_2's text_embeds
 * (Podell et al. 2023, "SDXL", §2.1). `zeros` gives SDXL's all-zero negative conditioning
 * (model_index force_zeros_for_empty_prompt).
 */
export async function encodePrompt(
  model: LoadedDiffusionModel,
  prompt: string,
  zeros = false,
): Promise<PromptConditioning> {
  const parts: Float32Array[] = [];
  const widths: number[] = [];
  let pooled: Float32Array | undefined;
  let tokenCount = 0;
  let truncated = false;
  let tokens = 0;
  for (const [i, encoder] of model.textEncoders.entries()) {
    const tokenizer = model.tokenizers[i];
    const length = encoder.signature.fixedLength ?? tokenizer.maxLength;
    const encoded = tokenizer.encodePadded(prompt);
    const ids = encoded.ids.slice(0, length);
    while (ids.length < length) ids.push(tokenizer.padId);
    if (i === 0) ({ tokenCount, truncated } = encoded);
    const sig = encoder.signature;
    const hiddenName = model.traits.xl ? sig.penultimate! : sig.lastHidden;
    const fetch = [hiddenName, ...(model.traits.xl && i === 1 ? [sig.pooled!] : [])];
    const out = await runEncoder(encoder, ids, length, fetch, `${model.folder.id} text encoder ${i + 1}`);
    const hidden = out[hiddenName];
    tokens = length;
    widths.push(hidden.length / length);
    parts.push(zeros ? new Float32Array(hidden.length) : hidden);
    if (fetch[1]) pooled = zeros ? new Float32Array(out[fetch[1]].length) : out[fetch[1]];
  }
  const width = widths.reduce((a, b) => a + b, 0);
  let context = parts[0];
  if (parts.length > 1) {
    // Concatenate along the feature axis: row t = [encoder 1 row t, encoder 2 row t].
    context = new Float32Array(tokens * width);
    for (let t = 0; t < tokens; t++) {
      let at = t * width;
      parts.forEach((p, k) => {
        context.set(p.subarray(t * widths[k], (t + 1) * widths[k]), at);
        at += widths[k];
      });
    }
  }
  return { context, tokens, width, ...(pooled ? { pooled } : {}), tokenCount, truncated };
}
