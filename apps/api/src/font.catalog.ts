import { parseFontFamilies } from '@app/core';
import { execFile } from 'node:child_process';

/** Runs `fc-list` and resolves with its standard output; swapped in unit specs. */
export type FontListRunner = () => Promise<string>;

/** fontconfig's `fc-list : family`, bounded to 10 s (fontconfig builds its cache on a first run). */
export const runFcList: FontListRunner = () =>
  new Promise((resolve, reject) =>
    execFile('fc-list', [':', 'family'], { timeout: 10_000, maxBuffer: 8 << 20 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );

/**
 * The font families installed on this machine (fontconfig), which the brand kit may name. Read once
 * per process: fonts come from the machine image (Debian packages), not at run time. The API and the
 * workers are deployed from one image, so what the API lists is what a render finds.
 */
export class FontCatalog {
  private families: Promise<string[]> | undefined;

  constructor(private readonly run: FontListRunner = runFcList) {}

  /** Family names, sorted, each once. fc-list prints one face per line, localised names comma-separated. */
  list(): Promise<string[]> {
    this.families ??= this.run().then(
      (out) => parseFontFamilies(out),
      (e: unknown) => {
        this.families = undefined;
        throw e;
      },
    );
    return this.families;
  }

  async has(family: string): Promise<boolean> {
    return (await this.list()).includes(family);
  }
}
