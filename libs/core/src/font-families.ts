/**
 * fontconfig's family list (`fc-list : family`, or `--format '%{family}\n'`) -> the families, sorted,
 * each once. fc-list prints one face per line with its localised names comma-separated, and escapes
 * `-`, `:` and `,` inside a name with a backslash; every alias is kept (users type the one they know).
 * The API's font catalogue and the engine's brand-font check read it through this one parser.
 */
export function parseFontFamilies(out: string): string[] {
  const names = new Set<string>();
  for (const line of out.split('\n'))
    for (const name of line.split(',')) {
      const clean = name.replace(/\\(.)/g, '$1').trim();
      if (clean) names.add(clean);
    }
  return [...names].sort((a, b) => a.localeCompare(b));
}
