// The six section headings as published: with or without their numerals, in the wording real
// reports vary (report-format.md §1), in simplified or traditional characters.
import type { SectionId } from '../formats.ts';
import { normLabel } from './layout.ts';

/** The six sections in order. */
export const sectionIds: SectionId[] = ['一', '二', '三', '四', '五', '六'];

const headingWords: Record<SectionId, RegExp[]> = {
  一: [/总体情况/],
  二: [/主动公开/],
  三: [/收到和处理|依申请公开|申请情况/],
  四: [/复议/, /诉讼/],
  五: [/问题/, /改进|措施|整改/],
  六: [/其他需要报告/],
};

// The canonical titles name their section whatever numeral a report gives them (one that
// numbers its own narrative 一…六 restarts the tables at 「一、主动公开政府信息情况」).
const canonical: Partial<Record<SectionId, RegExp>> = {
  二: /^[一二三四五六七八九十]、主动公开政府信息情况$/,
  三: /^[一二三四五六七八九十]、收到和处理政府信息公开申请情况$/,
  四: /^[一二三四五六七八九十]、政府信息公开行政复议、?行政诉讼情况$/,
  五: /^[一二三四五六七八九十]、存在的主要问题及改进情况$/,
  六: /^[一二三四五六七八九十]、其他需要报告的事项$/,
};

/** The section (index into sectionIds, from `from` on) a line of text opens, if it is a heading; `numbered`: only one printed with its numeral. */
export function headingOf(text: string, from = 0, numbered = false): number | undefined {
  if (text.length > 40 || /[。；]/.test(text)) return undefined;
  const label = normLabel(text);
  const numeral = /^([一二三四五六])[、.．]/.exec(label)?.[1];
  if (numbered && !numeral) return undefined;
  // Without its numeral a heading is short and ends like one (not a wrapped line of prose).
  if (!numeral && (/^[（(0-9０-９]/.test(label) || label.length > 24 || !/(情况|事项|措施|问题)$/.test(label))) return undefined;
  for (let i = from; i < sectionIds.length; i++) {
    const id = sectionIds[i];
    if ((!numeral || numeral === id) && headingWords[id].every((re) => re.test(label))) return i;
    if (numeral && canonical[id]?.test(label)) return i;
  }
  return undefined;
}
