import * as os from 'node:os';
import * as path from 'node:path';
import { DiffusionEngine } from '@app/diffusion';
import { layerKinds } from '@app/layers';
import { type EncodeSettings, FfmpegExecutor, ProcessRunner, type ToolPaths } from '@app/media';
import { PresenterLibrary } from '@app/presenter';
import {
  createSpeechProviders,
  RecordedVoiceProvider,
  type SpeechConfig,
  type SpeechProvider,
} from '@app/speech';
import { TemplateLoader } from '@app/templates';
import { CachedImageGenerator } from './cached-image.generator';
import { fontGlyphChecker } from './font-glyphs';
import type { EngineProvenance } from './job-provenance';
import { RenderEngine } from './render.engine';

export interface EngineFolders {
  /** templates/ (one folder per template). */
  templatesDir: string;
  /** models/presenters/ (one folder per presenter). */
  presentersDir: string;
  /** Where ffmpeg, ffprobe, espeak-ng and fc-list are (`toolPathsFromEnv(process.env)` at the edge); default: on PATH. */
  tools?: Partial<ToolPaths>;
  /** The signer and default label profile (`provenanceConfigFromEnv` at the edge); absent: unsigned, `eu`. */
  provenance?: EngineProvenance;
  /** models/diffusion (one folder per model), for `generate` layers; default beside presentersDir. */
  diffusionModelsDir?: string;
  /** The engine's cache folder: generated pictures go to `<cacheDir>/images/`. Default: the OS temp folder. */
  cacheDir?: string;
  /** An engine to share (the worker's, so its sessions open once); else one is made on first use. */
  diffusion?: DiffusionEngine;
  /** The delivery encode (`encodeSettingsFromEnv(process.env)` at the edge); default: defaultEncodeSettings. */
  encode?: EncodeSettings;
}

/** The voices an engine reads with, built at the edge from the environment. */
export interface EngineSpeech {
  /** `createSpeechProviders(speechConfigFromEnv(process.env))`: a template's `voice.provider` picks one. */
  providers: SpeechProvider[];
  /** espeak-ng (SpeechConfig.espeakBinary): the reference reading a recorded voice-over is aligned to. */
  espeakBinary: string;
}

/** The engine's voices from the speech settings (`speechConfigFromEnv(process.env)` at the edge). */
export function engineSpeech(config: SpeechConfig): EngineSpeech {
  return { providers: createSpeechProviders(config), espeakBinary: config.espeakBinary };
}

/**
 * The one place that binds the engine to the real programs (docs/conventions.md §4): the CLI, the
 * worker and the benchmarks all render through this, so they cannot drift apart. The voice
 * providers come from the caller, which reads their settings once from the environment.
 */
export function createRenderEngine(folders: EngineFolders, speech: EngineSpeech): RenderEngine {
  // Renders yield to the API and other work on a shared machine.
  const runner = new ProcessRunner({ tools: folders.tools, niceness: 5 });
  const ffmpeg = new FfmpegExecutor(runner);
  return new RenderEngine({
    templates: new TemplateLoader(folders.templatesDir, {
      kinds: layerKinds,
      presentersDir: folders.presentersDir,
    }),
    kinds: layerKinds,
    speech: speech.providers,
    ffmpeg,
    encode: folders.encode,
    presenters: new PresenterLibrary(folders.presentersDir),
    glyphs: fontGlyphChecker(runner),
    provenance: folders.provenance,
    images: new CachedImageGenerator(
      folders.diffusion ??
        new DiffusionEngine({
          modelsDir:
            folders.diffusionModelsDir ?? path.join(path.dirname(folders.presentersDir), 'diffusion'),
        }),
      path.join(folders.cacheDir ?? path.join(os.tmpdir(), 'clipwright-cache'), 'images'),
    ),
    voiceOver: (recording) =>
      new RecordedVoiceProvider({ recording, ffmpeg, espeakBinary: speech.espeakBinary }),
  });
}
