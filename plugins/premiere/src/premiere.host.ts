import type { HostAdapter, PanelFile } from '../../panel/src/panel';

/* Premiere Pro's UXP modules, as far as the panel uses them (Premiere Pro UXP API, v25). */
interface UxpFile {
  nativePath: string;
  write(data: ArrayBuffer, opts: { format: unknown }): Promise<unknown>;
}
interface UxpFolder {
  createFile(name: string, opts: { overwrite: boolean }): Promise<UxpFile>;
  createFolder?(name: string): Promise<UxpFolder>;
  getEntry?(name: string): Promise<UxpFolder>;
}
interface Uxp {
  storage: {
    localFileSystem: { getDataFolder(): Promise<UxpFolder> };
    formats: { binary: unknown };
    secureStorage: {
      getItem(k: string): Promise<Uint8Array | null>;
      setItem(k: string, v: string): Promise<void>;
    };
  };
}
interface PremiereProject {
  name: string;
  importFiles(
    paths: string[],
    suppressUI: boolean,
    targetBin?: unknown,
    asNumberedStills?: boolean,
  ): Promise<boolean>;
  getRootItem(): Promise<unknown>;
}
interface Premiere {
  Project: { getActiveProject(): Promise<PremiereProject | null> };
}

declare const require: (id: string) => unknown;

const SETTINGS = 'clipwright.settings';
const KEY = 'clipwright.apiKey';

/**
 * The Premiere Pro side of the panel: files are written to the plugin's data folder (UXP storage),
 * then imported into the active project's root bin with `Project.importFiles`; Premiere turns an SRT
 * into a captions track item. The key lives in UXP secure storage, the server in localStorage.
 */
export function premiereHost(): HostAdapter {
  const uxp = require('uxp') as Uxp;
  const ppro = require('premierepro') as Premiere;

  async function write(file: PanelFile): Promise<string> {
    const folder = await uxp.storage.localFileSystem.getDataFolder();
    const entry = await folder.createFile(file.name, { overwrite: true });
    await entry.write(file.bytes, { format: uxp.storage.formats.binary });
    return entry.nativePath;
  }

  async function importPaths(paths: string[]): Promise<string> {
    const project = await ppro.Project.getActiveProject();
    if (!project) throw new Error('Open a project in Premiere Pro first');
    const ok = await project.importFiles(paths, true, await project.getRootItem(), false);
    if (!ok) throw new Error('Premiere Pro did not import the files');
    return `${paths.length} file(s) imported into ${project.name}`;
  }

  return {
    name: 'Premiere Pro',
    async importClip(clip, captions) {
      const paths = [await write(clip)];
      if (captions) paths.push(await write({ ...captions, name: captions.name }));
      return importPaths(paths);
    },
    async importTimeline(timeline) {
      // Premiere reads Final Cut Pro XML (xmeml) through the same import call: it opens as a sequence.
      return importPaths([await write(timeline)]);
    },
    async importStill(still) {
      return importPaths([await write(still)]);
    },
    async loadSettings() {
      const server = localStorage.getItem(SETTINGS);
      const key = await uxp.storage.secureStorage.getItem(KEY);
      if (!server) return null;
      return { server, apiKey: key ? new TextDecoder().decode(key) : '' };
    },
    async saveSettings(s) {
      localStorage.setItem(SETTINGS, s.server);
      await uxp.storage.secureStorage.setItem(KEY, s.apiKey);
    },
  };
}
