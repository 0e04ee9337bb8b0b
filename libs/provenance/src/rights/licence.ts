import { ClipwrightError, ErrorCode } from '@app/core';

/**
 * The licence a model, voice, presenter or asset is used under. `id` is an SPDX identifier or a
 * `LicenseRef-` of ours; `commercial` says whether a commercial workspace may use it (null: not
 * known, which a commercial workspace is refused).
 */
export interface Licence {
  id: string;
  commercial: boolean | null;
  name?: string;
  url?: string;
}

/** The published Wav2Lip checkpoints: research and non-commercial use only (their README). */
export const WAV2LIP_OFFICIAL_WEIGHTS: Licence = {
  id: 'LicenseRef-Wav2Lip-NonCommercial',
  name: 'Wav2Lip official weights (research / non-commercial use only)',
  commercial: false,
  url: 'https://github.com/Rudrabha/Wav2Lip#license-and-citation',
};

/** Licences whose commercial terms we know. Anything else is `commercial: null` unless declared. */
const KNOWN: Readonly<Record<string, boolean>> = {
  'Apache-2.0': true,
  MIT: true,
  'BSD-2-Clause': true,
  'BSD-3-Clause': true,
  'CC0-1.0': true,
  'CC-BY-4.0': true,
  'CC-BY-SA-4.0': true,
  'OpenRAIL-M': true,
  'CC-BY-NC-4.0': false,
  'CC-BY-NC-SA-4.0': false,
  'CC-BY-NC-ND-4.0': false,
  [WAV2LIP_OFFICIAL_WEIGHTS.id]: false,
};

const SPDX_TOKEN = /^(LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.+-]*)/;

function bad(path: string, message: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.InvalidArgument, `${path} ${message}`, { path });
}

/**
 * A licence from a manifest field: a string starting with an SPDX id ("Apache-2.0 (drawn for
 * Clipwright)") or an object `{ id, commercial?, name?, url? }`. A declared `commercial` wins over
 * what we know of the id.
 * @throws ClipwrightError INVALID_ARGUMENT naming `path` when the value is neither.
 */
export function parseLicence(value: unknown, path: string): Licence {
  if (typeof value === 'string') {
    const id = SPDX_TOKEN.exec(value.trim())?.[1];
    if (!id) throw bad(path, `"${value}" does not start with an SPDX licence id`);
    return { id, commercial: KNOWN[id] ?? null, ...(value.trim() !== id ? { name: value.trim() } : {}) };
  }
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
    const v = value as { id: string; commercial?: unknown; name?: unknown; url?: unknown };
    if (!SPDX_TOKEN.test(v.id)) throw bad(`${path}.id`, `"${v.id}" is not an SPDX licence id`);
    if (v.commercial !== undefined && typeof v.commercial !== 'boolean') {
      throw bad(`${path}.commercial`, 'must be true or false');
    }
    return {
      id: v.id,
      commercial: typeof v.commercial === 'boolean' ? v.commercial : (KNOWN[v.id] ?? null),
      ...(typeof v.name === 'string' ? { name: v.name } : {}),
      ...(typeof v.url === 'string' ? { url: v.url } : {}),
    };
  }
  throw bad(path, 'must be an SPDX licence id or an object { id, commercial, name, url }');
}
