/**
 * The implicit (machine-readable) labels every Clipwright output carries, built once per job and
 * written by the format writers (MP4 metadata args, XMP packet, PNG chunks).
 */

/** IPTC Digital Source Type NewsCodes (https://cv.iptc.org/newscodes/digitalsourcetype/). */
export const DIGITAL_SOURCE_TYPE = {
  /** Made entirely by a model trained on sampled content: our default for a clip or a still. */
  trainedAlgorithmicMedia: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  /** Generated parts combined with captured ones: a clip that includes uploaded photos or footage. */
  compositeWithTrainedAlgorithmicMedia:
    'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
} as const;
export type DigitalSourceType = (typeof DIGITAL_SOURCE_TYPE)[keyof typeof DIGITAL_SOURCE_TYPE];

/** `composite...` when real photos or footage are part of the picture, else `trainedAlgorithmicMedia`. */
export function digitalSourceTypeFor(includesCapturedMedia: boolean): DigitalSourceType {
  return includesCapturedMedia
    ? DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia
    : DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia;
}

/**
 * The GB 45438-2025 implicit label (its Annex E metadata string; field names and order as the TC260
 * practice guides TC260-PG-20257A (video) and 20259A (image) reproduce it). Label "1" declares the
 * content AI-generated/synthesised. ContentProducer names the service provider (name or registered
 * code), ProduceID is the content number; the propagation fields are the distributing platform's to
 * fill and stay empty here.
 */
export interface AigcLabel {
  Label: string;
  ContentProducer: string;
  ProduceID: string;
  ReservedCode1: string;
  ContentPropagator: string;
  PropagateID: string;
  ReservedCode2: string;
}

const AIGC_KEYS: readonly (keyof AigcLabel)[] = [
  'Label',
  'ContentProducer',
  'ProduceID',
  'ReservedCode1',
  'ContentPropagator',
  'PropagateID',
  'ReservedCode2',
];

/** The AIGC value as the guides write it: a JSON object with the seven keys in Annex E's order. */
export function aigcJson(label: AigcLabel): string {
  return JSON.stringify(Object.fromEntries(AIGC_KEYS.map((k) => [k, label[k]])));
}

/**
 * Reads an AIGC value back: the bare object or the `{"AIGC": {...}}` wrapper of the image guide's
 * Annex B. Null when it is not JSON or has no `Label`; missing keys read as "".
 */
export function parseAigcJson(text: string): AigcLabel | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value && typeof value === 'object' && 'AIGC' in value) value = (value as { AIGC: unknown }).AIGC;
  if (!value || typeof value !== 'object' || typeof (value as { Label?: unknown }).Label !== 'string')
    return null;
  const raw = value as Record<string, unknown>;
  return Object.fromEntries(
    AIGC_KEYS.map((k) => [k, typeof raw[k] === 'string' ? raw[k] : '']),
  ) as unknown as AigcLabel;
}

export interface ImplicitLabelInput {
  /** The job id: GB 45438's ProduceID, the XMP DocumentID. */
  contentId: string;
  workspace: string;
  generator: { name: string; version: string };
  /** The operator's registered provider code (GB 45438 ContentProducer), when it has one. */
  providerCode?: string;
  digitalSourceType: DigitalSourceType;
  /** Write the GB 45438 AIGC field (the label profile's `implicit.aigc`). */
  aigc: boolean;
  createdAt: Date;
}

/** Everything the file writers put in the metadata, in one typed value. */
export interface ImplicitLabels {
  contentId: string;
  workspace: string;
  generator: { name: string; version: string };
  digitalSourceType: DigitalSourceType;
  aigc: AigcLabel | null;
  /** One sentence for people reading the tags: what made the file, for whom, which job. */
  disclosure: string;
  createdAt: Date;
}

/** Single-line, control-character-free text: metadata readers show one line. */
function oneLine(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The implicit labels of one job's outputs. Pure. ContentProducer is the provider code when given,
 * else "Clipwright (<workspace>)", so the provider and the workspace are both named.
 */
export function buildImplicitLabels(input: ImplicitLabelInput): ImplicitLabels {
  const generator = { name: oneLine(input.generator.name), version: oneLine(input.generator.version) };
  const workspace = oneLine(input.workspace);
  const contentId = oneLine(input.contentId);
  const producer = input.providerCode ? oneLine(input.providerCode) : `${generator.name} (${workspace})`;
  return {
    contentId,
    workspace,
    generator,
    digitalSourceType: input.digitalSourceType,
    aigc: input.aigc
      ? {
          Label: '1',
          ContentProducer: producer,
          ProduceID: contentId,
          ReservedCode1: '',
          ContentPropagator: '',
          PropagateID: '',
          ReservedCode2: '',
        }
      : null,
    disclosure: `AI-generated: made by ${generator.name} ${generator.version} for workspace ${workspace}, job ${contentId}`,
    createdAt: input.createdAt,
  };
}
