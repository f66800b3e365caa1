// Names an admin probably meant: a unit typed without 人民政府, or with one character wrong. Only
// ever suggested (「您是指…吗？」), never put in the typed name's place.

/** The edit distance of two texts, by characters; two neighbours swapped (campagin, 舍杨镇) are one edit. */
function distance(a: string[], b: string[]): number {
  let before: number[] = [];
  let row = [0, ...b.map((_, j) => j + 1)];
  for (let i = 0; i < a.length; i++) {
    const next = [i + 1];
    for (let j = 0; j < b.length; j++) {
      let d = Math.min(row[j + 1] + 1, next[j] + 1, row[j] + (a[i] === b[j] ? 0 : 1));
      if (i > 0 && j > 0 && a[i] === b[j - 1] && a[i - 1] === b[j]) d = Math.min(d, before[j - 1] + 1);
      next.push(d);
    }
    [before, row] = [row, next];
  }
  return row[b.length];
}

// A name compared: 人民, spaces and case aside.
const plain = (text: string) => text.replace(/\s|人民/g, '').toLowerCase();

/**
 * The names close to `typed`, closest first (at most three): one contains the other (城关镇 and
 * 城关镇人民政府), or they differ in one character (two when the shorter has more than four);
 * 人民, spaces and case aside (某县政府 and 某县人民政府).
 */
export function closeNames(typed: string, names: Iterable<string>): string[] {
  const a = [...plain(typed)];
  if (a.length === 0) return [];
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const b = [...plain(name)];
    if (name === typed || b.length === 0) continue;
    const shorter = Math.min(a.length, b.length);
    const contained = shorter >= 2 && (b.join('').includes(a.join('')) || a.join('').includes(b.join('')));
    const d = distance(a, b);
    if (contained || d <= (shorter > 4 ? 2 : 1)) scored.push({ name, score: contained ? Math.abs(a.length - b.length) / 100 : d });
  }
  return scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name, 'zh')).slice(0, 3).map((s) => s.name);
}

/**
 * The names that may be the same unit as `name`, written differently: one contains the other
 * (城关镇 and 城关镇人民政府, 某县城关镇), or a long name one character off (a typing slip in
 * 县市场监督管理局). Short names one character apart are different places (章集镇 and 胡集镇).
 */
export function sameUnitNames(name: string, names: Iterable<string>): string[] {
  const a = plain(name);
  return closeNames(name, names).filter((other) => {
    const b = plain(other);
    return a.includes(b) || b.includes(a) || Math.min([...a].length, [...b].length) >= 6;
  });
}

/** 「您是指『城关镇人民政府』吗？」 for the close names, or '' when there are none. */
export function didYouMean(names: string[]): string {
  return names.length ? `您是指『${names.join('』或『')}』吗？` : '';
}

/** The command words one slip away from `typed` (campagin, unti, lsit): a letter wrong, missing, extra, or two swapped. */
export function closeWords(typed: string, words: Iterable<string>): string[] {
  const a = [...typed.toLowerCase()];
  return [...words].filter((word) => word !== typed && distance(a, [...word]) <= 1);
}

/** 单位「…」不存在。您是指『…』吗？ — or, no name being close, what to do instead (`otherwise`). */
export function unknownUnit(typed: string, names: Iterable<string>, otherwise?: string): string {
  const close = didYouMean(closeNames(typed, names));
  return `单位「${typed}」不存在${close ? `。${close}` : otherwise ? `；${otherwise}` : ''}`;
}
