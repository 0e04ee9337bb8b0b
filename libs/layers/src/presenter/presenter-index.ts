import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PresenterIndex } from '../kind-definition';

const PRESENTER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Which presenters a folder holds (`<dir>/<id>/presenter.json`, the layout PresenterLibrary reads),
 * found with the file system alone: the API checks templates with it without loading a presenter.
 */
export function folderPresenterIndex(dir: string): PresenterIndex {
  const has = (id: string): Promise<boolean> =>
    PRESENTER_ID.test(id)
      ? fs.stat(path.join(dir, id, 'presenter.json')).then(
          (s) => s.isFile(),
          () => false,
        )
      : Promise.resolve(false);
  return {
    has,
    async ids() {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      const found: string[] = [];
      for (const e of entries) if (e.isDirectory() && (await has(e.name))) found.push(e.name);
      return found.sort();
    },
  };
}
