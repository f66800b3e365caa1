// 退回: what a return reopens, read only from its explicit part, and the words that go with it.
//
// The form: 「退回 <单位> <原因> 修改：<项目>、<项目>…」. The reason is everything between the unit
// and 「修改：」 (also 「需修改：」, 「修改项目：」, 「项目：」), kept exactly as typed; nothing in it is
// read as an item, so a reason quoting 「复议」 reopens nothing. The items, separated by 、，; or
// spaces, are each one of: a part (「第四部分」, 「第4部分」, 「表三」, 「四」), a row (「行政复议」,
// 「予以公开」, 「行政许可」), a row and a column (「三（一）自然人」, 「予以公开 自然人」 → one cell),
// a column of 三 (「商业企业」), or a text (「总体情况」). Exactly those cells reopen, with the
// totals computed from them; without 「修改：」 everything reopens. An item not understood stops the
// return and is named, so nothing is reopened by guesswork.
import { formats, type ReportFormat } from '../src/report/formats.ts';
import { findNames, namingLexicon } from './flow/lexicon.ts';
import { normalize } from './flow/parse.ts';
import { textSteps } from './flow/steps.ts';

const NUMERALS = ['一', '二', '三', '四', '五', '六'];
const SECTION_TEXTS: Record<string, string[]> = { 一: ['overview'], 五: ['problems'], 六: ['other'] };
// 行政诉讼 is two rows of 四; the lexicon names each of them only.
const SUITS = ['directSuit', 'suitAfterReview'];

/** Where the items start, after the reason. */
const ITEMS = /(?:^|[\s，,。；;])(?:需要修改|需修改|修改项目|修改内容|修改|项目)[:：]/;

/** The reason and the items of what follows the unit's name (the reason verbatim). */
export function splitReturn(after: string): { reason: string; items?: string } {
  const found = ITEMS.exec(after);
  // The separator after the unit and a label (「，原因：」) are not part of the reason.
  const reasonOf = (text: string) => text.trim().replace(/^(?:[，,。；;：:、\s]|(?:退回)?(?:原因|理由)(?:是|为|如下)?[：:，,]?)+/, '').trim();
  if (!found) return { reason: reasonOf(after) };
  return { reason: reasonOf(after.slice(0, found.index)), items: after.slice(found.index + found[0].length).trim() };
}

/** The cells and texts the items name (with the totals computed from them), or the items not understood. */
export function reopenedBy(formatId: keyof typeof formats, items: string): { kind: 'cells'; ids: string[] } | { kind: 'unknown'; items: string[] } {
  const format = formats[formatId];
  const lexicon = namingLexicon(format);
  const ids = new Set<string>();
  const unknown: string[] = [];
  const inputs = (section: string, row?: string, column?: string) => format.cells.filter((c) => !c.total && c.section === section && (!row || c.row === row) && (!column || c.column === column)).map((c) => c.id);
  for (const raw of items.split(/[、，,；;\s]+/).filter(Boolean)) {
    const item = normalize(raw).replace(/[()（）]/g, (c) => (c === '（' ? '(' : c === '）' ? ')' : c));
    const part = /^(?:第([一二三四五六1-6])部分|表([一二三四五六1-6])|([一二三四五六]))$/.exec(item);
    if (part) {
      const numeral = part[1] ?? part[2] ?? part[3];
      const section = /\d/.test(numeral) ? NUMERALS[Number(numeral) - 1] : numeral;
      if (section === '二' || section === '三' || section === '四') inputs(section).forEach((id) => ids.add(id));
      for (const text of SECTION_TEXTS[section] ?? []) ids.add(`texts.${text}`);
      continue;
    }
    if (/^行政诉讼|^诉讼/.test(item)) {
      SUITS.forEach((row) => inputs('四', row).forEach((id) => ids.add(id)));
      continue;
    }
    const hits = findNames(item, lexicon);
    const rows = hits.flatMap((h) => (h.target.kind === 'row' ? [h.target] : []));
    const columns = hits.flatMap((h) => (h.target.kind === 'column' ? [h.target] : []));
    const texts = hits.flatMap((h) => (h.target.kind === 'text' ? [h.target.id] : []));
    const cells = hits.flatMap((h) => (h.target.kind === 'cell' ? [h.target.id] : []));
    const before = ids.size;
    cells.forEach((id) => ids.add(id));
    texts.forEach((id) => ids.add(`texts.${id}`));
    if (rows.length && columns.length) for (const row of rows) for (const column of columns) inputs(row.section, row.row, column.key).forEach((id) => ids.add(id));
    else if (rows.length) for (const row of rows) inputs(row.section, row.row).forEach((id) => ids.add(id));
    else for (const column of columns) inputs(column.section, undefined, column.key).forEach((id) => ids.add(id));
    if (ids.size === before && !hits.some((h) => h.target.kind === 'cell' || h.target.kind === 'text')) unknown.push(raw);
  }
  if (unknown.length) return { kind: 'unknown', items: unknown };
  return { kind: 'cells', ids: withTotals(format, [...ids]) };
}

/** The cells with the totals computed from them: their row's 总计, and for an outcome of 三 the (七)总计 row. */
export function withTotals(format: ReportFormat, ids: string[]): string[] {
  const out = new Set(ids);
  const totalRow = format.requestRows.find((r) => r.role === 'total')?.id;
  for (const id of ids) {
    const cell = format.cell.get(id);
    if (!cell) continue;
    const prefix = id.split('.')[0];
    const rowTotal = `${prefix}.${cell.row}.total`;
    if (format.cell.has(rowTotal)) out.add(rowTotal);
    if (cell.section === '三' && totalRow && format.requestRows.find((r) => r.id === cell.row)?.role === 'outcome') {
      out.add(`requests.${totalRow}.${cell.column}`);
      out.add(`requests.${totalRow}.total`);
    }
  }
  return [...out];
}

/** Everything, when a return names nothing. */
export function everything(formatId: keyof typeof formats): string[] {
  return [...formats[formatId].cells.map((c) => c.id), ...textSteps.map((t) => `texts.${t.id}`)];
}

/** The names of what a return reopens, totals left out (they follow), in the report's order. */
export function reopenedLabels(formatId: keyof typeof formats, ids: string[]): string[] {
  const format = formats[formatId];
  const wanted = new Set(ids);
  return [
    ...format.cells.filter((c) => wanted.has(c.id) && !c.total).map((c) => c.label),
    ...textSteps.filter((t) => wanted.has(`texts.${t.id}`)).map((t) => t.label),
  ];
}

/** The names of the items a return reopened; none when it reopened everything (it named no item). */
export function reopenedNames(formatId: keyof typeof formats, reopened: string[]): string[] {
  const all = new Set(reopened);
  return everything(formatId).every((id) => all.has(id)) ? [] : reopenedLabels(formatId, reopened);
}

/** What the official is told of a return: the reason as the supervisor wrote it, and every item to change. */
export function returnNotice(title: string, from: string, reason: string, labels: string[] | 'all'): string {
  return [
    `您好，${title}已被${from}退回修改。`,
    `原因：${reason}`,
    labels === 'all' ? '全部内容均可修改。' : `需修改的项目（${labels.length}项，合计数随之重新计算）：\n${labels.map((l) => `· ${l}`).join('\n')}`,
    '改好后回复“提交”重新提交。',
  ].join('\n');
}
