// Import a report from a text PDF with pdf.js (the legacy build, which runs on Node). The text
// items come in the order the PDF draws them, which for a table is cell by cell, row by row: items
// that continue one another (the same line, or the next line starting under the first) are one
// cell or one paragraph; a jump to the right or back to the left margin starts the next. The
// pieces become one line each, the layout of a page whose cells are each a paragraph, and the text
// reader rebuilds the rows from labels and values. A PDF without text (a scan) is refused.
import { importText, type ImportHints, type ImportResult } from '../report/import/import-text.ts';

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

// A report is a few MB at most; more is not a report.
const MAX_PDF_BYTES = 30 * 1024 * 1024;

/** The text items of every page in drawing order, pages one after another. */
async function itemsOf(bytes: Uint8Array): Promise<Item[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  const pdf = await task.promise;
  try {
    const pages: Item[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b, , , x, y] = item.transform as number[];
        items.push({ str: item.str, x, y, width: item.width, size: Math.hypot(a, b) || item.height || 10 });
      }
      pages.push(items);
      page.cleanup();
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

/** The pieces of a page: items that continue one another joined; each piece one line. */
function piecesOf(items: Item[]): string[] {
  const pieces: string[] = [];
  let text = '';
  let left = 0;
  let right = 0;
  let last: Item | undefined;
  for (const item of items) {
    if (/^[—–-]\s*\d+\s*[—–-]$/.test(item.str.trim())) continue; // 「— 1 —」: a page number
    const em = item.size;
    const sameLine = last && Math.abs(item.y - last.y) < 0.4 * em && item.x >= last.x + last.width - 0.5 * em && item.x - (last.x + last.width) < 1.2 * em;
    // The next line of the same cell or paragraph starts within its width (centred text too).
    const nextLine = last && last.y - item.y > 0.6 * em && last.y - item.y < 1.9 * em && item.x >= left - 2.5 * em && item.x <= right - 0.5 * em
      // A line that ends a sentence, or one that starts a heading, ends the paragraph.
      && !/[。：；！？]$/.test(text) && !/^([一二三四五六]、|（[一二三四五六七八九十]）|第二十条)/.test(item.str.trim());
    if (last && (sameLine || nextLine)) {
      text += item.str;
      left = Math.min(left, item.x);
      right = Math.max(right, item.x + item.width);
    } else {
      if (text) pieces.push(text);
      text = item.str;
      left = item.x;
      right = item.x + item.width;
    }
    last = item;
  }
  if (text) pieces.push(text);
  return pieces;
}

/** The text of a PDF in the one-piece-per-line layout, or why there is none. */
export async function pdfText(bytes: Uint8Array): Promise<{ kind: 'text'; text: string } | { kind: 'failed'; reason: string }> {
  if (bytes.byteLength > MAX_PDF_BYTES) return { kind: 'failed', reason: 'PDF 文件过大，不像一份年度报告。' };
  if (Buffer.from(bytes.subarray(0, 1024)).toString('latin1').indexOf('%PDF-') < 0) return { kind: 'failed', reason: '文件不是有效的 PDF 文档。' };
  let pages: Item[][];
  try {
    pages = await itemsOf(bytes);
  } catch {
    return { kind: 'failed', reason: '无法读取这个 PDF 文件（文件损坏或已加密）。' };
  }
  const text = pages.map(piecesOf).map((p) => p.join('\n')).join('\n');
  if (text.replace(/\s/g, '').length < 50) {
    return { kind: 'failed', reason: '这个 PDF 没有可读取的文字，是扫描的图像：请改用网页版或 Word 版的报告，或将数字填入表格后再导入。' };
  }
  return { kind: 'text', text };
}

/** Import one report from a text PDF. */
export async function importPdf(bytes: Uint8Array, hints: ImportHints = {}): Promise<ImportResult> {
  const read = await pdfText(bytes);
  return read.kind === 'text' ? importText(read.text, hints) : read;
}
