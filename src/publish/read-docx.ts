// Import a report from a Word (.docx) file. The document body becomes the document model of
// src/report/import/document.ts (paragraphs, and tables as grids with merged cells expanded), so
// the one reader finds tables by their labels, not by their position.
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import type { Block, Cell, ImportHints, SourceDocument } from '../report/import/document.ts';
import { importDocument, type ImportResult } from '../report/import/import-text.ts';

type Node = Record<string, unknown>;

// Word's document.xml is a few MB at most; a larger one is not a report (or is a zip bomb).
const MAX_XML_BYTES = 50 * 1024 * 1024;
// Deleted text (tracked changes), field codes, drawings and text boxes carry no report content.
const SKIPPED = new Set(['w:del', 'w:delText', 'w:instrText', 'w:drawing', 'w:pict', 'mc:AlternateContent', 'w:pPr', 'w:rPr', 'w:tcPr', 'w:trPr', 'w:tblPr', 'w:tblGrid', 'w:sectPr']);

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, trimValues: false });

const tagOf = (node: Node) => Object.keys(node).find((k) => k !== ':@')!;
const childrenOf = (node: Node) => (node[tagOf(node)] as Node[] | undefined) ?? [];
const attrsOf = (node: Node) => (node[':@'] as Record<string, string> | undefined) ?? {};

/** The text of a paragraph: its runs, a tab as a space, a line break as a new line. */
function paragraphText(nodes: Node[]): string {
  let text = '';
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === '#text') text += String(node['#text']);
    else if (tag === 'w:tab') text += ' ';
    else if (tag === 'w:br' || tag === 'w:cr') text += '\n';
    else if (!SKIPPED.has(tag)) text += paragraphText(childrenOf(node));
  }
  return text;
}

/** The blocks of a body or cell in order: paragraphs and tables, content controls opened. */
function* blocks(nodes: Node[]): Generator<{ kind: 'p'; text: string } | { kind: 'tbl'; node: Node }> {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === 'w:p') yield { kind: 'p', text: paragraphText(childrenOf(node)) };
    else if (tag === 'w:tbl') yield { kind: 'tbl', node };
    else if (tag === 'w:sdt' || tag === 'w:sdtContent' || tag === 'w:customXml' || tag === 'w:ins') yield* blocks(childrenOf(node));
  }
}

/** A cell's property, if set: its vertical merge and its column span. */
function cellProps(cell: Node): { continues: boolean; span: number } {
  const props = childrenOf(cell).find((n) => tagOf(n) === 'w:tcPr');
  const find = (tag: string) => props && childrenOf(props).find((n) => tagOf(n) === tag);
  const merge = find('w:vMerge');
  const span = find('w:gridSpan');
  return { continues: Boolean(merge) && attrsOf(merge!)['w:val'] !== 'restart', span: Number(span && attrsOf(span)['w:val']) || 1 };
}

/** The text of a cell: its paragraphs (a nested table's too) joined, as one label or one value. */
function cellText(cell: Node): string {
  const lines: string[] = [];
  for (const block of blocks(childrenOf(cell))) {
    if (block.kind === 'p') lines.push(...block.text.split('\n'));
    else for (const row of gridOf(block.node)) for (const inner of row) lines.push(inner.text);
  }
  return lines.map((l) => l.trim()).filter((l) => l !== '').join('');
}

/** A table as a grid: a cell spanning columns copied into each, a vertically merged cell into the rows it covers. */
function gridOf(table: Node): Cell[][] {
  const grid: Cell[][] = [];
  for (const tr of childrenOf(table).filter((n) => tagOf(n) === 'w:tr')) {
    const cells = childrenOf(tr).flatMap((n) => (tagOf(n) === 'w:sdt' ? [...childrenOf(n)].flatMap(childrenOf) : [n])).filter((n) => tagOf(n) === 'w:tc');
    const row: Cell[] = [];
    for (const tc of cells) {
      const { continues, span } = cellProps(tc);
      for (let i = 0; i < span; i++) {
        const above = grid.at(-1)?.[row.length];
        const text = continues ? above?.text ?? '' : cellText(tc);
        row.push({ text, ...((continues || i > 0) && { spanned: true }) });
      }
    }
    grid.push(row);
  }
  return grid;
}

/** The document body in the document model. */
export function docxDocument(documentXml: string): SourceDocument {
  const root = parser.parse(documentXml) as Node[];
  const document = root.find((n) => tagOf(n) === 'w:document');
  const body = document && childrenOf(document).find((n) => tagOf(n) === 'w:body');
  if (!body) throw new Error('no body');
  const out: Block[] = [];
  for (const block of blocks(childrenOf(body))) {
    if (block.kind === 'p') out.push(...block.text.split('\n').map((l) => ({ kind: 'paragraph' as const, text: l.replace(/^\t+/, '') })));
    else out.push({ kind: 'table', rows: gridOf(block.node) });
  }
  return { blocks: out };
}

interface InflateStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): InflateStream;
  on(event: 'error', listener: (error: Error) => void): InflateStream;
  on(event: 'end', listener: () => void): InflateStream;
  pause(): InflateStream;
  resume(): InflateStream;
}

/** An entry's bytes, inflated chunk by chunk; undefined past MAX_XML_BYTES, whatever size the zip claims (a zip bomb stops there). */
function inflated(entry: JSZip.JSZipObject): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    // jszip's documented internalStream (https://stuk.github.io/jszip/documentation/api_zipobject/internal_stream.html), missing from its types.
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): InflateStream }).internalStream('uint8array');
    stream.on('data', (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size > MAX_XML_BYTES) {
        stream.pause();
        return resolve(undefined);
      }
      chunks.push(chunk);
    }).on('error', reject).on('end', () => resolve(Buffer.concat(chunks))).resume();
  });
}

/** A .docx file in the document model, or why it cannot be read. */
async function readDocx(bytes: Uint8Array): Promise<{ kind: 'document'; document: SourceDocument } | { kind: 'failed'; reason: string }> {
  const notWord = '文件不是有效的 Word（.docx）文档。如为 .doc 格式，请在 Word 或 WPS 中“另存为” .docx 后再导入。';
  let xml: string;
  try {
    const zip = await JSZip.loadAsync(bytes);
    const entry = zip.file('word/document.xml');
    if (!entry) return { kind: 'failed', reason: notWord };
    const data = await inflated(entry);
    if (!data) return { kind: 'failed', reason: '文档正文过大，不像一份年度报告。' };
    xml = new TextDecoder().decode(data);
  } catch {
    return { kind: 'failed', reason: notWord };
  }
  // Word never writes a DOCTYPE; one here could only bring entity expansion.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { kind: 'failed', reason: notWord };
  try {
    return { kind: 'document', document: docxDocument(xml) };
  } catch {
    return { kind: 'failed', reason: notWord };
  }
}

/** Import one report from a .docx file. */
export async function importDocx(bytes: Uint8Array, hints: ImportHints = {}): Promise<ImportResult> {
  const read = await readDocx(bytes);
  return read.kind === 'document' ? importDocument(read.document, hints) : read;
}
