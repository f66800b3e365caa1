// Text whose table cells run together with no separator at all (a crawler's textContent:
// 「规章000行政规范性文件77132470」). Rows are found by the format's own labels, in order; the digits
// between one label and the next are split into the row's cells only where exactly one split is
// possible — for section 三 with the row's six applicant columns adding up to its 总计 and, where
// rows still split several ways, the table's column identities deciding; for section 四 with each
// group's four outcomes adding up to its 总计. A run that still splits more than one way is left
// unread (its row is reported missing), never guessed.
import { formats, type ReportFormat } from '../formats.ts';
import type { FormatId } from '../report.ts';
import type { Block, Cell } from './document.ts';

const headingPattern = /[一二三四五六]、(?:总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|政府信息公开行政复议|存在的主要问题|其他需要报告的事项)/g;

/** Whether a line is a whole report run together: long, with several section headings inside it. */
export function isRunTogether(line: string): boolean {
  return line.length > 1500 && (line.match(headingPattern)?.length ?? 0) >= 3;
}

/** Every way to cut a run of digits into `parts` numbers (no leading zeros), each passing `accept` as a whole. */
function splits(digits: string, parts: number, accept: (numbers: number[]) => boolean, limit = 2): number[][] {
  const found: number[][] = [];
  const cut = (from: number, numbers: number[]) => {
    if (found.length >= limit) return;
    if (numbers.length === parts - 1) {
      const last = digits.slice(from);
      if (last !== '' && (last === '0' || last[0] !== '0')) {
        const all = [...numbers, Number(last)];
        if (accept(all)) found.push(all);
      }
      return;
    }
    for (let to = from + 1; to <= digits.length - (parts - numbers.length - 1); to++) {
      const piece = digits.slice(from, to);
      if (piece.length > 1 && piece[0] === '0') break;
      cut(to, [...numbers, Number(piece)]);
    }
  };
  cut(0, []);
  return found;
}

/** Sum of the first six equals the seventh (a row of section 三). */
const rowAddsUp = (n: number[]) => n.slice(0, 6).reduce((a, b) => a + b, 0) === n[6];

/** The one split of section 四's 15 numbers where each group of five adds up, if there is exactly one. */
function appealsSplit(digits: string): number[] | undefined {
  const found: number[][] = [];
  const group = (from: number, numbers: number[]) => {
    if (found.length > 1) return;
    if (numbers.length === 15) {
      if (from === digits.length) found.push(numbers);
      return;
    }
    for (let to = from + 5; to <= digits.length; to++) {
      for (const five of splits(digits.slice(from, to), 5, (n) => n[0] + n[1] + n[2] + n[3] === n[4], 2)) group(to, [...numbers, ...five]);
    }
  };
  group(0, []);
  return found.length === 1 ? found[0] : undefined;
}

/** Section 二's rows: each label of the format, then its cells when they split one way only. */
function activeRows(text: string, format: ReportFormat): Cell[][] {
  const rows: Cell[][] = [];
  for (const table of format.active) {
    for (const row of table.rows) {
      const labels = row.label === '行政规范性文件' ? ['行政规范性文件', '规范性文件'] : [row.label];
      const at = labels.map((l) => ({ l, i: text.indexOf(l) })).find((x) => x.i >= 0);
      if (!at) continue;
      const run = /^[0-9.\-]+/.exec(text.slice(at.i + at.l.length))?.[0] ?? '';
      if (!run) continue;
      if (table.columns.length === 1) rows.push([{ text: at.l }, { text: run }]);
      else if (/^[0-9]+$/.test(run)) {
        const found = splits(run, table.columns.length, () => true);
        rows.push([{ text: at.l }, ...(found.length === 1 ? found[0].map((n) => ({ text: String(n) })) : [{ text: run }])]);
      }
    }
  }
  return rows;
}

/**
 * Section 三's rows: each row's label found in order, the digits up to the next label split by the
 * row's identity. Where some rows still split more than one way, the table's own identities decide
 * (each column: the outcome rows add up to （七）总计, and 一 + 二 = （七） + 四), when exactly one
 * choice among them satisfies every column.
 */
