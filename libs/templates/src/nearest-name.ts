/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions, Damerau 1964): the
 * edits a typo needs (`imgae` -> `image` is 1), compared case-insensitively.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The name of `names` nearest to `word`, for "did you mean": undefined when even the nearest needs
 * more edits than a third of the word's length (then it is not a typo of any of them).
 */
export function nearestName(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestPrefix = 0;
  for (const name of names) {
    const distance = editDistance(word, name);
    // On a tie the longer common start wins: typos come later in a word more often than first.
    let prefix = 0;
    while (prefix < Math.min(word.length, name.length) && word[prefix] === name[prefix]) prefix++;
    if (distance < bestDistance || (distance === bestDistance && prefix > bestPrefix))
      [best, bestDistance, bestPrefix] = [name, distance, prefix];
  }
  return bestDistance <= Math.max(1, Math.ceil(word.length / 3)) ? best : undefined;
}
