import { FfmpegExecutor } from '@app/media';
import { PresenterLibrary } from '@app/presenter';
import { EspeakSpeechProvider } from '@app/speech';
import { TemplateLoader } from '@app/templates';
import { RenderEngine } from './render.engine';

export interface EngineFolders {
  /** templates/ (one folder per template). */
  templatesDir: string;
  /** models/presenters/ (one folder per presenter). */
  presentersDir: string;
}

/**
 * The one place that binds the engine to the real programs (CONVENTIONS.md §4): the CLI, the worker
 * and the benchmarks all render through this, so they cannot drift apart.
 */
export function createRenderEngine(folders: EngineFolders): RenderEngine {
  return new RenderEngine({
    templates: new TemplateLoader(folders.templatesDir),
    speech: [new EspeakSpeechProvider()],
    // Renders yield to the API and other work on a shared machine.
    ffmpeg: new FfmpegExecutor({ niceness: 5 }),
    presenters: new PresenterLibrary(folders.presentersDir),
  });
}