function requestRows(text: string, format: ReportFormat): Cell[][] {
  const found: { row: (typeof format.requestRows)[number]; start: number; end: number }[] = [];
  let from = 0;
  for (const row of format.requestRows) {
    const start = text.indexOf(row.label, from);
    if (start < 0) continue;
    from = start + row.label.length;
    found.push({ row, start, end: from });
  }
  const runs = found.map(({ end }, i) => /^[0-9]+/.exec(text.slice(end, found[i + 1]?.start ?? text.length))?.[0] ?? '');
  const candidates = runs.map((run) => (run ? splits(run, 7, rowAddsUp, 40) : []));
  const chosen = candidates.map((c) => (c.length === 1 ? c[0] : undefined));
  decideByColumns(found.map((f) => f.row.id), candidates, chosen, format);
  return found.map(({ row }, i) => [
    { text: row.group ?? '' }, { text: row.label },
    ...(chosen[i] ? chosen[i]!.map((n) => ({ text: String(n) })) : [{ text: runs[i] }]),
  ]);
}

/** Fill in the rows that split several ways, when exactly one combination makes every column's identities hold. */
function decideByColumns(ids: string[], candidates: number[][][], chosen: (number[] | undefined)[], format: ReportFormat): void {
  const open = chosen.flatMap((c, i) => (c === undefined && candidates[i].length > 1 ? [i] : []));
  if (!open.length || open.length > 4 || open.reduce((n, i) => n * candidates[i].length, 1) > 20_000) return;
  if (format.requestRows.some((r) => !ids.includes(r.id))) return; // every row must be there to add up
  const at = (id: string) => ids.indexOf(id);
  const outcomes = format.requestRows.filter((r) => r.role === 'outcome').map((r) => at(r.id));
  const [received, carriedOver, total, carriedForward] = ['received', 'carriedOver', 'total', 'carriedForward'].map(at);
  const rows = [...chosen];
  const works: number[][][] = [];
  const tryFrom = (k: number) => {
    if (works.length > 1) return;
    if (k === open.length) {
      if (rows.some((r) => r === undefined)) return;
      const holds = [0, 1, 2, 3, 4, 5, 6].every((c) => {
        const sum = outcomes.reduce((a, i) => a + rows[i]![c], 0);
        return sum === rows[total]![c] && rows[received]![c] + rows[carriedOver]![c] === rows[total]![c] + rows[carriedForward]![c];
      });
      if (holds) works.push(open.map((i) => rows[i]!));
      return;
    }
    for (const candidate of candidates[open[k]]) {
      rows[open[k]] = candidate;
      tryFrom(k + 1);
    }
    rows[open[k]] = undefined;
  };
  tryFrom(0);
  if (works.length === 1) open.forEach((i, k) => (chosen[i] = works[0][k]));
}

/** A report run together on one line, in the document model: headings and prose as paragraphs, the tables rebuilt. */
export function runTogetherBlocks(line: string): Block[] {
  const format: FormatId = /本年制发件数|本年废止件数|现行有效件数|逾期不补正/.test(line) ? '2021' : '2019';
  const parts = line.split(new RegExp(`(?=${headingPattern.source})`));
  const blocks: Block[] = [];
  for (const part of parts) {
    const heading = new RegExp(`^${headingPattern.source}`).exec(part)?.[0];
    const body = heading ? part.slice(heading.length) : part;
    if (heading) blocks.push({ kind: 'paragraph', text: heading.startsWith('四、政府信息公开行政复议') ? '四、政府信息公开行政复议、行政诉讼情况' : heading });
    if (heading?.includes('主动公开政府信息情况')) blocks.push({ kind: 'table', rows: activeRows(body, formats[format]) });
    else if (heading?.includes('收到和处理')) blocks.push({ kind: 'table', rows: requestRows(body, formats[format]) });
    else if (heading?.startsWith('四、')) {
      const run = /总计([0-9]{15,})/.exec(body)?.[1];
      const numbers = run ? appealsSplit(run) : undefined;
      const prose = run ? body.slice(body.indexOf(run) + run.length) : body;
      if (numbers) blocks.push({ kind: 'table', rows: [[{ text: '行政复议' }], numbers.map((n) => ({ text: String(n) }))] });
      if (prose.trim()) blocks.push({ kind: 'paragraph', text: prose.trim() });
    } else {
      for (const sentence of body.split(/(?<=。)\s*/)) if (sentence.trim()) blocks.push({ kind: 'paragraph', text: sentence.trim() });
    }
  }
  return blocks;
}
