import { lexer, type Token, type Tokens } from 'marked';
import { ClipwrightError, ErrorCode } from '@app/core';

/**
 * How a reporter's script is written: Markdown (CommonMark + GFM, as `marked` reads it), plain text
 * (paragraphs end at a blank line), or `paragraphs`: every line one paragraph (a newsroom system's
 * story body, one line per `<p>`).
 */
export type StoryFormat = 'markdown' | 'text' | 'paragraphs';

/** A picture of the script (`![caption](photo.jpg)`): a path next to the script in the CLI, `asset:<id>` in the API. */
export interface StoryImage {
  src: string;
  caption: string;
  /** 1-based line of the script. */
  line: number;
}

/** A `> lower third: Name — Title` line: who is speaking or quoted in its paragraph. */
export interface StoryLowerThird {
  name: string;
  title: string;
  line: number;
}

/** One paragraph: one narrated scene. `text` is what the voice reads and the captions show. */
export interface StoryParagraph {
  text: string;
  line: number;
  image?: StoryImage;
  lowerThird?: StoryLowerThird;
}

/** A script as the `story` template reads it (its inputs.schema.json). */
export interface Story {
  headline: string;
  paragraphs: StoryParagraph[];
}

/** Limits that keep one story one clip: a paragraph is one scene, read in well under a minute. */
export const STORY_LIMITS = {
  scriptChars: 20_000,
  paragraphs: 40,
  paragraphChars: 1_200,
  headlineChars: 200,
};

const LOWER_THIRD = /^lower[ -]third\s*:\s*(.*)$/i;
/** The name and the title are split at a dash with spaces round it (em, en, or a hyphen). */
const NAME_TITLE = /^(.+?)\s+[—–-]\s+(.+)$/;

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** marked keeps character references as written; the voice must read the character. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref.toLowerCase()] ?? all;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/** One space between words, trimmed: what a voice reads and a caption shows. */
function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function scriptError(where: string, line: number, message: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.DataSchemaMismatch, `${where}, line ${line}: ${message}`, {
    path: where,
    detail: { position: { line, column: 1 } },
  });
}

/** Elements whose content is not prose (code, styles, embedded objects): never read aloud. */
const HIDDEN_ELEMENT = /^<(script|style|noscript|template|iframe|object|svg|math)\b/i;

/**
 * What a run of inline tokens reads as: emphasis, links and code keep their words; HTML and pictures
 * none. `at.line` follows the soft line breaks, so a picture knows its own line.
 */
function spoken(
  tokens: readonly Token[] | undefined,
  images: StoryImage[],
  at: { line: number; hidden?: string },
): string {
  let out = '';
  for (const t of tokens ?? []) {
    const nested = 'tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0;
    if (t.type === 'html') {
      // An element whose content is code or markup, never prose: nothing inside it is read.
      const open = HIDDEN_ELEMENT.exec(t.raw);
      if (at.hidden === undefined && open && !/\/>\s*$/.test(t.raw)) at.hidden = open[1].toLowerCase();
      else if (at.hidden !== undefined && new RegExp(`^</${at.hidden}\\s*>`, 'i').test(t.raw.trim()))
        at.hidden = undefined;
    } else if (at.hidden !== undefined) {
      // inside <script>, <style>...: left out
    } else if (t.type === 'image') {
      const image = t as Tokens.Image;
      images.push({ src: image.href, caption: tidy(decodeEntities(image.text)), line: at.line });
    } else if (t.type === 'br') out += '\n';
    else {
      out += nested ? spoken(t.tokens, images, at) : decodeEntities((t as { text?: string }).text ?? '');
    }
    if (!nested) at.line += (t.raw.match(/\n/g) ?? []).length;
  }
  return out;
}

/** One block of the script, as the story reads it: text to say, pictures, a lower third. */
interface Block {
  line: number;
  text: string;
  images: StoryImage[];
  lowerThird?: StoryLowerThird;
  heading?: boolean;
}

function lowerThirdOf(text: string, line: number, where: string): StoryLowerThird | undefined {
  const m = LOWER_THIRD.exec(tidy(text));
  if (!m) return undefined;
  const parts = NAME_TITLE.exec(m[1]);
  if (!parts) {
    throw scriptError(
      where,
      line,
      `a lower third is "Name — Title" (a dash with a space each side); got "${m[1]}"`,
    );
  }
  return { name: parts[1].trim(), title: parts[2].trim(), line };
}

/** Markdown blocks: headings, paragraphs, block quotes (lower thirds), lists read as paragraphs. */
function markdownBlocks(script: string, where: string): Block[] {
  const blocks: Block[] = [];
  let line = 1;
  for (const token of lexer(script)) {
    const at = line + (/^\n*/.exec(token.raw)?.[0].length ?? 0);
    line += (token.raw.match(/\n/g) ?? []).length;
    if (token.type === 'space' || token.type === 'hr' || token.type === 'html' || token.type === 'code')
      continue;
    if (token.type === 'blockquote') {
      const text = spoken((token as Tokens.Blockquote).tokens, [], { line: at });
      const lowerThird = lowerThirdOf(text, at, where);
      // A quote that is not a lower third is read as a paragraph.
      blocks.push(
        lowerThird ? { line: at, text: '', images: [], lowerThird } : { line: at, text, images: [] },
      );
      continue;
    }
    if (token.type === 'list') {
      for (const item of (token as Tokens.List).items) {
        const images: StoryImage[] = [];
        blocks.push({ line: at, text: spoken(item.tokens, images, { line: at }), images });
      }
      continue;
    }
    const images: StoryImage[] = [];
    const text = spoken('tokens' in token ? token.tokens : undefined, images, { line: at });
    blocks.push({
      line: at,
      text,
      images,
      heading: token.type === 'heading' && (token as Tokens.Heading).depth === 1,
    });
  }
  return blocks;
}

