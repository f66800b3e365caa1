// Reading one row of answers: numbers in order (`9 0 0 0 4 0`, `9，0，0，0，4，0`), 「无」/「0」 for
// all zero, one number for the first column, or named cells (`自然人9 律所4`). Every number goes
// through readNumber, so `２３`, `二十三`, `23件`, `1,234`, `+451`, `288.79万元` all read the same.
import { readNumber, type ReadOptions } from '../../src/report/read-number.ts';
import type { CellKind } from '../../src/report/formats.ts';
import { columnLexicon, findNames } from './lexicon.ts';

/** Full-width ASCII to half-width, quotes out, every space collapsed; what the parsers read. */
export function normalize(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u2212\uFE63]/g, '-')
    .replace(/[“”"‘’'「」『』《》【】]/g, '')
    .replace(/[\u3000\u00a0]/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/([\d零〇一二两三四五六七八九十百千万])\s*块钱?/g, '$1元')
    // 「0.35（万元）」 and 「0.35万元（3500元）」: the unit in brackets, the same amount restated in brackets.
    .replace(/([\d.])\s*[(（](万元|元)[)）]/g, '$1$2')
    .replace(/([\d.]+\s*(?:万元|元))\s*[(（]\s*[\d.,]+\s*(?:万元|元)\s*[)）]/g, '$1')
    .replace(/部份/g, '部分').replace(/复义|复仪/g, '复议').replace(/其它/g, '其他')
    // An ordinal pasted with its label (「1.本机关不掌握」, 「2、重复申请」) is no quantity.
    .replace(/(^|[\s:：,，;；])\d{1,2}[.．、](?=[\u4e00-\u9fa5])(?!其他(?![\u4e00-\u9fa5]))/g, '$1')
    .trim();
}

/** The normalised text without spaces and trailing punctuation: what commands are matched against. */
export function compactOf(norm: string): string {
  return norm.replace(/\s/g, '').replace(/[。.!！~～,，、;；]+$/, '');
}

/** One column of the row being answered. */
export interface ColumnSpec {
  id: string;
  key: string;
  label: string;
  kind: CellKind;
  aliases: string[];
}

/** The row being answered: its name for messages and its columns in order. */
export interface RowSpec {
  label: string;
  section: '二' | '三' | '四';
  columns: ColumnSpec[];
  /** 2021 收费金额 is in 万元 unless a unit is given. */
  defaultUnit?: '元' | '万元';
}

/** How a row answer is read: what a lone number means and what happens to columns not named. */
export interface RowMode {
  single: 'first' | 'ask';
  unnamed: 'zero' | 'keep';
}

/** A row read: values by cell id, a money amount still missing its unit, a lone number for a row of several columns, or why not. */
export type RowRead =
  | { kind: 'values'; values: Record<string, number>; said?: string[] }
  | { kind: 'needsUnit'; values: Record<string, number>; cell: string; amount: number }
  | { kind: 'ambiguous'; value: number }
  | { kind: 'invalid'; reason: string };

const ZERO_ROW = /^(无|没有|没|零|0|0件|无此项|不涉及|都没有|都是0|都为0|均为0|全是0|全为0|都无|均无)$/;
const SEPARATORS = /^[\s:=,;、/|。]+|[\s:=,;、/|。]+$/g;
const UNIT_ONLY = /^(万元|元|万|件|个|项|条)$/;
const THOUSANDS = /^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?(万元|万|元|件|个|项)?$/;

/** The number tokens of a text: split at spaces and list punctuation; a lone unit joins the number before it. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const part of text.split(/[\s;、/|。]+/).filter(Boolean)) {
    const pieces = part.includes(',') && !THOUSANDS.test(part) ? part.split(',').filter(Boolean) : [part];
    for (const piece of pieces) {
      if (UNIT_ONLY.test(piece) && tokens.length) tokens[tokens.length - 1] += piece;
      else tokens.push(piece);
    }
  }
  return tokens;
}

const optionsOf = (column: ColumnSpec, row: RowSpec): ReadOptions => ({
  kind: column.kind,
  ...(column.kind === 'money' && row.defaultUnit ? { defaultUnit: row.defaultUnit } : {}),
});

/** Reads one value for a column: a number (0 for 「无」), an amount missing its unit, or the reason it cannot be read. */
function readCell(raw: string, column: ColumnSpec, row: RowSpec): { value: number } | { amount: number } | { reason: string } {
  // 「减1」 and 「增2」 for a signed change (本年增/减).
  const text = column.kind === 'signed' ? raw.replace(/^(?:减少?|少)(\d+)/, '-$1').replace(/^(?:增加?|多)(\d+)/, '$1') : raw;
  // A bare amount where the table is in 万元: only a decimal below 1000 (「12.5」, 「0.35」) is plainly 万元;
  // a whole number may have been copied in 元 from a sheet (「3500」), so its unit is asked.
  if (column.kind === 'money' && row.defaultUnit === '万元' && !/[万元]/.test(text)) {
    const bare = readNumber(text, { kind: 'money' });
    if (bare.kind === 'needsUnit' && (Number.isInteger(bare.amount) || bare.amount >= 1000)) return { amount: bare.amount };
  }
  const read = readNumber(text, optionsOf(column, row));
  if (read.kind === 'invalid') return { reason: read.reason };
  if (read.kind === 'needsUnit') return { amount: read.amount };
  return { value: read.kind === 'blank' ? 0 : read.value };
}

/** Strips separators and a leading 「为」「是」「:」 from a value text, and brackets around a whole row. */
function bare(text: string): string {
  let s = text.replace(SEPARATORS, '').replace(/^(?:改为|改成|为|是|=|了|有|共|计|都是|均为|的|类|申请|情形|情况|都|均|全部|全)+/, '').replace(SEPARATORS, '');
  const wrapped = /^\((.*)\)$/.exec(s);
  if (wrapped && !wrapped[1].includes(')')) s = wrapped[1].replace(SEPARATORS, '');
  return s;
}

/** Reads a row answer. */
export function readRow(text: string, row: RowSpec, mode: RowMode): RowRead {
  const s = bare(text);
  const zero = (): RowRead => ({ kind: 'values', values: Object.fromEntries(row.columns.map((c) => [c.id, 0])) });
  if (s === '') return { kind: 'invalid', reason: `请回复${row.label}的数字` };
  if (ZERO_ROW.test(s.replace(/\s/g, ''))) return zero();

  const lex = columnLexicon(row.columns.map((c) => [c.key, c.aliases]), row.section);
  const names = findNames(s, lex);
  const values: Record<string, number> = mode.unnamed === 'zero' ? Object.fromEntries(row.columns.map((c) => [c.id, 0])) : {};
  let unit: { cell: string; amount: number } | undefined;

  if (names.length) {
    const before = s.slice(0, names[0].start).replace(SEPARATORS, '');
    if (before) return { kind: 'invalid', reason: `未能识别“${clip(before)}”` };
    for (const [i, hit] of names.entries()) {
      const column = row.columns.find((c) => hit.target.kind === 'column' && c.key === hit.target.key)!;
      const value = bare(s.slice(hit.end, names[i + 1]?.start ?? s.length));
      if (value === '') return { kind: 'invalid', reason: `“${hit.alias}”后缺少数字` };
      const read = readCell(value, column, row);
      if ('reason' in read) return { kind: 'invalid', reason: `${column.label}：${read.reason}` };
      if ('amount' in read) unit = { cell: column.id, amount: read.amount };
      else values[column.id] = read.value;
    }
  } else {
    const tokens = tokenize(s);
    if (tokens.length === 1 && row.columns.length > 1) {
      const read = readNumber(tokens[0], optionsOf(row.columns[0], row));
      // A row of several numbers is asked for: not readNumber's 「请只填写一个数字，例如：23」 (the caller gives the row's example).
      if (read.kind === 'invalid') return { kind: 'invalid', reason: /一个数/.test(read.reason) ? `“${clip(tokens[0])}”不是数字` : read.reason };
      const value = read.kind === 'number' ? read.value : read.kind === 'blank' ? 0 : read.amount;
      if (value === 0) return zero();
      if (mode.single === 'ask') return { kind: 'ambiguous', value };
      values[row.columns[0].id] = value;
      return { kind: 'values', values };
    }
    // A row pasted with its 总计 (sections 三 and 四): the total is checked, not refused.
    if (tokens.length === row.columns.length + 1 && row.section !== '二') {
      const numbers = tokens.map((t) => readNumber(t, { kind: 'count' }));
      if (numbers.every((n) => n.kind === 'number' || n.kind === 'blank')) {
        const vals = numbers.map((n) => (n.kind === 'number' ? n.value : 0));
        const total = vals.pop()!;
        const sum = vals.reduce((a, n) => a + n, 0);
        if (sum !== total) return { kind: 'invalid', reason: `最后一个数（总计）是${total}，但前${row.columns.length}个数之和是${sum}，请核对后重新回复` };
        tokens.pop();
      }
    }
    if (tokens.length !== row.columns.length) {
      const bad = tokens.find((t) => readNumber(t, { kind: 'signed', defaultUnit: '元' }).kind === 'invalid');
      if (bad) return { kind: 'invalid', reason: `“${clip(bad)}”不是数字` };
      return { kind: 'invalid', reason: `需要${row.columns.length}个数（${row.columns.map((c) => c.label).join('、')}），收到${tokens.length}个` };
    }
    for (const [i, column] of row.columns.entries()) {
      const read = readCell(tokens[i], column, row);
      if ('reason' in read) return { kind: 'invalid', reason: row.columns.length > 1 ? `第${i + 1}个数（${column.label}）：${read.reason}` : read.reason };
      if ('amount' in read) unit = { cell: column.id, amount: read.amount };
      else values[column.id] = read.value;
    }
  }
  if (unit) {
    delete values[unit.cell];
    return { kind: 'needsUnit', values, cell: unit.cell, amount: unit.amount };
  }
  return { kind: 'values', values, ...(names.length ? { said: names.map((h) => row.columns.find((c) => h.target.kind === 'column' && c.key === h.target.key)!.id) } : {}) };
}

/** At most 12 characters of user text, for quoting it back. */
export function clip(text: string): string {
  const chars = [...text];
  return chars.length > 12 ? `${chars.slice(0, 12).join('')}…` : text;
}
