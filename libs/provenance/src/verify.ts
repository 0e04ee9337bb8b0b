import { promises as fs } from 'node:fs';
import { ClipwrightError, ErrorCode, sniffMediaType } from '@app/core';
import { CredentialsReport, readCredentials } from './c2pa/content-credentials';
import { AigcLabel, parseAigcJson } from './implicit/implicit-labels';
import { readMp4MetadataTags, readMp4Xmp } from './implicit/mp4-boxes';
import { readPngMetadata } from './implicit/png-metadata';
import { readXmpLabels } from './implicit/xmp';

/** The implicit labels read back from a file, whoever wrote them. */
export interface ReadLabels {
  /** GB 45438 AIGC field: MP4 `mdta` key or PNG text chunk, else the XMP `TC260:AIGC`. */
  aigc?: AigcLabel;
  /** Where the AIGC field was found. */
  aigcSource?: 'mp4 metadata' | 'png text chunk' | 'xmp';
  /** IPTC `Iptc4xmpExt:DigitalSourceType` from the XMP packet. */
  digitalSourceType?: string;
  /** The MP4 `comment` tag. */
  comment?: string;
  creatorTool?: string;
  xmp: boolean;
}

/** Reads the implicit labels of an MP4 or PNG. Pure on the bytes. */
export function readImplicitLabels(bytes: Buffer, format: 'video/mp4' | 'image/png'): ReadLabels {
  let packet: string | undefined;
  let tags: Record<string, string>;
  if (format === 'video/mp4') {
    packet = readMp4Xmp(bytes);
    tags = readMp4MetadataTags(bytes);
  } else {
    const png = readPngMetadata(bytes);
    packet = png.xmp;
    tags = png.aigc === undefined ? {} : { AIGC: png.aigc };
  }
  const xmp = packet ? readXmpLabels(packet) : {};
  const tagged = tags.AIGC !== undefined ? parseAigcJson(tags.AIGC) : null;
  const out: ReadLabels = { xmp: packet !== undefined };
  if (tagged) {
    out.aigc = tagged;
    out.aigcSource = format === 'video/mp4' ? 'mp4 metadata' : 'png text chunk';
  } else if (xmp.aigc) {
    out.aigc = xmp.aigc;
    out.aigcSource = 'xmp';
  }
  if (xmp.digitalSourceType) out.digitalSourceType = xmp.digitalSourceType;
  if (xmp.creatorTool) out.creatorTool = xmp.creatorTool;
  if (tags.comment !== undefined) out.comment = tags.comment;
  return out;
}

/** Everything `clipwright verify` and the API's verify route report about one file. */
export interface VerifyReport {
  file: string;
  format: 'video/mp4' | 'image/png';
  credentials: CredentialsReport;
  labels: ReadLabels;
}

/**
 * Validates the content credentials of an MP4 or PNG held in memory and reads its labels back: what
 * the API answers for a job's output fetched from storage. `name` only labels the report.
 * @throws ClipwrightError INVALID_ARGUMENT when the bytes are neither MP4 nor PNG or their structure is broken.
 */
export async function verifyBytes(
  bytes: Buffer,
  name: string,
  options: { trustAnchorsPem?: string } = {},
): Promise<VerifyReport> {
  const format = sniffMediaType(bytes.subarray(0, 16));
  if (format !== 'video/mp4' && format !== 'image/png') {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `${name} is ${format ?? 'of an unknown type'}; verify reads MP4 and PNG`,
      {
        path: name,
      },
    );
  }
  const labels = readImplicitLabels(bytes, format);
  const credentials = await readCredentials(bytes, format, options);
  return { file: name, format, credentials, labels };
}

/**
 * {@link verifyBytes} on a file: `clipwright verify`.
 * @throws ClipwrightError DATA_UNREADABLE when the file cannot be read, or as verifyBytes.
 */
export async function verifyFile(
  file: string,
  options: { trustAnchorsPem?: string } = {},
): Promise<VerifyReport> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new ClipwrightError(ErrorCode.DataUnreadable, `${file} cannot be read: ${(e as Error).message}`, {
      path: file,
      cause: e,
    });
  }
  return verifyBytes(bytes, file, options);
}
