/** Who draws a text: Skia (graphics, with colour emoji) or libass (burned-in captions, outline fonts only). */
export type TextRenderer = 'skia' | 'libass';

/** Which characters of a text no installed font can draw for a renderer (they would show as boxes). */
export interface GlyphChecker {
  missing(text: string, renderer: TextRenderer): Promise<string[]>;
  /** Whether a font family of that name (any of its names, case-insensitive) is installed. */
  hasFamily?(family: string): Promise<boolean>;
}
