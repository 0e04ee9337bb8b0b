import { FONT_FAMILY } from './fonts';

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
