/** TypeScript view of template.schema.json (the published format). Keep the two in step. */
export interface TemplateManifest {
  id: string;
  version: number;
  title: string;
  description?: string;
  inputs: { schema: string; collection?: { items: string; id?: string } };
  script: string;
  fps: number;
  outputs: OutputSpec[];
  voice: { provider: 'espeak'; voice: string; rate: number };
  audio: { loudness: { integrated: number; truePeak: number; range?: number } };
  theme?: { accent?: string; channelName?: string };
  disclosure?: string;
  scenes: SceneSpec[];
}

export interface OutputSpec {
  aspect: string;
  width: number;
  height: number;
}

export interface SceneSpec {
  id: string;
  duration: number | 'speech';
  layers: LayerSpec[];
}

export interface TimeWindow {
  start?: number;
  end?: number;
}

export type LayerSpec =
  | { type: 'background' }
  | { type: 'presenter'; id: string; placement?: Record<string, PresenterPlacement> }
  | {
      type: 'title';
      kicker: string;
      title: string;
      subtitle?: string;
      /**
       * A photo behind the title, bound from the data: `asset:<id>` of an uploaded asset (service)
       * or a file path relative to the data file (CLI). Empty once bound: no photo.
       */
      image?: string;
    }
  | ({ type: 'lowerThird'; title: string; subtitle?: string } & TimeWindow)
  | ({ type: 'dataCard'; title: string; rows: { label: string; value: string }[] } & TimeWindow)
  | { type: 'captions'; style?: 'broadcast' };

export type PresenterPlacement = 'right-third' | 'left-third' | 'lower-half' | 'full' | 'pip';

export interface LoadedTemplate {
  manifest: TemplateManifest;
  /** Absolute folder of the template. */
  dir: string;
  inputSchema: object;
  scriptSource: string;
}

/** One item of the data, with where it came from (for error paths and output names). */
export interface DataItem {
  index: number;
  id: string | null;
  /** JSON path of the item inside the data file ("$" or "$.features[0]"). */
  path: string;
  data: unknown;
}
