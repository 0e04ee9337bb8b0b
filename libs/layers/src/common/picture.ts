/** True when a template field is Liquid (names something in the data) rather than a fixed value. */
export function isLiquid(raw: string | undefined): boolean {
  return raw !== undefined && /\{\{|\{%/.test(raw);
}
