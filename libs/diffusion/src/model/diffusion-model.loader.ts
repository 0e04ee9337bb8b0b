import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import {
  DiffusionLogger,
  ExecutionPreference,
  ExecutionProvider,
  OnnxSession,
  OnnxSessionFactory,
  openSession,
  SessionTuning,
} from '../runtime/onnx-runtime';
import { ClipTokenizer, loadClipTokenizer } from '../text/clip.tokenizer';
import {
  matchTextEncoder,
  matchUnet,
  matchVae,
  TextEncoderSignature,
  UnetSignature,
  VaeSignature,
} from './component-signatures';
import { checkExternalData } from './external-data';
import { FAMILY_TRAITS, FamilyTraits, ModelFamily } from './model-family';
import { Component, ModelFolder, ModelProblem } from './model-folder';

export interface Loaded<S> {
  session: OnnxSession;
  signature: S;
  provider: ExecutionProvider;
}

/** A model with its sessions open, ready to run; made once per worker and reused for every request. */
export interface LoadedDiffusionModel {
  folder: ModelFolder;
  /** The family after the graphs had their say (768 vs 1024 text encoders; a UNet with timestep_cond is LCM). */
  family: ModelFamily;
  traits: FamilyTraits;
  tokenizers: ClipTokenizer[];
  textEncoders: Loaded<TextEncoderSignature>[];
  unet: Loaded<UnetSignature>;
  vaeDecoder: Loaded<VaeSignature>;
  vaeEncoder?: Loaded<VaeSignature>;
  inpainting: boolean;
  /** Where the UNet (nearly all the work) runs. */
  provider: ExecutionProvider;
  /** Components that wanted CUDA and run on the CPU, and why. */
  fallbacks: { component: Component; reason: string }[];
  release(): Promise<void>;
}

export interface LoadModelOptions {
  factory: OnnxSessionFactory;
  preference: ExecutionPreference;
  logger: DiffusionLogger;
  tuning?: SessionTuning;
}

/**
 * Opens every graph of a model folder (CUDA first, CPU fallback, per graph), checks each against the
 * diffusers signature read from the session's own metadata, checks the graphs against each other
 * (text encoder width vs the UNet's context, SDXL inputs), and loads the tokenizers.
 * @throws ClipwrightError MODEL_INVALID listing every problem found (file and reason) in
 *         `detail.problems`; nothing stays open when it throws.
 */
