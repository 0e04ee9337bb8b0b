import { XMLBuilder } from 'fast-xml-parser';

/** An XML element in fast-xml-parser's ordered form: children keep the order they are given. */
export type XmlNode = Record<string, unknown>;

type Attrs = Record<string, string | number | boolean | undefined>;

/**
 * One element: `el('asset', { id: 'r2' }, [child, ...])`, or with text content. Attributes whose
 * value is undefined are left out; every value is escaped by the builder.
 */
export function el(name: string, attrs: Attrs = {}, children: XmlNode[] | string | number = []): XmlNode {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a[`@_${k}`] = String(v);
  const content = Array.isArray(children) ? children : [{ '#text': String(children) }];
  return Object.keys(a).length ? { [name]: content, ':@': a } : { [name]: content };
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

/** The document's text: the XML declaration, an optional DOCTYPE line, then the root element. */
export function xmlDocument(root: XmlNode, doctype?: string): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n' + (doctype ? `<!DOCTYPE ${doctype}>\n` : '');
  return head + (builder.build([root]) as string).trim() + '\n';
}
