/**
 * The gateway's mirror of a running order (MOS 2.8.5 profile 2): plain JSON, stored as one
 * document per running order, and the pure operations that roCreate, roReplace and
 * roElementAction (story and item insert, replace, move, swap, delete) apply to it. Each operation
 * returns a new document or throws MosInputError naming the unknown story or item; nothing is
 * changed when it throws.
 */
import {
  getMosTypes,
  IMOSExternalMetaData,
  IMOSItem,
  IMOSROFullStory,
  IMOSROStory,
  IMOSRunningOrder,
  IMOSRunningOrderBase,
  IMOSString128,
} from '@mos-connection/connector';

import { findClipwrightElement, readPayload } from '../clip/clip-payload';

const mosTypes = getMosTypes(false);

/** A MOS string (IMOSString128, or what the XML reader made of it) as plain text. */
export function text(v: IMOSString128 | string | number | undefined | null): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return mosTypes.mosString128.stringify(v);
}

export interface ItemDoc {
  id: string;
  slug: string;
  objId: string;
  mosId: string;
  abstract?: string;
  channel?: string;
  editorialStart?: number;
  editorialDuration?: number;
  userTimingDuration?: number;
  meta?: IMOSExternalMetaData[];
}

export interface StoryDoc {
  id: string;
  slug: string;
  number: string;
  items: ItemDoc[];
  /** The story's text from roStorySend (profile 4); null until one arrives. */
  text: string | null;
  meta?: IMOSExternalMetaData[];
}

export interface RoDoc {
  id: string;
  slug: string;
  channel?: string;
  meta?: IMOSExternalMetaData[];
  stories: StoryDoc[];
}

/** Input that names something this running order does not hold; the reason goes into the NACK. */
export class MosInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MosInputError';
  }
}

/**
 * Metadata as @mos-connection's reader shaped it, made fit to store and to send back: the reader's
 * bookkeeping keys ($name, $type) go, attributes become xmlbuilder's `@name` keys and mixed text
 * `#text`, so a roList carries `<field name="mag" value="5.8"/>` as it came in.
 */
export function cleanMeta(meta: IMOSExternalMetaData[] | undefined): IMOSExternalMetaData[] | undefined {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    const entries = Object.entries(v as Record<string, unknown>);
    const hasChildren = entries.some(([k]) => k !== 'text' && k !== 'attributes' && !k.startsWith('$'));
    for (const [k, val] of entries) {
      if (k === '$name' || k === '$type') continue;
      if (k === 'attributes' && val && typeof val === 'object')
        for (const [ak, av] of Object.entries(val as Record<string, unknown>)) out[`@${ak}`] = String(av);
      else if (k === 'text' && (hasChildren || 'attributes' in (v as object))) out['#text'] = String(val);
      else out[k] = clean(val);
    }
    return out;
  };
  return meta?.map((m) => ({ ...m, MosPayload: canonicalClipwright(m.MosPayload) ?? clean(m.MosPayload) }));
}

/** Our own payload rebuilt in its one shape (the reader's varies with the number of fields). */
function canonicalClipwright(payload: unknown): unknown {
  const el = findClipwrightElement([{ MosSchema: '', MosPayload: payload }]);
  if (!el) return undefined;
  try {
    const p = readPayload(el);
    const attrs = {
      '@version': '1',
      '@template': p.template,
      ...(p.aspect ? { '@aspect': p.aspect } : {}),
      ...(p.slug ? { '@slug': p.slug } : {}),
    };
    return {
      clipwright: { ...attrs, field: p.fields.map(([name, value]) => ({ '@name': name, '@value': value })) },
    };
  } catch {
    return undefined;
  }
}

