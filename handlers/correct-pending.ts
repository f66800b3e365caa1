// 「不对，有效的是13」 while a reading is asked about (「我理解为：行政规范性文件·本年制发件数 3、… 对吗？」):
// a correction that names no other row is of that reading, not of the answer before it. The reading is
// said back with the new value and asked about again; nothing is stored before 「是」. A number that
// could be any of its cells (a bare 「13」) is asked about: which item.
import { askColumn, correctionBody, loneValue, readCellValue } from './correct.ts';
import { shown } from './echo.ts';
import { columnLexicon, findNames, namingLexicon, type NameHit } from './flow/lexicon.ts';
import { rowSpec } from './flow/rows.ts';
import { columnWords } from './flow/sentence.ts';
import type { Message, Outcome, Turn } from './flow/state.ts';
import { askAgain, type Reading } from './safety.ts';

const NUM = '[\\d零〇一二两三四五六七八九十百]+';
// The value of the reading that is wrong, then the right one: 「不是12是13」, 「12写错了，13」, 「12改成13」.
const OLD_NEW = new RegExp(`^(?:不是(${NUM})[件个项]?[,，\\s]*而?(?:应该是|应是|是)|(${NUM})[件个项]?(?:是错的|(?:说|填|写|打|输|算|搞|弄)?错了|不对|有误|改成|改为|应为|应该是)[,，\\s]*(?:应该是|应是|是|改成|改为)?)(?=${NUM})`);
// The same said after the right one: 「13，不是12」.
const NEW_OLD = new RegExp(`[,，\\s]*而?不是(${NUM})[件个项]?$`);

// A reply that opens by denying the reading said back.
const DENIAL = /^(?:不是的?|不对|不|错了)[,，。\s]+/;
/** Whether a message only denies what was said back and gives a number (「不是，是5」, 「不，5」): no answer to any question. */
export const deniesWithNumber = (norm: string): boolean => /^(?:不是的?|不对|不|错了)[,，。\s]*(?:应该是|应是|是)?\s*[\d零〇一二两三四五六七八九十百]+[件个项]?[。.!！]*$/.test(norm.trim());

const cut = (text: string, hits: NameHit[]): string => hits.reduceRight((rest, h) => `${rest.slice(0, h.start)} ${rest.slice(h.end)}`, text).replace(/^[\s的]+/, '');

/** The reading asked about, corrected by the message; undefined when the message is no correction of it. */
export function correctPending(turn: Turn, msg: Message, pending: Reading): Outcome | undefined {
  const ids = Object.keys(pending.values).filter((id) => !turn.format.cell.get(id)?.total);
  const cells = ids.map((id) => turn.format.cell.get(id)!);
  if (!cells.length) return undefined;
  const rows = [...new Set(cells.map((c) => `${c.section}|${c.row}`))];
  // 「不是，是5」, 「不，5」: the denial opens the correction of the reading.
  const body = correctionBody(msg.norm.replace(DENIAL, ''));
  // The reading's own row named (「规范性文件有效的是13」) is this correction; another row is a message of its own.
  const subjects = findNames(body, namingLexicon(turn.format)).filter((h) => h.target.kind !== 'column');
  if (subjects.some((h) => h.target.kind !== 'row' || !rows.includes(`${h.target.section}|${h.target.row}`))) return undefined;
  // Its columns as officials say them (「有效的」, 「废止的」).
  const specs = rows.map((r) => rowSpec(turn.format, r.split('|')[0] as '二', r.split('|')[1])!);
  const lex = columnLexicon(specs.flatMap((row) => row.columns.map((c): [string, string[]] => [c.key, [c.label, ...c.aliases, ...columnWords(c.key)]])), cells[0].section);
  const unnamed = cut(body, subjects);
  const columns = findNames(unnamed, lex);
  const candidates = columns.length ? ids.filter((id) => columns.some((h) => h.target.kind === 'column' && h.target.key === turn.format.cell.get(id)!.column)) : ids;
  let said = cut(unnamed, columns);
  const old = OLD_NEW.exec(said) ?? NEW_OLD.exec(said);
  const wrong = old ? old[1] ?? old[2] : undefined;
  if (old) said = old.index === 0 ? said.slice(old[0].length) : said.slice(0, old.index);
  const value = loneValue(said);
  if (value === undefined || !/[\d零〇一二两三四五六七八九十]/.test(value)) return undefined;
  const fits = candidates.flatMap((id) => {
    const read = readCellValue(turn, id, value);
    const before = wrong ? readCellValue(turn, id, wrong) : undefined;
    if (before && (before.kind !== 'values' || before.values[id] !== pending.values[id])) return [];
    return read.kind === 'values' ? [{ id, value: read.values[id] }] : [];
  });
  const reading = { values: pending.values, what: pending.what, advance: pending.advance };
  const label = (id: string) => turn.format.cell.get(id)!.label;
  // 「不是15是13」 when nothing is 15: which item is asked, the reading kept for 「是」.
  if (!fits.length && wrong) return which(turn, `我理解的${pending.what}中没有${shownValue(turn, ids[0], wrong)}，请说明要改哪一项，如“${label(ids.at(-1)!)}改为${value}”`);
  if (!fits.length) return undefined;
  if (fits.length === 1) return askAgain(turn, reading, fits[0].id, fits[0].value);
  if (rows.length > 1) return which(turn, `请问${fits[0].value}是哪一项的？请连同项目名称回复，如“${label(fits.at(-1)!.id)}改为${fits[0].value}”`);
  const row = { ...specs[0], columns: specs[0].columns.filter((c) => fits.some((f) => f.id === c.id)) };
  const lead = `我理解的${row.label}是：${row.columns.map((c) => `${c.label}${shown(turn.format, c.id, pending.values[c.id])}`).join('、')}`;
  return askColumn(turn, row, fits[0].value, lead, reading);
}

/** A number as the official typed it, in figures when it reads as one (「十五」 → 「15」). */
function shownValue(turn: Turn, id: string, text: string): string {
  const read = readCellValue(turn, id, text);
  return read.kind === 'values' ? shown(turn.format, id, read.values[id]) : text;
}

/** Which item a correction is of, asked with the reading still waiting for 「是」. */
function which(turn: Turn, question: string): Outcome {
  return { tag: 'info', draft: turn.draft, flow: turn.flow, say: [], ask: true, question: `${question}；上面的理解无误请回复“是”。` };
}
