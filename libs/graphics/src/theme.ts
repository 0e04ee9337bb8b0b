import { FONT_FAMILY } from './fonts';
import { inkOn, mix } from './paint';

/**
 * Colours are CSS strings (hex or rgb/rgba). `panel`/`panelText` are the card and strap surfaces,
 * `muted` is secondary text on a panel; text that sits directly on the background picks white or
 * `panelText` from the background's brightness, so a light theme stays readable.
 */
export interface Theme {
  accent: string;
  accentText: string;
  panel: string;
  panelText: string;
  muted: string;
  /** Gradient stops, top-left to bottom-right. */
  background: [string, string];
  /** Primary family; CJK and system fallbacks are appended when fonts are chosen. */
  fontFamily: string;
  channelName: string;
}

export const defaultTheme: Theme = Object.freeze({
  accent: '#E5412D',
  accentText: '#FFFFFF',
  panel: '#FFFFFF',
  panelText: '#0B1A33',
  muted: '#5D6B82',
  background: Object.freeze(['#12305A', '#040B19']) as [string, string],
  fontFamily: FONT_FAMILY,
  channelName: 'Clipwright News',
});

/** What a brand sets of a theme (the shape of @app/templates `Brand`, read structurally). */
export interface BrandLook {
  channelName?: string;
  colors?: { accent?: string; background?: string; text?: string };
  font?: string;
}

/**
 * The theme a brand gives: its accent (with white or dark text on it, whichever reads), its
 * background as the backdrop gradient (from the colour to a darker shade of it), its text colour on
 * the panels, its font family and channel name; every field it leaves out keeps `base`'s.
 */
export function themeFromBrand(brand: BrandLook, base: Theme = defaultTheme): Theme {
  const c = brand.colors ?? {};
  const ink = c.text ?? base.panelText;
  return {
    ...base,
    ...(c.accent ? { accent: c.accent, accentText: inkOn(c.accent, ink) } : {}),
    ...(c.background ? { background: [c.background, mix(c.background, '#000000', 0.6)] } : {}),
    ...(c.text ? { panelText: c.text } : {}),
    ...(brand.font ? { fontFamily: brand.font } : {}),
    ...(brand.channelName ? { channelName: brand.channelName } : {}),
  };
}