/** Plain text: blocks at blank lines; an `![caption](src)` line and a `> lower third:` line as in Markdown. */
function textBlocks(script: string, where: string, lineBlocks: boolean): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  script.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (!text) return void (open = undefined);
    const picture = /^!\[([^\]]*)\]\(\s*([^)\s]+)\s*\)$/.exec(text);
    const quote = text.startsWith('>') ? lowerThirdOf(text.slice(1), line, where) : undefined;
    if (picture || quote) {
      blocks.push({
        line,
        text: '',
        images: picture ? [{ src: picture[2], caption: tidy(picture[1]), line }] : [],
        ...(quote ? { lowerThird: quote } : {}),
      });
      open = undefined;
      return;
    }
    if (open && !lineBlocks) open.text += `\n${text}`;
    else blocks.push((open = { line, text, images: [] }));
  });
  return blocks;
}

/**
 * A reporter's script -> the story the `story` template renders: the headline (a `# ` heading, or
 * the first line), then one paragraph per block of text. A picture line or a lower-third line
 * belongs to the paragraph after it (a reporter sets the picture above the text it illustrates);
 * after the last paragraph, to the last. Markup is read for its words: emphasis, links and code
 * keep their text; HTML, pictures and code blocks are not read. `where` names the script in errors
 * (`--script story.md`, `$.script.text`). Throws DATA_SCHEMA_MISMATCH naming the line: an empty
 * script, no paragraph, two pictures or two lower thirds for one paragraph, a lower third without
 * "Name — Title", a paragraph or headline over STORY_LIMITS.
 */
export function parseStory(script: string, format: StoryFormat, where: string): Story {
  const text = script.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.length > STORY_LIMITS.scriptChars) {
    throw scriptError(
      where,
      1,
      `a story script is at most ${STORY_LIMITS.scriptChars} characters; this one has ${text.length}`,
    );
  }
  const blocks =
    format === 'markdown' ? markdownBlocks(text, where) : textBlocks(text, where, format === 'paragraphs');
  const head = blocks.find((b) => tidy(b.text));
  if (!head) throw scriptError(where, 1, 'the script has no text: a headline line, then paragraphs');
  // The headline: a heading's text, or the first line of the first block (the rest stays a paragraph).
  const [firstLine, ...rest] = head.text.trim().split('\n');
  const headline = tidy(head.heading ? head.text : firstLine);
  head.text = head.heading ? '' : rest.join('\n');
  if (headline.length > STORY_LIMITS.headlineChars) {
    throw scriptError(where, head.line, `the headline is at most ${STORY_LIMITS.headlineChars} characters`);
  }
  if (!head.heading && rest.length) head.line += 1;

  const paragraphs: StoryParagraph[] = [];
  let pending: { image?: StoryImage; lowerThird?: StoryLowerThird } = {};
  const attach = (to: typeof pending, b: { images: StoryImage[]; lowerThird?: StoryLowerThird }): void => {
    for (const image of b.images) {
      if (to.image) {
        throw scriptError(
          where,
          image.line,
          `one picture per paragraph: this paragraph already has "${to.image.src}" (line ${to.image.line})`,
        );
      }
      to.image = image;
    }
    if (b.lowerThird) {
      if (to.lowerThird) {
        throw scriptError(
          where,
          b.lowerThird.line,
          `one lower third per paragraph: this one already has "${to.lowerThird.name}" (line ${to.lowerThird.line})`,
        );
      }
      to.lowerThird = b.lowerThird;
    }
  };
  for (const b of blocks) {
    b.text = tidy(b.text);
    if (!b.text) {
      attach(pending, b);
      continue;
    }
    if (b.text.length > STORY_LIMITS.paragraphChars) {
      throw scriptError(
        where,
        b.line,
        `a paragraph is one scene, at most ${STORY_LIMITS.paragraphChars} characters; this one has ${b.text.length}: split it`,
      );
    }
    const paragraph: StoryParagraph = { text: b.text, line: b.line };
    attach(pending, b);
    Object.assign(paragraph, pending);
    pending = {};
    paragraphs.push(paragraph);
  }
  const last = paragraphs[paragraphs.length - 1];
  if (!last) throw scriptError(where, head.line, 'the script has a headline but no paragraph to read');
  if (pending.image || pending.lowerThird) {
    const into: typeof pending = { image: last.image, lowerThird: last.lowerThird };
    attach(into, { images: pending.image ? [pending.image] : [], lowerThird: pending.lowerThird });
    Object.assign(
      last,
      into.image ? { image: into.image } : {},
      into.lowerThird ? { lowerThird: into.lowerThird } : {},
    );
  }
  if (paragraphs.length > STORY_LIMITS.paragraphs) {
    throw scriptError(
      where,
      paragraphs[STORY_LIMITS.paragraphs].line,
      `a story is at most ${STORY_LIMITS.paragraphs} paragraphs`,
    );
  }
  return { headline, paragraphs };
}
