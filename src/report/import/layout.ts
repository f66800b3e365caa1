// The text layout of a published report as Word saves it as text: prose lines, and tables
// with one cell per tab-indented line, a blank cell as a tab-only line, rows separated by an
// empty line, a cell broken over lines continuing without a tab. Variants put a row's cells
// on one line separated by tabs or spaces.

/** A source line after cleaning, with its 1-based number and whether it was a table cell. */
export interface Line {
  number: number;
  text: string;
  cell: boolean;
}

/** A table row: its cells (cleaned, '' for blank) and the line each came from. */
export interface Row {
  cells: string[];
  lines: number[];
}

/** Remove Word artefacts and turn odd spaces into plain ones; trim. */
export function cleanText(text: string): string {
  return text
    .replace(/\[bookmark: [^\]]*\]/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/** Normalise a label for comparison: no spaces, full-width brackets and commas, no quotes. */
export function normLabel(text: string): string {
  return cleanText(text)
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（').replace(/\)/g, '）').replace(/,/g, '，')
    .replace(/["“”'‘’]/g, '');
}

/** Split a document into cleaned lines, keeping which ones were table cells. */
export function readLines(text: string): Line[] {
  return text.replace(/\r\n?/g, '\n').split('\n').map((raw, i) => ({
    number: i + 1,
    text: raw.startsWith('\t') ? raw.slice(1) : cleanText(raw),
    cell: raw.startsWith('\t'),
  }));
}

const valuePattern = /^[+\-－−]?[0-9０-９][0-9０-９,，.．]*\s*(万元|亿元|元|万|件|个|项)?$/;
const placeholders = new Set(['', '/', '／', '-', '—', '——', '_', '无']);

/** Whether a cell holds a value (a number, blank, or a placeholder for nothing) rather than a label. */
function isValueCell(cell: string): boolean {
  return placeholders.has(cell) || valuePattern.test(cell);
}

/** One line's cells: split on tabs, then a label followed by space-separated numbers. */
function splitCells(text: string): string[] {
  return text.split('\t').map(cleanText).flatMap((cell) => {
    const tokens = cell.split(/[\s\u3000]+/);
    const first = tokens.findIndex((t) => valuePattern.test(t));
    if (tokens.length < 2 || first < 0 || !tokens.slice(first).every((t) => valuePattern.test(t))) return [cell];
    return first === 0 ? tokens : [tokens.slice(0, first).join(''), ...tokens.slice(first)];
  });
}

/** Group the lines of a table region into rows; prose lines come back separately. */
export function readRows(lines: Line[]): { rows: Row[]; prose: Line[] } {
  const rows: Row[] = [];
  const prose: Line[] = [];
  let row: Row | undefined;
  let previousWasCell = false;
  for (const line of lines) {
    if (!line.cell && line.text === '') {
      row = undefined;
      previousWasCell = false;
      continue;
    }
    const cells = splitCells(line.text);
    if (!line.cell && previousWasCell && row && cells.length === 1) {
      row.cells[row.cells.length - 1] += cells[0]; // a header cell broken over two lines
      continue;
    }
    if (!line.cell && !cells.slice(1).some((c) => valuePattern.test(c))) {
      prose.push(line);
      row = undefined;
      previousWasCell = false;
      continue;
    }
    if (!line.cell) row = undefined; // a variant row on a line of its own
    if (!row) rows.push((row = { cells: [], lines: [] }));
    for (const cell of cells) {
      row.cells.push(cell);
      row.lines.push(line.number);
    }
    previousWasCell = line.cell;
  }
  return { rows, prose };
}

/** A row's label cells (text) and its value cells (those after the last label). */
export function splitRow(row: Row): { labels: string[]; values: { text: string; line: number }[] } {
  let last = -1;
  row.cells.forEach((cell, i) => {
    if (!isValueCell(cell)) last = i;
  });
  return {
    labels: row.cells.slice(0, last + 1).filter((c) => c !== ''),
    values: row.cells.slice(last + 1).map((text, i) => ({ text, line: row.lines[last + 1 + i] })),
  };
}
