import type { ProgressListener, RenderResult } from '@app/core';
import type { ImageSource } from '@app/layers';
import type { ProvenanceRequest } from './job-provenance';
import type { CaptionRequest } from './caption-request';
import type { Lexicon } from '@app/speech';
import type { Brand } from '@app/templates';

export type { ImageSource } from '@app/layers';

/**
 * How the caller names the request's fields in its own interface (the CLI: `--select`), for
 * messages and error paths. By default errors name the RenderRequest fields themselves.
 */
export interface RequestFieldNames {
  template?: string;
  select?: string;
  aspects?: string;
  /** The translations (`--caption-translation` in the CLI); errors append the language. */
  translations?: string;
  /** The recorded voice-over (`--voice-over` in the CLI). */
  voiceOver?: string;
  /** The timeline formats (`--timeline` in the CLI). */
  timeline?: string;
  /** The brand (`--brand` in the CLI, `$.brand` in a job); errors append the field (`--brand.font`). */
  brand?: string;
  /** The loudness preset (`--loudness` in the CLI). */
  loudness?: string;
}

export interface RenderRequest {
  templateId: string;
  /** The parsed data file (a feed or one item). */
  data: unknown;
  /** Shown in errors about the data ("quakes.geojson"). */
  dataSource: string;
  /** An item index or id; without it every item of a feed is rendered, each into its own folder. */
  select?: string;
  outDir: string;
  /** Aspects to render ("16:9"); default: every output the template declares. */
  aspects?: string[];
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Where pictures the data names come from; without it a template that binds one fails on it. */
  images?: ImageSource;
  names?: RequestFieldNames;
  /** Label profile, workspace and consents (docs/provenance.md); without it: no consents, the default profile. */
  provenance?: ProvenanceRequest;
  /** Captions in more languages (translated scripts), checked before any item renders. */
  captions?: CaptionRequest;
  /** The pronunciation lexicon (checked with `parseLexicon`); applied by every voice, never shown in captions. */
  lexicon?: Lexicon;
  /**
   * A recorded voice-over (WAV, MP3, M4A: a file path) read from the narration's script: it becomes
   * the voice, the captions and the presenter's mouth follow its timing. Needs the engine's
   * `voiceOver` factory.
   */
  voiceOver?: string;
  /**
   * The look laid over the template's own brand field by field (a workspace's brand kit, the CLI's
   * `--brand brand.json`); its `logo` is a picture the request's `images` source resolves
   * (`asset:<id>` in the service, a path next to brand.json in the CLI). Checked with `checkBrand`.
   */
  brand?: Brand;
  /**
   * Editable timelines to export with each output (`otio`, `fcpxml`, `xmeml`, `mlt`, `edl`;
   * docs/timelines.md): the job also writes every layer's media beside them. Checked before any item renders.
   */
  timeline?: readonly string[];
  /**
   * Delivery loudness for every output of this job (`broadcast`, `web`, `social`), in place of each
   * output's own preset in the template; anything else is INVALID_ARGUMENT naming `loudness`.
   */
  loudness?: string;
  /** The time templates render at (`job.time` in Liquid: sale windows, "today"); default now. */
  now?: Date;
}

export interface RenderedItem {
  outDir: string;
  result: RenderResult;
}

/** One item of a feed rendered on its own: done, or failed with its error (code, message, path). */
export interface ItemOutcome {
  index: number;
  id: string | null;
  /** JSON path of the item in the data file. */
  path: string;
  outDir: string;
  status: 'done' | 'failed';
  result?: RenderResult;
  error?: { code: string; message: string; path?: string };
}
