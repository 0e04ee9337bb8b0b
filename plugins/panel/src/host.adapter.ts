/** A file the panel hands to the host: its name and bytes. */
export interface PanelFile {
  name: string;
  bytes: ArrayBuffer;
}

/**
 * What a panel needs from the editor it runs in: write files where the project can reach them and
 * import them. Each plugin implements it with its host's API (Premiere Pro UXP, Resolve's scripting
 * API); tests use a fake. Methods resolve with a short description of what was imported, and throw
 * an Error whose message the panel shows.
 */
export interface HostAdapter {
  /** The editor's name, shown in the panel ("Premiere Pro"). */
  readonly name: string;
  /** Imports a finished clip (MP4) and its captions (WebVTT or SRT) when given. */
  importClip(clip: PanelFile, captions?: PanelFile): Promise<string>;
  /** Imports a layered timeline (FCPXML or Premiere XML) when the host takes one; absent otherwise. */
  importTimeline?(timeline: PanelFile): Promise<string>;
  /** Imports a still (PNG) into the project's bin. */
  importStill(still: PanelFile): Promise<string>;
  /** Where the API is and its key, kept between sessions by the host (UXP localStorage, Resolve's). */
  loadSettings(): Promise<{ server: string; apiKey: string } | null>;
  saveSettings(settings: { server: string; apiKey: string }): Promise<void>;
}
