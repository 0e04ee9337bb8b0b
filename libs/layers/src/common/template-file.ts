import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode, resolveInside } from '@app/core';
import type { LayerAt, TemplateCheckContext } from '../kind-definition';
import { isLiquid } from './picture';

/**
 * At load: a fixed file a layer names (`src` without Liquid) must be a file inside the template
 * folder. Throws PATH_ESCAPES or ASSET_NOT_FOUND naming `<layer path>.<field>`; Liquid (a file the
 * data names) and an absent value are judged when an item is bound.
 */
export async function checkTemplateFile(
  raw: string | undefined,
  at: LayerAt,
  ctx: TemplateCheckContext,
  field: string,
): Promise<void> {
  if (raw === undefined || isLiquid(raw)) return;
  const where = `${at.path}.${field}`;
  let file: string;
  try {
    file = resolveInside(ctx.templateDir, raw, field);
  } catch (e) {
    throw new ClipwrightError(
      ErrorCode.PathEscapes,
      `${where}: "${raw}" points outside the template folder`,
      {
        path: where,
        cause: e,
      },
    );
  }
  const found = await fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!found) {
    throw new ClipwrightError(
      ErrorCode.AssetNotFound,
      `${where}: "${raw}" is not a file of the template folder`,
      {
        path: where,
      },
    );
  }
}
