/** `U+1F30B "🌋"` for each character, joined for a message. */
export function describeMissing(chars: readonly string[]): string {
  return chars
    .map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} "${ch}"`)
    .join(', ');
}
