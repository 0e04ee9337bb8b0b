import { layerKinds } from '@app/layers';
import { FfmpegExecutor, ProcessRunner, type ToolPaths } from '@app/media';
import { PresenterLibrary } from '@app/presenter';
import { EspeakSpeechProvider } from '@app/speech';
import { TemplateLoader } from '@app/templates';
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
}

/**
 * The one place that binds the engine to the real programs (docs/conventions.md §4): the CLI, the
 * worker and the benchmarks all render through this, so they cannot drift apart.
 */
export function createRenderEngine(folders: EngineFolders): RenderEngine {
  // Renders yield to the API and other work on a shared machine.
  const runner = new ProcessRunner({ tools: folders.tools, niceness: 5 });
  return new RenderEngine({
    templates: new TemplateLoader(folders.templatesDir, {
      kinds: layerKinds,
      presentersDir: folders.presentersDir,
    }),
    kinds: layerKinds,
    speech: [new EspeakSpeechProvider({ runner })],
    ffmpeg: new FfmpegExecutor(runner),
    presenters: new PresenterLibrary(folders.presentersDir),
    glyphs: fontGlyphChecker(runner),
    provenance: folders.provenance,
  });
}