export function itemFromMos(i: IMOSItem): ItemDoc {
  const doc: ItemDoc = {
    id: text(i.ID),
    slug: text(i.Slug),
    objId: text(i.ObjectID),
    mosId: String(i.MOSID ?? ''),
  };
  if (!doc.id) throw new MosInputError('an item has no itemID');
  if (i.mosAbstract !== undefined) doc.abstract = String(i.mosAbstract);
  if (i.Channel !== undefined) doc.channel = text(i.Channel);
  if (typeof i.EditorialStart === 'number') doc.editorialStart = i.EditorialStart;
  if (typeof i.EditorialDuration === 'number') doc.editorialDuration = i.EditorialDuration;
  if (typeof i.UserTimingDuration === 'number') doc.userTimingDuration = i.UserTimingDuration;
  if (i.MosExternalMetaData?.length) doc.meta = cleanMeta(i.MosExternalMetaData);
  return doc;
}

export function storyFromMos(s: IMOSROStory, previousText: string | null = null): StoryDoc {
  const id = text(s.ID);
  if (!id) throw new MosInputError('a story has no storyID');
  const items = (s.Items ?? []).map(itemFromMos);
  unique(
    items.map((i) => i.id),
    (d) => `item ${d} appears twice in story ${id}`,
  );
  return {
    id,
    slug: text(s.Slug),
    number: text(s.Number),
    items,
    text: previousText,
    ...(s.MosExternalMetaData?.length ? { meta: cleanMeta(s.MosExternalMetaData) } : {}),
  };
}

function unique(ids: string[], message: (dup: string) => string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new MosInputError(message(id));
    seen.add(id);
  }
}

/** roCreate / roReplace: the whole running order. Story texts already known survive a replace. */
export function roFromMos(ro: IMOSRunningOrder, previous?: RoDoc): RoDoc {
  const id = text(ro.ID);
  if (!id) throw new MosInputError('roID is required');
  const texts = new Map((previous?.stories ?? []).map((s) => [s.id, s.text]));
  const stories = (ro.Stories ?? []).map((s) => storyFromMos(s, texts.get(text(s.ID)) ?? null));
  unique(
    stories.map((s) => s.id),
    (d) => `story ${d} appears twice in running order ${id}`,
  );
  return {
    id,
    slug: text(ro.Slug),
    ...(ro.DefaultChannel !== undefined ? { channel: text(ro.DefaultChannel) } : {}),
    ...(ro.MosExternalMetaData?.length ? { meta: cleanMeta(ro.MosExternalMetaData) } : {}),
    stories,
  };
}

/** roMetadataReplace: slug, channel and metadata; the stories stay. */
export function replaceMetadata(doc: RoDoc, base: IMOSRunningOrderBase): RoDoc {
  return {
    ...doc,
    slug: text(base.Slug) || doc.slug,
    ...(base.DefaultChannel !== undefined ? { channel: text(base.DefaultChannel) } : {}),
    ...(base.MosExternalMetaData?.length ? { meta: cleanMeta(base.MosExternalMetaData) } : {}),
  };
}

function storyIndex(doc: RoDoc, storyId: string): number {
  const i = doc.stories.findIndex((s) => s.id === storyId);
  if (i < 0) throw new MosInputError(`story ${storyId} is not in running order ${doc.id}`);
  return i;
}

function itemIndex(story: StoryDoc, itemId: string, roId: string): number {
  const i = story.items.findIndex((it) => it.id === itemId);
  if (i < 0) throw new MosInputError(`item ${itemId} is not in story ${story.id} of running order ${roId}`);
  return i;
}

/** Inserts `list` before the element whose id is `target` ('' appends); ids must be new. */
function insertBefore<T extends { id: string }>(
  all: T[],
  list: T[],
  target: string,
  indexOf: (id: string) => number,
  what: string,
): T[] {
  for (const el of list)
    if (all.some((x) => x.id === el.id)) throw new MosInputError(`${what} ${el.id} is already there`);
  unique(
    list.map((x) => x.id),
    (d) => `${what} ${d} appears twice`,
  );
  const at = target === '' ? all.length : indexOf(target);
  return [...all.slice(0, at), ...list, ...all.slice(at)];
}

