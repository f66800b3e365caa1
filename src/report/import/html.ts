// A saved web page (or an HTML file a user downloaded) into the document model. The bytes are
// decoded as the page declares (UTF-8, GBK/GB2312/GB18030, Big5), parsed by htmlparser2 (a
// tolerant parser: no script runs, no resource is fetched), and walked: scripts, styles, forms
// and the head are skipped; block elements end a paragraph; a table whose cells hold no table is
// a grid of cells (rowspan/colspan expanded, a cell's paragraphs joined); a table that holds
// tables is page layout and is walked like any other container.
import iconv from 'iconv-lite';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { expandSpans, type Block, type SourceDocument } from './document.ts';
import { cleanText } from './layout.ts';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'select', 'option', 'button', 'textarea', 'iframe', 'object', 'svg', 'canvas', 'map', 'input']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'nav', 'aside', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'address', 'center', 'form', 'fieldset', 'hr', 'br', 'tr', 'td', 'th',
  'caption', 'figure', 'figcaption', 'body', 'html', 'table', 'tbody', 'thead', 'tfoot',
]);

/** The charset a page declares in its first bytes (a BOM, <meta charset>, or http-equiv), if any. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_-]+)/i.exec(head)?.[1]?.toLowerCase();
}

/** The page's text: as declared; undeclared, UTF-8 unless that fails and GB18030 reads it. */
export function decodeHtml(bytes: Uint8Array): string {
  const declared = declaredCharset(bytes);
  const charset = declared === 'gb2312' || declared === 'gbk' || declared === 'x-gbk' ? 'gb18030' : declared;
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && iconv.encodingExists(charset)) return iconv.decode(Buffer.from(bytes), charset);
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  if (!charset && (utf8.match(/\uFFFD/g)?.length ?? 0) > 10) return iconv.decode(Buffer.from(bytes), 'gb18030');
  return utf8;
}

const isElement = (node: ChildNode): node is Element => node.type === 'tag' || node.type === 'script' || node.type === 'style';

/** All text under a node, block boundaries as line breaks; skipped elements left out. */
function textOf(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (!isElement(node) || SKIPPED.has(node.name)) return '';
  const inner = node.children.map(textOf).join('');
  return BLOCK.has(node.name) ? `\n${inner}\n` : inner;
}

/** Whether an element holds a table somewhere below it. */
function holdsTable(node: Element): boolean {
  return node.children.some((c) => isElement(c) && (c.name === 'table' || holdsTable(c)));
}

/** The rows of a table (its own, not a nested table's), each a list of its cells. */
function rowsOf(table: Element): Element[][] {
  const rows: Element[][] = [];
  const visit = (node: Element) => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (child.name === 'tr') rows.push(child.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th')));
      else if (child.name === 'tbody' || child.name === 'thead' || child.name === 'tfoot') visit(child);
    }
  };
  visit(table);
  return rows;
}

const span = (cell: Element, name: string) => Number.parseInt(cell.attribs[name] ?? '1', 10) || 1;

/** The text gathered since the last block boundary, as paragraphs. */
function endParagraph(blocks: Block[], paragraph: string[]): void {
  for (const line of paragraph.join('').split('\n')) {
    const text = cleanText(line);
    if (text) blocks.push({ kind: 'paragraph', text });
  }
  paragraph.length = 0;
}

/** The page as blocks: paragraphs and grids, in document order. */
function walk(node: ChildNode, blocks: Block[], paragraph: string[]): void {
  if (node.type === 'text') {
    paragraph.push(node.data);
    return;
  }
  if (!isElement(node) || SKIPPED.has(node.name)) return;
  if (node.name === 'table' && !holdsTable(node)) {
    endParagraph(blocks, paragraph);
    const rows = rowsOf(node).map((cells) => cells.map((cell) => ({
      // A cell's paragraphs and line breaks are one label or one value: joined.
      text: cleanText(textOf(cell).split('\n').map(cleanText).join('')),
      rowspan: span(cell, 'rowspan'),
      colspan: span(cell, 'colspan'),
    })));
    blocks.push({ kind: 'table', rows: expandSpans(rows) });
    return;
  }
  const block = BLOCK.has(node.name);
  if (block) endParagraph(blocks, paragraph);
  for (const child of node.children) walk(child, blocks, paragraph);
  if (block) endParagraph(blocks, paragraph);
}

/**
 * The part of a page that can hold the report: from some way before 「总体情况」 (the title is just
 * above it) to some way after the last 「其他需要报告的事项」, cut at tag boundaries. A site's page is
 * mostly menus, scripts and footer links; parsing only this part keeps a 300 KB page fast. A page
 * without both words is kept whole.
 */
function reportRegion(html: string): string {
  const first = html.search(/总体情况|總體情況/);
  const last = Math.max(html.lastIndexOf('其他需要报告'), html.lastIndexOf('其他需要報告'));
  if (first < 0 || last < first) return html;
  const start = html.lastIndexOf('<', Math.max(0, first - 30_000));
  const end = html.indexOf('>', last + 12_000);
  const title = /<title[^>]*>[\s\S]*?<\/title>/i.exec(html.slice(0, Math.max(0, start)))?.[0] ?? '';
  return `${title}${html.slice(Math.max(0, start), end < 0 ? html.length : end + 1)}`;
}

/** An HTML page (its bytes) in the document model; the <title> kept apart. */
export function readHtmlDocument(bytes: Uint8Array): SourceDocument {
  const dom = parseDocument(reportRegion(decodeHtml(bytes)), { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const blocks: Block[] = [];
  const paragraph: string[] = [];
  for (const child of dom.children) walk(child, blocks, paragraph);
  endParagraph(blocks, paragraph);
  const titleNode = findElement(dom.children, 'title');
  return { blocks, ...(titleNode && { title: cleanText(titleNode.children.map(textOf).join('')) }) };
}

function findElement(nodes: ChildNode[], name: string): Element | undefined {
  for (const node of nodes) {
    if (!isElement(node)) continue;
    if (node.name === name) return node;
    const found = findElement(node.children, name);
    if (found) return found;
  }
  return undefined;
}

/** Whether bytes look like an HTML page rather than text. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return /^<(!doctype html|html|head|body|meta|div|p|table)\b/.test(head) || /<html[\s>]/.test(head);
}
