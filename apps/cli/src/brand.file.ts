import * as path from 'node:path';
import { folderImageSource, type ImageSource } from '@app/engine';
import { type Brand, checkBrand, readDataFile } from '@app/templates';

/** `--brand brand.json`, read and checked: the brand and the folder its `logo` path is relative to. */
export interface BrandFile {
  brand: Brand;
  folder: string;
}

/**
 * Reads `--brand <file>` (JSON, the shape of @app/templates `Brand`).
 * @throws ClipwrightError DATA_UNREADABLE for a file that cannot be read or parsed, INVALID_ARGUMENT
 * naming `<file>.<field>` for a field that is not allowed.
 */
export async function readBrandFile(file: string): Promise<BrandFile> {
  const brand = checkBrand(await readDataFile(file), path.basename(file));
  return { brand, folder: path.dirname(path.resolve(file)) };
}

/**
 * The render's picture source with the brand's logo added: the logo is the file its brand.json
 * names (relative to brand.json, inside its folder); every other picture comes from `images`.
 */
export function withBrandLogo(images: ImageSource, brand: BrandFile | undefined): ImageSource {
  const logo = brand?.brand.logo;
  if (!brand || logo === undefined) return images;
  const fromBrandFolder = folderImageSource(brand.folder, 'next to the brand file');
  return (ref, signal) => (ref === logo ? fromBrandFolder(ref, signal) : images(ref, signal));
}
