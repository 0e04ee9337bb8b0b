/** Shapes of the Clipwright API's answers, as the client reads them (docs/service.md has the contract). */

export type JobState = 'queued' | 'active' | 'completed' | 'failed' | 'cancelled';
export const FINISHED: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export interface TemplateSummary {
  id: string;
  title: string;
  description: string | null;
  version: number;
  outputs: { aspect: string; width: number; height: number }[];
}

export interface JobOutput {
  name: string;
  aspect: string | null;
  size: number;
  contentType: string;
  /** `/v1/jobs/<id>/outputs/<name>`, or absolute under the server's PUBLIC_BASE_URL. */
  href: string;
}

export interface Job {
  id: string;
  kind: string;
  state: JobState;
  template: string;
  batchId: string | null;
  aspects: string[];
  /** 0..1 */
  progress: number;
  /** The pipeline stage running (`bind`, `speak`, `caption`, `compose`, `finish`...). */
  stage: string | null;
  error: { code: string; message: string; path?: string } | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result?: unknown;
  outputs?: JobOutput[];
}

/** POST /v1/jobs. `script` is the story template's input (a Markdown or plain-text script). */
export interface CreateJobRequest {
  template: string;
  data?: unknown;
  script?: { format: 'markdown' | 'text'; text: string };
  select?: string | number;
  aspects?: string[];
  callbackUrl?: string;
}

export interface BatchItem {
  index: number;
  id: string | null;
  path: string;
  status: 'queued' | 'rejected';
  jobId?: string;
  error?: { code: string; message: string; path?: string };
}

export interface BatchAnswer {
  batchId: string;
  jobs: Job[];
  items: BatchItem[];
}

export interface Asset {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** The workspace's brand kit (GET/PUT /v1/brand). Colours are `#rrggbb`; `logo` is `asset:<id>`. */
export interface BrandKit {
  channelName?: string;
  logo?: string;
  colors?: { accent?: string; background?: string; text?: string };
  font?: string;
  aiLabel?: string;
}

export interface Preview {
  script: string;
  scenes: unknown;
}

export interface ImageRequest {
  model: string;
  prompt: string;
  negativePrompt?: string;
  width?: number;
  height?: number;
  steps?: number;
  seed?: number;
}