export async function loadDiffusionModel(
  folder: ModelFolder,
  options: LoadModelOptions,
): Promise<LoadedDiffusionModel> {
  const problems: ModelProblem[] = [];
  const opened: OnnxSession[] = [];
  const fallbacks: { component: Component; reason: string }[] = [];
  const providers: Partial<Record<Component, ExecutionProvider>> = {};
  const releaseAll = () => Promise.all(opened.map((s) => s.release().catch(() => undefined)));

  async function open(component: Component): Promise<OnnxSession | undefined> {
    const file = folder.onnx[component];
    if (!file) return undefined;
    const shown = `${component}/model.onnx`;
    const missing = await checkExternalData(file, shown);
    if (missing.length) {
      problems.push(...missing);
      return undefined;
    }
    try {
      const o = await openSession(
        options.factory,
        file,
        `${folder.id}/${shown}`,
        options.preference,
        options.logger,
        options.tuning,
      );
      opened.push(o.session);
      providers[component] = o.provider;
      if (o.fallbackReason) fallbacks.push({ component, reason: o.fallbackReason });
      return o.session;
    } catch (e) {
      problems.push({ file: shown, message: (e as Error).message.replace(`${folder.id}/${shown} `, '') });
      return undefined;
    }
  }

  try {
    const xl = folder.traits.xl;
    const te1 = await open('text_encoder');
    const te2 = xl ? await open('text_encoder_2') : undefined;
    const unetSession = await open('unet');
    const decoder = await open('vae_decoder');
    const encoder = await open('vae_encoder');

    const te1Sig =
      te1 &&
      matchTextEncoder(
        'text_encoder/model.onnx',
        te1.inputs,
        te1.outputs,
        { penultimate: xl, pooled: false },
        problems,
      );
    const te2Sig =
      te2 &&
      matchTextEncoder(
        'text_encoder_2/model.onnx',
        te2.inputs,
        te2.outputs,
        { penultimate: true, pooled: true },
        problems,
      );
    const unetSig =
      unetSession && matchUnet('unet/model.onnx', unetSession.inputs, unetSession.outputs, problems);
    const decSig =
      decoder && matchVae('vae_decoder/model.onnx', 'decoder', decoder.inputs, decoder.outputs, problems);
    const encSig =
      encoder && matchVae('vae_encoder/model.onnx', 'encoder', encoder.inputs, encoder.outputs, problems);

    let family = folder.family;
    if (unetSig) {
      if (xl && (!unetSig.textEmbeds || !unetSig.timeIds)) {
        problems.push({
          file: 'unet/model.onnx',
          message: `has no text_embeds/time_ids inputs, but ${family} UNets take them`,
        });
      }
      if (!xl && unetSig.textEmbeds) {
        problems.push({
          file: 'unet/model.onnx',
          message: `takes text_embeds/time_ids (an SDXL UNet) but the folder is ${family} (one text encoder)`,
        });
      }
      if (unetSig.timestepCond && FAMILY_TRAITS[family].distilled !== 'lcm') family = xl ? 'lcm-sdxl' : 'lcm';
      const hidden = xl ? sum(te1Sig?.hiddenSize, te2Sig?.hiddenSize) : te1Sig?.hiddenSize;
      if (hidden && unetSig.contextSize && hidden !== unetSig.contextSize) {
        problems.push({
          file: 'unet/model.onnx',
          message: `encoder_hidden_states is [B,77,${unetSig.contextSize}] but the text encoder${xl ? 's give' : ' gives'} ${hidden} values per token`,
        });
      }
      const pooled = te2Sig?.pooledSize;
      const embeds = unetSig.textEmbeds?.shape[1];
      if (pooled && typeof embeds === 'number' && embeds > 0 && embeds !== pooled) {
        problems.push({
          file: 'unet/model.onnx',
          message: `text_embeds is [B,${embeds}] but text_encoder_2 gives text_embeds [B,${pooled}]`,
        });
      }
    }
    if (family === 'sd1' || family === 'sd2') {
      if (te1Sig?.hiddenSize === 768) family = 'sd1';
      if (te1Sig?.hiddenSize === 1024) family = 'sd2';
    }
    const traits = FAMILY_TRAITS[family];

    const tokenizers: ClipTokenizer[] = [];
    for (const [i, name] of folder.tokenizers.entries()) {
      try {
        tokenizers.push(
          await loadClipTokenizer(path.join(folder.dir, name), traits.padTokens[i] ?? '!', name),
        );
      } catch (e) {
        const err = e as ClipwrightError;
        problems.push({ file: err.path ?? name, message: err.message.replace(`${err.path} `, '') });
      }
    }

    if (
      problems.length ||
      !te1Sig ||
      !unetSig ||
      !decSig ||
      !unetSession ||
      !decoder ||
      !te1 ||
      (xl && (!te2 || !te2Sig))
    ) {
      throw modelError(folder, problems);
    }
    const textEncoders: Loaded<TextEncoderSignature>[] = [
      { session: te1, signature: te1Sig, provider: providers.text_encoder! },
    ];
    if (te2 && te2Sig)
      textEncoders.push({ session: te2, signature: te2Sig, provider: providers.text_encoder_2! });
    const unet = { session: unetSession, signature: unetSig, provider: providers.unet! };
    options.logger.info(
      `model ${folder.id}: ${family}${unetSig.channels === 9 ? ' inpainting' : ''}, UNet on ${unet.provider.toUpperCase()}` +
        (fallbacks.length ? ` (CPU fallback for ${fallbacks.map((f) => f.component).join(', ')})` : ''),
    );
    return {
      folder,
      family,
      traits,
      tokenizers,
      textEncoders,
      unet,
      vaeDecoder: { session: decoder, signature: decSig, provider: providers.vae_decoder! },
      ...(encoder && encSig
        ? { vaeEncoder: { session: encoder, signature: encSig, provider: providers.vae_encoder! } }
        : {}),
      inpainting: unetSig.channels === 9,
      provider: unet.provider,
      fallbacks,
      release: async () => {
        await releaseAll();
      },
    };
  } catch (e) {
    await releaseAll();
    throw e instanceof ClipwrightError
      ? e
      : modelError(folder, [...problems, { file: '.', message: (e as Error).message }]);
  }
}

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a && b ? a + b : undefined;
}

function modelError(folder: ModelFolder, problems: ModelProblem[]): ClipwrightError {
  const list = problems.length ? problems : [{ file: '.', message: 'a required graph could not be opened' }];
  return new ClipwrightError(
    ErrorCode.ModelInvalid,
    `Model ${folder.id} cannot be loaded: ${list.map((p) => `${p.file} ${p.message}`).join('; ')}`,
    { path: path.join(folder.dir, list[0].file), detail: { problems: list } },
  );
}
