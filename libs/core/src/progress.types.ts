export interface ProgressEvent {
  stage: string;
  /** 0..1 within the whole job. */
  fraction: number;
  message?: string;
}
export type ProgressListener = (event: ProgressEvent) => void;
