import { XMLParser } from 'fast-xml-parser';
import { AigcLabel, aigcJson, ImplicitLabels, parseAigcJson } from './implicit-labels';

/** Namespaces we write (XMP Specification Part 1; IPTC Photo Metadata 2025.1; TC260 AIGC guide). */
export const XMP_NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  xmpMM: 'http://ns.adobe.com/xap/1.0/mm/',
  Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  /** The TC260 practice guides' namespace for the GB 45438-2025 AIGC field in XMP. */
  TC260: 'http://www.tc260.org.cn/ns/AIGC/1.0/',
} as const;

/** Characters XML 1.0 (section 2.2) does not allow, lone surrogates included. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Escapes text for a double-quoted XML attribute or element content. */
export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

/**
 * The XMP packet (XMP Specification Part 1, 7.3) with the implicit labels: IPTC
 * `Iptc4xmpExt:DigitalSourceType` and `AISystemUsed`/`AISystemVersionUsed` (IPTC Photo Metadata
 * 2025.1), the GB 45438 AIGC string as `TC260:AIGC` (TC260 guides), `dc:description` with the
 * disclosure sentence, `xmp:CreatorTool`/`CreateDate` and `xmpMM:DocumentID` from the job id.
 * Pure; UTF-8 when encoded, without the optional padding (the file is signed after, never edited in place).
 */
export function buildXmpPacket(labels: ImplicitLabels): string {
  const attrs: [string, string][] = [
    ['Iptc4xmpExt:DigitalSourceType', labels.digitalSourceType],
    ['Iptc4xmpExt:AISystemUsed', labels.generator.name],
    ['Iptc4xmpExt:AISystemVersionUsed', labels.generator.version],
    ['xmp:CreatorTool', `${labels.generator.name} ${labels.generator.version}`],
    ['xmp:CreateDate', labels.createdAt.toISOString()],
    ['xmpMM:DocumentID', `xmp.did:${labels.contentId}`],
  ];
  if (labels.aigc) attrs.push(['TC260:AIGC', aigcJson(labels.aigc)]);
  const ns = Object.entries(XMP_NS)
    .filter(([prefix]) => prefix !== 'x' && prefix !== 'rdf')
    .map(([prefix, uri]) => `\n    xmlns:${prefix}="${uri}"`)
    .join('');
  const props = attrs.map(([name, value]) => `\n    ${name}="${xmlEscape(value)}"`).join('');
  return (
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n` +
    `<x:xmpmeta xmlns:x="${XMP_NS.x}">\n` +
    ` <rdf:RDF xmlns:rdf="${XMP_NS.rdf}">\n` +
    `  <rdf:Description rdf:about=""${ns}${props}>\n` +
    `   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(labels.disclosure)}</rdf:li></rdf:Alt></dc:description>\n` +
    `  </rdf:Description>\n` +
    ` </rdf:RDF>\n` +
    `</x:xmpmeta>\n` +
    `<?xpacket end="r"?>`
  );
}

/** What `verify` reports from an XMP packet, whoever wrote it. */
export interface XmpLabels {
  digitalSourceType?: string;
  aigc?: AigcLabel;
  creatorTool?: string;
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name.endsWith(':Description'),
});

/** The text of a simple property: an attribute, an element's text, or an `rdf:resource`. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as XmlNode;
    for (const [k, v] of Object.entries(node)) {
      if ((k === '#text' || k.endsWith(':resource')) && typeof v === 'string') return v;
    }
  }
  return undefined;
}

function children(node: XmlNode, ns: Map<string, string>, uri: string, local: string): unknown[] {
  const found: unknown[] = [];
  for (const [key, value] of Object.entries(node)) {
    const name = key.startsWith('@') ? key.slice(1) : key;
    const [prefix, localName] = name.includes(':') ? name.split(':', 2) : ['', name];
    if (localName === local && ns.get(prefix) === uri) found.push(value);
  }
  return found;
}

/**
 * Reads the labels from an XMP packet. Prefixes are resolved through the packet's own `xmlns`
 * declarations, so another tool's prefix for the same namespace is read too. A packet with a DTD is
 * refused (XMP never has one; entity expansion is an attack surface). Returns {} when nothing is found.
 */
export function readXmpLabels(packet: string): XmpLabels {
  if (/<!DOCTYPE|<!ENTITY/i.test(packet)) return {};
  let doc: XmlNode;
  try {
    doc = parser.parse(packet) as XmlNode;
  } catch {
    return {};
  }
  const out: XmpLabels = {};
  const visit = (node: XmlNode, inherited: Map<string, string>) => {
    const ns = new Map(inherited);
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('@xmlns:') && typeof v === 'string') ns.set(k.slice('@xmlns:'.length), v);
    }
    const first = (uri: string, local: string) => children(node, ns, uri, local).map(textOf).find(Boolean);
    out.digitalSourceType ??= first(XMP_NS.Iptc4xmpExt, 'DigitalSourceType');
    out.creatorTool ??= first(XMP_NS.xmp, 'CreatorTool');
    const aigc = first(XMP_NS.TC260, 'AIGC');
    if (aigc && !out.aigc) out.aigc = parseAigcJson(aigc) ?? undefined;
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('@') || !v || typeof v !== 'object') continue;
      for (const child of Array.isArray(v) ? v : [v])
        if (child && typeof child === 'object') visit(child as XmlNode, ns);
    }
  };
  visit(doc, new Map());
  return out;
}