/** Moves the elements named by `ids` (in that order) before `target` ('' moves them to the end). */
function moveBefore<T extends { id: string }>(
  all: T[],
  ids: string[],
  target: string,
  indexOf: (id: string) => number,
): T[] {
  const moving = ids.map((id) => all[indexOf(id)]);
  if (target !== '') indexOf(target);
  if (ids.includes(target)) throw new MosInputError(`cannot move ${target} before itself`);
  const rest = all.filter((x) => !ids.includes(x.id));
  const at = target === '' ? rest.length : rest.findIndex((x) => x.id === target);
  return [...rest.slice(0, at), ...moving, ...rest.slice(at)];
}

function swap<T extends { id: string }>(
  all: T[],
  a: string,
  b: string,
  indexOf: (id: string) => number,
): T[] {
  const i = indexOf(a);
  const j = indexOf(b);
  const out = [...all];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

export function insertStories(doc: RoDoc, beforeStoryId: string, stories: IMOSROStory[]): RoDoc {
  const list = stories.map((s) => storyFromMos(s));
  return {
    ...doc,
    stories: insertBefore(doc.stories, list, beforeStoryId, (id) => storyIndex(doc, id), 'story'),
  };
}

export function replaceStory(doc: RoDoc, storyId: string, stories: IMOSROStory[]): RoDoc {
  const at = storyIndex(doc, storyId);
  const old = doc.stories[at];
  const list = stories.map((s) => storyFromMos(s, text(s.ID) === old.id ? old.text : null));
  const others = doc.stories.filter((s) => s.id !== storyId);
  for (const s of list)
    if (others.some((o) => o.id === s.id)) throw new MosInputError(`story ${s.id} is already there`);
  return { ...doc, stories: [...doc.stories.slice(0, at), ...list, ...doc.stories.slice(at + 1)] };
}

export function moveStories(doc: RoDoc, beforeStoryId: string, storyIds: string[]): RoDoc {
  return { ...doc, stories: moveBefore(doc.stories, storyIds, beforeStoryId, (id) => storyIndex(doc, id)) };
}

export function swapStories(doc: RoDoc, a: string, b: string): RoDoc {
  return { ...doc, stories: swap(doc.stories, a, b, (id) => storyIndex(doc, id)) };
}

export function deleteStories(doc: RoDoc, storyIds: string[]): RoDoc {
  for (const id of storyIds) storyIndex(doc, id);
  return { ...doc, stories: doc.stories.filter((s) => !storyIds.includes(s.id)) };
}

function withStory(doc: RoDoc, storyId: string, change: (s: StoryDoc) => StoryDoc): RoDoc {
  const at = storyIndex(doc, storyId);
  const stories = [...doc.stories];
  stories[at] = change(stories[at]);
  return { ...doc, stories };
}

export function insertItems(doc: RoDoc, storyId: string, beforeItemId: string, items: IMOSItem[]): RoDoc {
  return withStory(doc, storyId, (s) => ({
    ...s,
    items: insertBefore(
      s.items,
      items.map(itemFromMos),
      beforeItemId,
      (id) => itemIndex(s, id, doc.id),
      'item',
    ),
  }));
}

export function replaceItem(doc: RoDoc, storyId: string, itemId: string, items: IMOSItem[]): RoDoc {
  return withStory(doc, storyId, (s) => {
    const at = itemIndex(s, itemId, doc.id);
    const list = items.map(itemFromMos);
    const others = s.items.filter((i) => i.id !== itemId);
    for (const i of list)
      if (others.some((o) => o.id === i.id)) throw new MosInputError(`item ${i.id} is already there`);
    return { ...s, items: [...s.items.slice(0, at), ...list, ...s.items.slice(at + 1)] };
  });
}

export function moveItems(doc: RoDoc, storyId: string, beforeItemId: string, itemIds: string[]): RoDoc {
  return withStory(doc, storyId, (s) => ({
    ...s,
    items: moveBefore(s.items, itemIds, beforeItemId, (id) => itemIndex(s, id, doc.id)),
  }));
}

export function swapItems(doc: RoDoc, storyId: string, a: string, b: string): RoDoc {
  return withStory(doc, storyId, (s) => ({
    ...s,
    items: swap(s.items, a, b, (id) => itemIndex(s, id, doc.id)),
  }));
}

export function deleteItems(doc: RoDoc, storyId: string, itemIds: string[]): RoDoc {
  return withStory(doc, storyId, (s) => {
    for (const id of itemIds) itemIndex(s, id, doc.id);
    return { ...s, items: s.items.filter((i) => !itemIds.includes(i.id)) };
  });
}

/** roStorySend: the story's text, and its items as the body carries them (when it carries any). */
export function setStoryBody(
  doc: RoDoc,
  storyId: string,
  storyText: string,
  items: IMOSItem[] | null,
): RoDoc {
  return withStory(doc, storyId, (s) => ({
    ...s,
    text: storyText,
    ...(items ? { items: items.map(itemFromMos) } : {}),
  }));
}

/** The mirror as the library's running order (roList, roListAll). */
export function roToMos(doc: RoDoc): IMOSRunningOrder {
  const s128 = (v: string) => mosTypes.mosString128.create(v);
  return {
    ID: s128(doc.id),
    Slug: s128(doc.slug),
    ...(doc.channel !== undefined ? { DefaultChannel: s128(doc.channel) } : {}),
    ...(doc.meta ? { MosExternalMetaData: doc.meta } : {}),
    Stories: doc.stories.map((s) => ({
      ID: s128(s.id),
      Slug: s128(s.slug),
      ...(s.number ? { Number: s128(s.number) } : {}),
      ...(s.meta ? { MosExternalMetaData: s.meta } : {}),
      Items: s.items.map((i) => ({
        ID: s128(i.id),
        Slug: s128(i.slug),
        ObjectID: s128(i.objId),
        MOSID: i.mosId,
        ...(i.abstract !== undefined ? { mosAbstract: i.abstract } : {}),
        ...(i.channel !== undefined ? { Channel: s128(i.channel) } : {}),
        ...(i.editorialStart !== undefined ? { EditorialStart: i.editorialStart } : {}),
        ...(i.editorialDuration !== undefined ? { EditorialDuration: i.editorialDuration } : {}),
        ...(i.userTimingDuration !== undefined ? { UserTimingDuration: i.userTimingDuration } : {}),
        ...(i.meta ? { MosExternalMetaData: i.meta } : {}),
      })),
    })),
  };
}

/** Every piece of text under a node of @mos-connection's XML reader, in document order. */
function textsOf(node: unknown): string[] {
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean')
    return [String(node)];
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap(textsOf);
  return Object.entries(node as Record<string, unknown>)
    .filter(([k]) => k !== '$name' && k !== '$type' && k !== 'attributes')
    .flatMap(([, v]) => textsOf(v));
}

/**
 * The readable text of a roStorySend body (MOS 2.8.5 §3.5.x storyBody): its `<p>` paragraphs, one
 * per line; presenter instructions (`<pi>`) and production cues are not part of what is read.
 */
export function storyBodyOf(story: IMOSROFullStory): { text: string; items: IMOSItem[] | null } {
  const paragraphs: string[] = [];
  const items: IMOSItem[] = [];
  for (const el of story.Body ?? []) {
    if (el.Type === 'storyItem') items.push(el.Content as IMOSItem);
    else if (el.Type === 'p') {
      const line = textsOf(el.Content).join(' ').replace(/\s+/g, ' ').trim();
      if (line) paragraphs.push(line);
    }
  }
  return { text: paragraphs.join('\n'), items: items.length ? items : null };
}
