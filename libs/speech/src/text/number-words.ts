const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: [number, string][] = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
  [1e3, 'thousand'],
];
const ORDINAL_IRREGULAR: Record<string, string> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

/** An English cardinal for a whole number from 0 to 999 trillion, as American newsreaders say it. */
export function cardinalWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`No words for ${n}`);
  if (n < 20) return ONES[n];
  if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? `-${ONES[n % 10]}` : '');
  if (n < 1000) {
    const rest = n % 100;
    return `${ONES[Math.floor(n / 100)]} hundred${rest ? ` ${cardinalWords(rest)}` : ''}`;
  }
  for (const [scale, name] of SCALES) {
    if (n >= scale) {
      const rest = n % scale;
      return `${cardinalWords(Math.floor(n / scale))} ${name}${rest ? ` ${cardinalWords(rest)}` : ''}`;
    }
  }
  return ONES[0];
}

/** An English ordinal: 1 "first", 21 "twenty-first", 112 "one hundred twelfth". */
export function ordinalWords(n: number): string {
  const words = cardinalWords(n);
  const match = /([a-z]+)$/.exec(words);
  const last = match ? match[1] : words;
  const head = words.slice(0, words.length - last.length);
  const ordinal = ORDINAL_IRREGULAR[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return head + ordinal;
}
