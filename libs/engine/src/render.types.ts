import type { ProgressListener, RenderResult } from '@app/core';

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
}

export interface RenderedItem {
  outDir: string;
  result: RenderResult;
}
