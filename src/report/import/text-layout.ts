// Text as users have it, into the document model. Two families:
// - Word's "save as text" layout (the seeds): a table cell per tab-indented line, rows separated
//   by an empty line, a cell broken over lines continuing without a tab;
// - everything else a browser or a converter gives: a cell per line with lone tabs or lone `|`
//   between (a page whose cells are each a <p>), tab- or pipe-separated rows, Markdown pipe tables,
//   a row label followed by its numbers on the same line, blank-line-separated cells, prose
//   wrapped at a PDF's line ends. There a table row is rebuilt as its label(s) followed by the
//   values: the national format always prints a row's numbers to the right of its label.
import type { Block, Cell, SourceDocument } from './document.ts';
import { cleanText, isValueCell, splitCells } from './layout.ts';
import { isRunTogether, runTogetherBlocks } from './run-together.ts';
import { headingOf } from './sections.ts';

/** Whether the text is in Word's text layout: tab-indented cells with text. */
function isWordLayout(lines: string[]): boolean {
  let cells = 0;
  for (const line of lines) if (/^\t[^\t\s]/.test(line) && ++cells >= 5) return true;
  return false;
}

/** Word's text layout: cell lines grouped into rows by empty lines; other lines are paragraphs. */
function wordBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let table: Cell[][] | undefined;
  let row: Cell[] | undefined;
  lines.forEach((raw, i) => {
    const number = i + 1;
    if (raw.startsWith('\t')) {
      if (!table) blocks.push({ kind: 'table', rows: (table = []) });
      if (!row) table.push((row = []));
      row.push({ text: raw.slice(1), line: number });
      return;
    }
    const text = cleanText(raw);
    if (text === '') {
      row = undefined;
      return;
    }
    // A header cell broken over two lines continues without a tab.
    if (row && splitCells(text).length === 1) {
      row[row.length - 1].text += text;
      return;
    }
    row = undefined;
    table = undefined;
    blocks.push({ kind: 'paragraph', text, line: number });
  });
  return blocks;
}

type Token =
  | { kind: 'gap'; size: number }
  | { kind: 'sep'; count: number; tab: boolean }
  | { kind: 'row'; cells: Cell[] }
  | { kind: 'cell'; cell: Cell }
  | { kind: 'paragraph'; text: string; line: number };

const sentence = /[。；！？]/;
const wrapEnd = /[。；：:！？）)」”]$|报告$/;

/** Whether a line of text is prose (or a heading) rather than a table cell. */
function isProse(text: string): boolean {
  return headingOf(text) !== undefined || sentence.test(text) || text.length > 60;
}

/** Split a line on `|`, dropping the empty ends of `| a | b |`. */
function pipeCells(text: string): string[] {
  const cells = text.split('|').map(cleanText);
  if (cells[0] === '' && /^\s*\|/.test(text)) cells.shift();
  if (cells.at(-1) === '' && /\|\s*$/.test(text)) cells.pop();
  return cells;
}

/** The lines as tokens, PDF-wrapped prose lines joined. */
function tokenize(lines: string[]): Token[] {
  const tokens: Token[] = [];
  let gap = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const number = i + 1;
    if (/^\s*\|?\s*:?-{3,}/.test(raw) && /^[\s|:-]+$/.test(raw)) continue; // Markdown's |---|---|
    if (/^\t+\s*$/.test(raw) || /^\s*\|+\s*$/.test(raw)) {
      if (gap) tokens.push({ kind: 'gap', size: gap });
      gap = 0;
      tokens.push({ kind: 'sep', count: raw.includes('\t') ? raw.split('\t').length - 1 : 1, tab: raw.includes('\t') });
      continue;
    }
    let text = cleanText(raw);
    if (text === '') {
      gap += 1;
      continue;
    }
    if (gap) tokens.push({ kind: 'gap', size: gap });
    gap = 0;
    if (text.includes('|')) {
      const cells = pipeCells(raw);
      // 「0 | ||」: one cell and the empty cells of a merged row.
      if (cells.filter((c) => c !== '').length === 1 && cells[0] !== '') cells.length = 1;
      if (cells.length > 1) {
        tokens.push({ kind: 'row', cells: cells.map((c) => ({ text: c, line: number })) });
        continue;
      }
      text = cells[0] ?? '';
      if (text === '') continue;
    }
    const tabbed = raw.replace(/^\t+|\t+$/g, '');
    if (tabbed.includes('\t')) {
      tokens.push({ kind: 'row', cells: tabbed.split('\t').map((c) => ({ text: cleanText(c), line: number })) });
      continue;
    }
    // A line a PDF broke mid-sentence goes on with the next one.
    while (!wrapEnd.test(text) && text.length >= 20 && i + 1 < lines.length && !raw.includes('\t') && headingOf(text) === undefined) {
      const next = cleanText(lines[i + 1]);
      if (next === '' || /[|\t]/.test(lines[i + 1]) || isValueCell(next) || headingOf(next) !== undefined || splitCells(next).length > 1 || /报告$/.test(next)) break;
      text += next;
      i += 1;
    }
    if (isProse(text)) {
      tokens.push({ kind: 'paragraph', text, line: number });
      continue;
    }
    const cells = splitCells(text);
    if (cells.length > 1) tokens.push({ kind: 'row', cells: cells.map((c) => ({ text: c, line: number })) });
    else tokens.push({ kind: 'cell', cell: { text, line: number } });
  }
  return tokens;
}

/** Browser and converter text: rows rebuilt from the tokens, tables between paragraphs. */
function genericBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let table: Cell[][] | undefined;
  let row: Cell[] = [];
  let hasValue = false;
  let lastWasTab = false;
  const flush = () => {
    if (row.length) {
      if (!table) blocks.push({ kind: 'table', rows: (table = []) });
      table.push(row);
    }
    row = [];
    hasValue = false;
  };
  for (const token of tokenize(lines)) {
    if (token.kind === 'gap') {
      if (token.size >= 2) flush();
      continue;
    }
    if (token.kind === 'sep') {
      // Two lone tabs with nothing between: a blank cell (a row's cells are tab-separated).
      if (token.tab && lastWasTab && row.length) {
        row.push({ text: '' });
        hasValue = true;
      }
      for (let k = 1; k < token.count && token.tab && row.length; k++) row.push({ text: '' });
      lastWasTab = token.tab;
      continue;
    }
    lastWasTab = false;
    if (token.kind === 'paragraph') {
      flush();
      table = undefined;
      blocks.push({ kind: 'paragraph', text: token.text, line: token.line });
    } else if (token.kind === 'row') {
      flush();
      row = token.cells;
      flush();
    } else if (isValueCell(token.cell.text)) {
      row.push(token.cell);
      hasValue = true;
    } else {
      if (hasValue) flush();
      row.push(token.cell);
    }
  }
  flush();
  return blocks;
}

/** A text (any of the layouts above) in the document model. */
export function readTextDocument(text: string): SourceDocument {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  if (isWordLayout(lines)) return { blocks: wordBlocks(lines) };
  // A report run together on one line (a crawler's text) is rebuilt by the format's labels.
  const together = lines.findIndex(isRunTogether);
  if (together < 0) return { blocks: genericBlocks(lines) };
  return { blocks: [...genericBlocks(lines.slice(0, together)), ...runTogetherBlocks(lines[together]), ...genericBlocks(lines.slice(together + 1))] };
}
