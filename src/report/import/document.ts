// The one model every source is read into before the label-matching reader sees it: a document
// is a list of blocks, each a paragraph of prose or a table as a grid of cells (rowspan and colspan
// already expanded, a cell's inner line breaks joined). HTML, text copied from a browser, Word
// and PDF text each become this; the reader then finds sections, title and rows by their labels.
import type { Line } from './layout.ts';

/** One cell of a table: its text and, for text sources, the line it came from. */
export interface Cell {
  text: string;
  line?: number;
  /** A copy of a merged cell's text into a column it spans (not read as a second value). */
  spanned?: boolean;
}

/** A paragraph of prose or a table. */
export type Block =
  | { kind: 'paragraph'; text: string; line?: number }
  | { kind: 'table'; rows: Cell[][] };

/** A source document in the model: its blocks and, where the source has one, a title outside the body (HTML <title>). */
export interface SourceDocument {
  blocks: Block[];
  title?: string;
}

/** What the caller knows besides the document: the file's name, a unit or year given by hand. */
export interface ImportHints {
  fileName?: string;
  unit?: string;
  year?: number;
}

const valueLike = /^[+\-－−]?[0-9０-９][0-9０-９,，.．]*\s*(万元|亿元|元|万|件|个|项)?$|^[/／\-—_]*$/;

/**
 * The lines the reader works on: a paragraph is a line; a table row is one line per cell
 * (marked as a cell), a row ended by an empty line. A value copied into the columns a merged
 * cell spans is left out, so that one printed number is read once.
 */
export function documentLines(document: SourceDocument): Line[] {
  const lines: Line[] = [];
  let number = 0;
  const push = (text: string, cell: boolean, line?: number) => {
    number = line ?? number + 1;
    lines.push({ number, text, cell });
  };
  for (const block of document.blocks) {
    if (block.kind === 'paragraph') {
      push(block.text, false, block.line);
      continue;
    }
    for (const row of block.rows) {
      const cells = row.filter((c) => !(c.spanned && valueLike.test(c.text.trim())));
      // An empty spacer row; a row of blank cells is a table printed blank and stays.
      if (cells.length < 2 && cells.every((c) => c.text.trim() === '')) continue;
      for (const cell of cells) push(cell.text.replace(/\s*\n\s*/g, ''), true, cell.line);
      lines.push({ number, text: '', cell: false });
    }
    lines.push({ number, text: '', cell: false });
  }
  return lines;
}

/** Expand a table given as rows of cells with spans into a grid: a merged cell's text in every slot it covers. */
export function expandSpans(rows: { text: string; rowspan: number; colspan: number }[][]): Cell[][] {
  const grid: Cell[][] = [];
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r][c]) c++;
      const rowspan = Math.max(1, Math.min(cell.rowspan, 100));
      const colspan = Math.max(1, Math.min(cell.colspan, 50));
      for (let dr = 0; dr < rowspan && r + dr < rows.length; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < colspan; dc++) {
          grid[r + dr][c + dc] = { text: cell.text, ...((dr > 0 || dc > 0) && { spanned: true }) };
        }
      }
      c += colspan;
    }
  });
  return grid.map((row) => Array.from(row, (cell) => cell ?? { text: '' }));
}
