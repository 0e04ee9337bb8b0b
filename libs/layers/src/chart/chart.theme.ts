import { FONT_FAMILY, mix, type Theme } from '@app/graphics';

/** What a chart or a map takes from the channel's look: colours (CSS strings) and the font family. */
export interface GraphicStyle {
  /** Series colours, first the brand's accent. */
  colors: string[];
  /** The panel the graphic sits on, its text, its secondary text and hairlines. */
  panel: string;
  text: string;
  muted: string;
  grid: string;
  accent: string;
  /** A family list for SVG text: the theme's face, then the installed CJK and DejaVu faces. */
  font: string;
}

/**
 * The one place charts and maps read the theme (`theme` in template.json today; a workspace's brand
 * colours and font when that block arrives, so only this function changes). The theme's default
 * family is our alias for Noto Sans, which SVG text knows by its real name.
 */
export function graphicStyle(theme: Theme): GraphicStyle {
  const family = theme.fontFamily === FONT_FAMILY ? 'Noto Sans' : theme.fontFamily;
  return {
    colors: [theme.accent, theme.panelText, theme.muted, mix(theme.accent, theme.panelText, 0.5)],
    panel: theme.panel,
    text: theme.panelText,
    muted: theme.muted,
    grid: mix(theme.panel, theme.muted, 0.3),
    accent: theme.accent,
    font: [family, 'Noto Sans CJK SC', 'DejaVu Sans', 'sans-serif']
      .map((f) => `'${f.replace(/'/g, '')}'`)
      .join(', '),
  };
}

/**
 * Vega-Lite `config` for a chart drawn at design size (px at 1080p; the raster scales it): the
 * brand's colours and font, large broadcast type, light gridlines, on the theme's panel.
 */
export function vegaConfig(style: GraphicStyle): Record<string, unknown> {
  return {
    background: style.panel,
    padding: 28,
    font: style.font,
    view: { stroke: null },
    range: { category: style.colors },
    mark: { color: style.accent },
    line: { strokeWidth: 5, strokeCap: 'round', strokeJoin: 'round' },
    point: { size: 120, filled: true },
    bar: { cornerRadiusEnd: 4 },
    title: {
      color: style.text,
      fontSize: 40,
      fontWeight: 700,
      subtitleColor: style.muted,
      subtitleFontSize: 28,
      anchor: 'start',
      offset: 24,
    },
    axis: {
      labelColor: style.muted,
      labelFontSize: 24,
      titleColor: style.text,
      titleFontSize: 26,
      titleFontWeight: 600,
      domainColor: style.grid,
      tickColor: style.grid,
      gridColor: style.grid,
      labelPadding: 8,
    },
    legend: { labelColor: style.text, labelFontSize: 24, titleColor: style.text, titleFontSize: 24 },
    text: { color: style.text, fontSize: 26 },
  };
}
