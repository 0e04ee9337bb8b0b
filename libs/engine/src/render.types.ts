import type { ProgressListener, RenderResult } from '@app/core';

/**
 * Reads the image a bound layer names (a title's `image`: `asset:<id>` in service mode, a path
 * relative to the data file in the CLI). The engine never opens such a reference itself: whoever
 * runs it decides what a reference may reach. Throws a ClipwrightError input error for a reference
 * it cannot serve, naming it.
 */
export type ImageSource = (ref: string, signal?: AbortSignal) => Promise<Buffer>;

export interface RenderRequest {
  templateId: string;
  /** The parsed data file (a feed or one item). */
  data: unknown;
  /** Shown in errors about the data ("../shared/data/usgs-earthquakes.geojson"). */
  dataSource: string;
  /** An item index or id; without it every item of a feed is rendered, each into its own folder. */
  select?: string;
  outDir: string;
  /** Aspects to render ("16:9"); default: every output the template declares. */
  aspects?: string[];
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Where layer images come from; without it a template that binds an image fails on it. */
  images?: ImageSource;
}

export interface RenderedItem {
  outDir: string;
  result: RenderResult;
}
