import type { HostAdapter } from '../../panel/src/panel';

/** What preload.js exposes to the page (the main process does the work, main.js). */
export interface ResolveBridge {
  writeFile(name: string, bytes: ArrayBuffer): Promise<string>;
  importMedia(paths: string[]): Promise<string>;
  importTimeline(file: string): Promise<string>;
  loadSettings(): Promise<{ server: string; apiKey: string } | null>;
  saveSettings(s: { server: string; apiKey: string }): Promise<void>;
}

/**
 * The Resolve side of the panel: files go to a temporary folder through the main process, then into
 * the current project's media pool (`ImportMedia`: the MP4 with its SRT, or a still) or, for the
 * layered timeline, `ImportTimelineFromFile` with the FCPXML.
 */
export function resolveHost(bridge: ResolveBridge): HostAdapter {
  return {
    name: 'DaVinci Resolve',
    async importClip(clip, captions) {
      const paths = [await bridge.writeFile(clip.name, clip.bytes)];
      if (captions) paths.push(await bridge.writeFile(captions.name, captions.bytes));
      return bridge.importMedia(paths);
    },
    async importTimeline(timeline) {
      return bridge.importTimeline(await bridge.writeFile(timeline.name, timeline.bytes));
    },
    async importStill(still) {
      return bridge.importMedia([await bridge.writeFile(still.name, still.bytes)]);
    },
    loadSettings: () => bridge.loadSettings(),
    saveSettings: (s) => bridge.saveSettings(s),
  };
}
