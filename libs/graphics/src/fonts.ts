import { existsSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';

/** Family name the bundled-by-the-OS sans faces are registered under, whichever files were found. */
export const FONT_FAMILY = 'Clipwright Sans';
/** Family for Chinese/Japanese/Korean glyphs; only registered when such a font is installed. */
export const CJK_FONT_FAMILY = 'Clipwright CJK';
/** Family for emoji (colour), registered when fonts-noto-color-emoji is installed. */
export const EMOJI_FONT_FAMILY = 'Clipwright Emoji';

const NOTO = '/usr/share/fonts/truetype/noto';
const DEJAVU = '/usr/share/fonts/truetype/dejavu';

/** Per weight, the first file that exists wins: Noto Sans has the broadcast look, DejaVu is the safety net. */
const SANS_FACES: readonly (readonly string[])[] = [
  [`${NOTO}/NotoSans-Regular.ttf`, `${DEJAVU}/DejaVuSans.ttf`],
  [`${NOTO}/NotoSans-SemiBold.ttf`],
  [`${NOTO}/NotoSans-Bold.ttf`, `${DEJAVU}/DejaVuSans-Bold.ttf`],
];

const CJK_FACES: readonly (readonly string[])[] = [
  [
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf',
    '/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc',
    '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
    '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  ],
  [
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
    '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Bold.otf',
    '/usr/share/fonts/truetype/noto/NotoSansCJK-Bold.ttc',
  ],
];

const EMOJI_FACES: readonly string[] = [
  `${NOTO}/NotoColorEmoji.ttf`,
  '/usr/share/fonts/truetype/noto-color-emoji/NotoColorEmoji.ttf',
  '/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf',
];

let registered = false;
let cjkAvailable = false;

function registerFirst(candidates: readonly string[], family: string): boolean {
  for (const file of candidates) {
    // A corrupt or unreadable file returns null rather than throwing; try the next one.
    if (existsSync(file) && GlobalFonts.registerFromPath(file, family)) return true;
  }
  return false;
}

/**
 * Registers the installed system fonts under stable family names. Idempotent. Missing files are
 * skipped: text then falls back through the stack from `fontStack`, ending at `sans-serif`.
 */
export function registerFonts(): void {
  if (registered) return;
  registered = true;
  for (const faces of SANS_FACES) registerFirst(faces, FONT_FAMILY);
  for (const faces of CJK_FACES) cjkAvailable = registerFirst(faces, CJK_FONT_FAMILY) || cjkAvailable;
  registerFirst(EMOJI_FACES, EMOJI_FONT_FAMILY);
}

/** Whether a CJK face was found; without one, CJK text draws as placeholder boxes (never a crash). */
export function hasCjkFont(): boolean {
  registerFonts();
  return cjkAvailable;
}

function quoteFamily(name: string): string {
  const clean = name.replace(/["\\;{}]/g, '').trim();
  return clean ? `"${clean}"` : '';
}

/**
 * CSS font-family list: the theme's family, then CJK, emoji and system sans faces, so every glyph
 * finds a face (Skia falls back through the list one glyph at a time, then to any installed font).
 */
export function fontStack(primary: string): string {
  const names = [
    primary,
    FONT_FAMILY,
    CJK_FONT_FAMILY,
    EMOJI_FONT_FAMILY,
    'Noto Sans CJK SC',
    'Noto Sans',
    'DejaVu Sans',
  ];
  const unique = [...new Set(names.map(quoteFamily).filter((n) => n !== ''))];
  return [...unique, 'sans-serif'].join(', ');
}

const undrawable = new Set<string>();

/**
 * Characters no installed font has (the engine finds them from fontconfig's coverage before drawing):
 * from now on they are left out of drawn text rather than drawn as boxes. Fonts are a property of the
 * machine, so this is process-wide like the registered fonts; the engine reports each as a warning.
 */
export function markUndrawable(chars: Iterable<string>): void {
  for (const ch of chars) undrawable.add(ch);
}

/** `text` without the characters marked undrawable. */
export function withoutUndrawable(text: string): string {
  if (undrawable.size === 0) return text;
  let out = '';
  for (const ch of text) if (!undrawable.has(ch)) out += ch;
  return out;
}

/**
 * The font files `registerFonts` chose (sans faces, then CJK), for renderers outside Skia that need
 * files rather than family names (resvg rasterising a chart's SVG). Their family names as the files
 * declare them: "Noto Sans" (or "DejaVu Sans"), "Noto Sans CJK SC".
 */
export function fontFiles(): string[] {
  const first = (candidates: readonly string[]): string[] => {
    const found = candidates.find((f) => existsSync(f));
    return found ? [found] : [];
  };
  return [...SANS_FACES, ...CJK_FACES].flatMap(first);
}
