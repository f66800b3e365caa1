// How much of this year's text is last year's: the Dice coefficient of character bigrams
// (punctuation and spaces ignored). CASS found reports ~90% identical to the previous year's
// (report-format.md §4.5); 0.8 and above is worth a word. A text's bigrams are taken once, as a
// fingerprint, so that comparing every pair of a thousand units' texts is cheap.

/** A text's character bigrams as sorted numbers (repeats kept): what two texts are compared by. */
export type Fingerprint = Float64Array;

/** The bigrams of a text, punctuation, symbols and spaces left out. */
export function fingerprint(text: string): Fingerprint {
  const chars = [...text.replace(/[\s\p{P}\p{S}]/gu, '')].map((c) => c.codePointAt(0)!);
  // A code point is below 2^21, so a pair fits exactly in a double.
  const grams = new Float64Array(Math.max(0, chars.length - 1));
  for (let i = 0; i < grams.length; i++) grams[i] = chars[i] * 0x200000 + chars[i + 1];
  return grams.sort();
}

/** Bigram similarity of two fingerprints, 0 (nothing shared) to 1 (the same); 0 as soon as it cannot reach `atLeast`. */
export function fingerprintSimilarity(x: Fingerprint, y: Fingerprint, atLeast = 0): number {
  if (x.length === 0 || y.length === 0) return 0;
  const total = x.length + y.length;
  let shared = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length;) {
    if (x[i] === y[j]) {
      shared++;
      i++;
      j++;
      continue;
    }
    if (x[i] < y[j]) i++;
    else j++;
    // Given up on at the first bigram that shows the pair cannot reach `atLeast` (worked out as the result is, so never short of it).
    if ((2 * (shared + Math.min(x.length - i, y.length - j))) / total < atLeast) return 0;
  }
  return (2 * shared) / total;
}

/** Bigram similarity of two texts, 0 (nothing shared) to 1 (the same). */
export function similarity(a: string, b: string): number {
  return fingerprintSimilarity(fingerprint(a), fingerprint(b));
}

/** The share above which a text counts as copied from last year's. */
export const COPY_THRESHOLD = 0.8;
