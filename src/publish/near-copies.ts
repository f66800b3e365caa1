// 内容雷同: the texts of 一, 五 and 六 that are near-copies of another unit's this year or of the
// unit's own last year (CASS found reports ~90% identical to the previous year's and copied across
// regions, report-format.md §4.5). Each text's bigrams are taken once, only pairs whose lengths
// allow the threshold are compared, and a comparison stops as soon as it cannot reach it
// (bench/publish.ts times a thousand units).
import { COPY_THRESHOLD, fingerprint, fingerprintSimilarity, type Fingerprint } from '../../handlers/similarity.ts';
import type { Report, TextId } from '../report/report.ts';

/** The texts compared, in the order of the sections. */
export const comparedTexts = ['overview', 'problems', 'other'] as const satisfies readonly TextId[];

/** One of the compared texts. */
type ComparedText = (typeof comparedTexts)[number];

/** A unit's texts this year and, when it has a report of the year before, last year's. */
export interface UnitTexts {
  unit: string;
  texts: Report['texts'];
  lastYear?: Report['texts'];
}

/** A text of `unit` that is a near-copy of `other`'s this year, or (other absent) of its own last year's. */
export interface NearCopy {
  unit: string;
  text: ComparedText;
  other?: string;
  /** 0.8 to 1. */
  similarity: number;
}

/**
 * Texts shorter than this many characters (punctuation and spaces left out) are not compared: a
 * sentence or two of boilerplate (「本年度无其他需要报告的事项」) reads the same everywhere and is no copy.
 */
export const MIN_COMPARED_CHARS = 50;

/** The near-copies among `units`: each pair once (the unit given first named first), and each unit with its own last year; most similar first, then by section and unit. */
export function findNearCopies(units: UnitTexts[], threshold = COPY_THRESHOLD): NearCopy[] {
  // With the order they are listed in when equally similar: section, unit, other unit (last year first).
  const found: { copy: NearCopy; order: number[] }[] = [];
  const long = (text: string | undefined) => {
    const grams = text === undefined ? undefined : fingerprint(text);
    return grams && grams.length + 1 >= MIN_COMPARED_CHARS ? grams : undefined;
  };
  comparedTexts.forEach((text, section) => {
    const entries: { at: number; grams: Fingerprint }[] = [];
    units.forEach((u, at) => {
      const grams = long(u.texts[text]);
      if (!grams) return;
      entries.push({ at, grams });
      const before = long(u.lastYear?.[text]);
      const share = before ? fingerprintSimilarity(grams, before, threshold) : 0;
      if (share >= threshold) found.push({ copy: { unit: u.unit, text, similarity: share }, order: [section, at, -1] });
    });
    // Dice of lengths a ≤ b is at most 2a / (a + b): past b = a(2 − t)/t no pair can reach t.
    entries.sort((x, y) => x.grams.length - y.grams.length);
    for (let i = 0; i < entries.length; i++) {
      const reach = (entries[i].grams.length * (2 - threshold)) / threshold;
      for (let j = i + 1; j < entries.length && entries[j].grams.length <= reach; j++) {
        const share = fingerprintSimilarity(entries[i].grams, entries[j].grams, threshold);
        if (share < threshold) continue;
        const [a, b] = entries[i].at < entries[j].at ? [entries[i].at, entries[j].at] : [entries[j].at, entries[i].at];
        found.push({ copy: { unit: units[a].unit, text, other: units[b].unit, similarity: share }, order: [section, a, b] });
      }
    }
  });
  const byOrder = (x: number[], y: number[]) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  return found.sort((x, y) => y.copy.similarity - x.copy.similarity || byOrder(x.order, y.order)).map((f) => f.copy);
}
