import { ClipwrightError, ErrorCode } from '@app/core';

/** The programs Clipwright runs as separate processes (GPL ones are executed, never linked). */
export type Tool = 'ffmpeg' | 'ffprobe' | 'espeak' | 'fcList';

/** Where each program is: a name looked up on PATH, or an absolute path. */
export type ToolPaths = Record<Tool, string>;

export const defaultToolPaths: Readonly<ToolPaths> = Object.freeze({
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffprobe',
  espeak: 'espeak-ng',
  fcList: 'fc-list',
});

/** What a missing or failing program is reported as, and how a user gets it. */
export const TOOL_INFO: Readonly<Record<Tool, { debianPackage: string; env: string; failure: ErrorCode }>> =
  Object.freeze({
    ffmpeg: { debianPackage: 'ffmpeg', env: 'FFMPEG_PATH', failure: ErrorCode.FfmpegFailed },
    ffprobe: { debianPackage: 'ffmpeg', env: 'FFPROBE_PATH', failure: ErrorCode.FfmpegFailed },
    espeak: { debianPackage: 'espeak-ng', env: 'ESPEAK_PATH', failure: ErrorCode.SpeechFailed },
    fcList: { debianPackage: 'fontconfig', env: 'FC_LIST_PATH', failure: ErrorCode.Internal },
  });

/**
 * Tool paths from environment variables (FFMPEG_PATH, FFPROBE_PATH, ESPEAK_PATH, FC_LIST_PATH). Libraries
 * never read the environment: the CLI and the worker call this once, at their edge, with
 * `process.env`, and hand the result down. An empty value is refused rather than ignored.
 */
export function toolPathsFromEnv(env: Readonly<Record<string, string | undefined>>): ToolPaths {
  const paths: ToolPaths = { ...defaultToolPaths };
  for (const tool of Object.keys(TOOL_INFO) as Tool[]) {
    const name = TOOL_INFO[tool].env;
    const value = env[name];
    if (value === undefined) continue;
    if (value.trim() === '') {
      throw new ClipwrightError(ErrorCode.InvalidArgument, `${name} is set but empty`, { path: name });
    }
    paths[tool] = value;
  }
  return paths;
}
