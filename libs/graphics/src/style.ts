import { fontStack, registerFonts } from './fonts';
import { type FrameLayout, layoutUnit } from './layout';
import { inkOn, mix, type Shadow } from './paint';
import type { Theme } from './theme';

/** Everything the renderers derive from a layout and a theme, computed in one place so they agree. */
export interface Style {
  /** px per design px (1 at 1080p). */
  u: number;
  /**
   * Transparent room around floating panels for their shadow. Bug, label and title text are
   * indented by the same amount so every visible left and right edge lines up.
   */
  inset: number;
  family: string;
  /** Primary and secondary text drawn straight on the background. */
  onBackground: string;
  onBackgroundSoft: string;
  shadow: Shadow;
}

export function styleFor(layout: FrameLayout, theme: Theme): Style {
  registerFonts();
  const u = layoutUnit(layout);
  const onBackground = inkOn(mix(theme.background[0], theme.background[1], 0.5), theme.panelText);
  return {
    u,
    inset: Math.max(2, Math.round(20 * u)),
    family: fontStack(theme.fontFamily),
    onBackground,
    onBackgroundSoft: mix(onBackground, theme.background[0], 0.3),
    shadow: { color: 'rgba(0, 0, 0, 0.38)', blur: Math.max(1, 10 * u), offsetY: Math.round(4 * u) },
  };
}
