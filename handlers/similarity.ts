// How much of this year's text is last year's: the Dice coefficient of character bigrams
// (punctuation and spaces ignored). CASS found reports ~90% identical to the previous year's
// (report-format.md §4.5); 0.8 and above is worth a word.

/** Bigram similarity of two texts, 0 (nothing shared) to 1 (the same). */
export function similarity(a: string, b: string): number {
  const grams = (text: string) => {
    const chars = [...text.replace(/[\s\p{P}\p{S}]/gu, '')];
    const counts = new Map<string, number>();
    for (let i = 0; i + 1 < chars.length; i++) {
      const g = chars[i] + chars[i + 1];
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    return { counts, size: Math.max(0, chars.length - 1) };
  };
  const x = grams(a);
  const y = grams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const [g, n] of x.counts) shared += Math.min(n, y.counts.get(g) ?? 0);
  return (2 * shared) / (x.size + y.size);
}

/** The share above which a text counts as copied from last year's. */
export const COPY_THRESHOLD = 0.8;
