// One report as a Word document in the official layout (report-format.md §2, §3): the title,
// the opening paragraph (the report's own, else generated: opening.ts), the six sections with
// their canonical titles, section 二's sub-tables under their captions, section 三's table with
// its merged headers and the 勾稽关系 note, section 四's table with its header rows, blank cells
// printed as 0, money as the format prints it, page numbers 「— 1 —」 in the footer, and the
// signing unit and date at the end. Page and fonts after the usual layout of government
// documents (GB/T 9704: A4, 小标宋 title, 黑体 headings, 仿宋 text). Section 三's table starts
// on a new page so that it stays whole. A column is as wide as its header needs, broken only
// between words (never 商业企/业); the signature keeps with the last paragraph or table rows
// before it, so that it never stands alone on the last page.
import {
  AlignmentType, BorderStyle, Document, Footer, HeightRule, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell,
  TableLayoutType, TableRow, TextDirection, TextRun, VerticalAlign, WidthType,
} from 'docx';
import stringWidth from 'string-width';
import { formats, type ReportFormat } from '../report/formats.ts';
import { openingOf, type Contact } from '../report/opening.ts';
import { valueOf, type Report } from '../report/report.ts';
import { printedValue } from '../report/render-text.ts';
import { chineseDate, shanghaiDate } from '../calendar/working-calendar.ts';

/** How a report is printed besides its own content. */
export interface DocxOptions {
  /** When the report is signed, if it carries no signature of its own (ISO date; today by default). */
  signedOn?: string;
  /** Who signs, if the report carries no signature of its own (the report's unit by default; a roll-up's supervising unit). */
  signer?: string;
  /** Whom readers ask, for the generated opening paragraph of a report without its own. */
  contact?: Contact;
  /** A report not handed in yet: said under the title, so that the file is never taken for the published one. */
  draft?: boolean;
  /** A roll-up: a text section it has no text for (五, 六) is left out rather than printed as an empty heading. */
  omitEmptyTexts?: boolean;
}

/** The line under the title of a draft's file. */
export const DRAFT_MARK = '（草稿：尚未提交审核，未填写的数字印为0，不能作为正式报告发布）';

// Sizes in half-points (二号 22pt, 三号 16pt, 五号 10.5pt, 小五 9pt), lengths in twips.
const SIZE = { title: 44, text: 32, table: 21, smallTable: 18, footer: 28 };
const FONT = { title: '方正小标宋简体', heading: '黑体', text: '仿宋_GB2312', table: '宋体' };
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1587, right: 1474 };
const WIDTH = PAGE.width - PAGE.left - PAGE.right;
const NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

const font = (name: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: name });

/** A section heading, kept with what follows; `newPage` starts it on a page of its own. */
function heading(text: string, newPage = false): Paragraph {
  return new Paragraph({
    children: [new TextRun({ text, font: font(FONT.heading), size: SIZE.text })],
    indent: { firstLine: 640 }, spacing: { before: 120, after: 120 }, keepNext: true, pageBreakBefore: newPage,
  });
}

/**
 * A text of the report, one paragraph per line, indented two characters, never one line of a
 * paragraph alone at the top or foot of a page. The last text before the signature keeps its last
 * paragraph with it: at least its last two lines go with the signature to a new page.
 */
function prose(text: string | undefined, beforeSignature = false): Paragraph[] {
  const lines = (text ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.map((line, i) => new Paragraph({
    children: [new TextRun({ text: line, font: font(FONT.text), size: SIZE.text })],
    indent: { firstLine: 640 }, spacing: { line: 560, lineRule: LineRuleType.EXACT }, alignment: AlignmentType.JUSTIFIED,
    widowControl: true, keepNext: beforeSignature && i === lines.length - 1,
  }));
}

interface CellSpec {
  text: string;
  span?: number;
  rows?: number;
  left?: boolean;
  vertical?: boolean;
  size?: number;
}

/** A table cell; `keepNext` holds the table together on one page, as Word and LibreOffice both do. */
function cell({ text, span, rows, left, vertical, size = SIZE.table }: CellSpec, keepNext: boolean): TableCell {
  return new TableCell({
    children: text.split('\n').map((line) => new Paragraph({
      children: [new TextRun({ text: line, font: font(FONT.table), size })],
      alignment: left ? AlignmentType.LEFT : AlignmentType.CENTER, keepNext,
    })),
    verticalAlign: VerticalAlign.CENTER,
    ...(span && span > 1 && { columnSpan: span }),
    ...(rows && rows > 1 && { rowSpan: rows }),
    ...(vertical && { textDirection: TextDirection.TOP_TO_BOTTOM_RIGHT_TO_LEFT }),
  });
}

const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line };
// Cell margins left and right, and room for the font's rounding: a label exactly as wide as its
// cell is wrapped by LibreOffice.
const CELL_MARGIN = 50;
const SLACK = 2 * CELL_MARGIN + 40;

/** The table; `keepLast` also keeps its last row with what follows (the signature after a roll-up's last table). */
function table(widths: number[], rows: CellSpec[][], headerRows: number, keepLast = false): Table {
  return new Table({
    width: { size: WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders,
    margins: { top: 30, bottom: 30, left: CELL_MARGIN, right: CELL_MARGIN },
    rows: rows.map((cells, i) => new TableRow({
      children: cells.map((c) => cell(c, keepLast || i < rows.length - 1)), cantSplit: true, tableHeader: i < headerRows,
      height: { value: 320, rule: HeightRule.ATLEAST },
    })),
  });
}

/** Twips a line takes at `size` half-points: string-width gives a hanzi two columns, a digit one, each column half an em. */
const twips = (text: string, size: number) => stringWidth(text) * size * 5;

const words = new Intl.Segmenter('zh', { granularity: 'word' });

/** A label split in two between words, as evenly as its words allow (社会公益组织 → 社会公益, 组织). */
function halves(label: string): [string, string] | undefined {
  const ends = [...words.segment(label)].map((s) => s.index + s.segment.length).slice(0, -1);
  const longer = (at: number) => Math.max(stringWidth(label.slice(0, at)), stringWidth(label.slice(at)));
  // On a tie the first line is the longer one (社会公益 / 组织).
  const at = ends.reduce<number | undefined>((best, end) => (best === undefined || longer(end) <= longer(best) ? end : best), undefined);
  return at === undefined ? undefined : [label.slice(0, at), label.slice(at)];
}

/** A header label as printed in `width` twips: whole when it fits, else on two lines broken between words. */
function fitted(label: string, width: number, size: number): string {
  if (twips(label, size) + SLACK <= width) return label;
  return halves(label)?.join('\n') ?? label;
}

/** The width a column needs for its header labels (a label of four hanzi or fewer whole, a longer one in halves) and five digits. */
function headerWidth(labels: string[], size: number): number {
  const widest = (label: string) => (stringWidth(label) <= 8 ? twips(label, size) : Math.max(...(halves(label) ?? [label]).map((l) => twips(l, size))));
  return Math.max(twips('00000', size), ...labels.map(widest)) + SLACK;
}

// Section 二's row labels (其他对外管理服务事项) get at least this much, and a share of what the headers leave.
const LABEL_MIN = 2200;

/** Section 二: one table, each sub-table under its caption row; fewer columns span the rest. */
function activeTable(report: Report, format: ReportFormat): Table {
  const columns = Math.max(...format.active.map((t) => t.columns.length));
  // Each column as wide as the longest header label it holds (a last column that spans the rest holds none alone).
  const widths = Array.from({ length: columns }, (_, i) => headerWidth(format.active.flatMap((t) => (i < t.columns.length - 1 || t.columns.length === columns ? [t.columns[i].label] : [])), SIZE.table));
  const spare = (WIDTH - LABEL_MIN - widths.reduce((a, b) => a + b, 0)) / (columns + 1);
  const data = widths.map((w) => w + spare);
  const label = WIDTH - data.reduce((a, b) => a + b, 0);
  const rows: CellSpec[][] = [];
  for (const sub of format.active) {
    const spans = sub.columns.map((_, i) => (i === sub.columns.length - 1 ? columns - i : 1));
    const widthOf = (i: number) => data.slice(i, i + spans[i]).reduce((a, b) => a + b, 0);
    rows.push([{ text: sub.caption, span: columns + 1 }]);
    rows.push([{ text: '信息内容' }, ...sub.columns.map((c, i) => ({ text: fitted(c.label, widthOf(i), SIZE.table), span: spans[i] }))]);
    for (const row of sub.rows) {
      rows.push([{ text: row.label }, ...sub.columns.map((c, i) => ({
        text: printedValue(valueOf(report, `active.${row.key}.${c.key}`), c.kind, format), span: spans[i],
      }))]);
    }
  }
  return table([label, ...data], rows, 0);
}

/** Section 三: the note over three label columns, 申请人情况 over seven, the 办理结果 block merged. */
function requestsTable(report: Report, format: ReportFormat): Table {
  const size = SIZE.smallTable;
  const results = format.requestRows.filter((r) => r.role === 'outcome' || r.role === 'total');
  const groups = [...new Set(results.flatMap((r) => (r.group ? [r.group] : [])))];
  // Each value column as wide as its header, the group column as its widest group; the row labels take the rest.
  const data = format.requestColumns.map((c) => headerWidth([c.label], size));
  const group = headerWidth(groups, size);
  const vertical = 360;
  const values = (id: string): CellSpec[] => format.requestColumns.map((c) => ({ text: String(valueOf(report, `requests.${id}.${c.key}`)), size }));
  const applicants = format.requestColumns.slice(1, 6);
  const header = (i: number): CellSpec => ({ text: fitted(format.requestColumns[i].label, data[i], size), size });
  const rows: CellSpec[][] = [
    [{ text: NOTE, span: 3, rows: 3, size }, { text: '申请人情况', span: 7, size }],
    [{ ...header(0), rows: 2 }, { text: '法人或其他组织', span: 5, size }, { ...header(6), rows: 2 }],
    applicants.map((_, i) => header(i + 1)),
  ];
  const groupSize = (name: string) => results.filter((r) => r.group === name).length;
  for (const row of format.requestRows) {
    const lead: CellSpec[] = [];
    if (row === results[0]) lead.push({ text: '三、本年度办理结果', rows: results.length, vertical: true, size });
    if (row.role === 'input' || row.role === 'carriedForward') lead.push({ text: row.label, span: 3, left: true, size });
    else if (!row.group) lead.push({ text: row.label, span: 2, left: true, size });
    else {
      if (results.find((r) => r.group === row.group) === row) lead.push({ text: fitted(row.group, group, size), rows: groupSize(row.group), size });
      lead.push({ text: row.label, left: true, size });
    }
    rows.push([...lead, ...values(row.id)]);
  }
  return table([vertical, group, WIDTH - vertical - group - data.reduce((a, b) => a + b, 0), ...data], rows, 3);
}

/** Section 四: 行政复议 and 行政诉讼 (直接起诉, 复议后起诉) over their five outcomes each. */
function appealsTable(report: Report, format: ReportFormat, keepLast: boolean): Table {
  const size = SIZE.smallTable;
  const width = WIDTH / 15;
  const [review, direct, afterReview] = format.appealGroups;
  const outcomes = (rows?: number): CellSpec[] => format.appealOutcomes.map((o) => ({ text: fitted(o.label, width, size), size, rows }));
  const rows: CellSpec[][] = [
    [{ text: review.label, span: 5, size }, { text: '行政诉讼', span: 10, size }],
    [...outcomes(2), { text: direct.label.replace(/^行政诉讼·/, ''), span: 5, size }, { text: afterReview.label.replace(/^行政诉讼·/, ''), span: 5, size }],
    [...outcomes(), ...outcomes()],
    format.appealGroups.flatMap((g) => format.appealOutcomes.map((o) => ({ text: String(valueOf(report, `appeals.${g.key}.${o.key}`)), size }))),
  ];
  return table(Array<number>(15).fill(width), rows, 3, keepLast);
}

function footer(): Footer {
  const run = (children: (string | typeof PageNumber.CURRENT)[]) => new TextRun({ children, font: font(FONT.table), size: SIZE.footer });
  return new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(['— ', PageNumber.CURRENT, ' —'])] })] });
}

// Width in twips at 三号 (16 pt): a CJK character is a full em, a digit or Latin letter half of one.
const textWidth = (text: string) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? 160 : 320), 0);
const DATE_RIGHT = 4 * 320;

/**
 * The signature block: the report's own, or the signer and the signing date. As GB/T 9704 sets
 * them: the date four characters from the right margin, the signer centred over it. Each line
 * keeps with the next, so the block moves to a new page whole, with what the caller kept with it.
 */
function signature(report: Report, signer: string, signedOn: string): Paragraph[] {
  const lines = (report.texts.signature ?? `${signer}\n${chineseDate(signedOn)}`).split('\n');
  const date = lines.at(-1)!;
  const axis = Math.max(DATE_RIGHT + textWidth(date) / 2, ...lines.map((l) => textWidth(l) / 2));
  return [new Paragraph({ children: [], keepNext: true }), ...lines.map((text, i) => new Paragraph({
    children: [new TextRun({ text, font: font(FONT.text), size: SIZE.text })], alignment: AlignmentType.RIGHT,
    indent: { right: Math.round(axis - textWidth(text) / 2) }, keepNext: i < lines.length - 1,
  }))];
}

/** Render a report as a .docx file. */
export async function renderDocx(report: Report, options: DocxOptions = {}): Promise<Buffer> {
  const format = formats[report.format];
  const title = `${report.unit}${report.year}年度政府信息公开工作年度报告`;
  const { texts } = report;
  // Section 三's table fills most of a page: it starts on a new one rather than break (LibreOffice
  // does not keep a table together through its paragraphs' keep-with-next, as Word does). With a
  // note before it, the heading and the note stay where they fall and the table turns the page.
  const note = prose(texts.requestsNote);
  const [s1, s2, s3, s4, s5, s6] = format.sections.map((s) => heading(s.title, s.id === '三' && !note.length));
  const tableBreak = note.length ? [new Paragraph({ children: [], pageBreakBefore: true })] : [];
  const text = (head: Paragraph, body: string | undefined, last = false) => {
    if (options.omitEmptyTexts && !body?.trim()) return [];
    return [head, ...prose(body, last)];
  };
  const tail = [...text(s5, texts.problems), ...text(s6, texts.other, true)];
  const children = [
    new Paragraph({ children: [new TextRun({ text: title, font: font(FONT.title), size: SIZE.title })], alignment: AlignmentType.CENTER, spacing: { after: 400 } }),
    ...(options.draft ? [new Paragraph({ children: [new TextRun({ text: DRAFT_MARK, font: font(FONT.heading), size: SIZE.text, color: 'C00000' })], alignment: AlignmentType.CENTER, spacing: { after: 300 } })] : []),
    ...prose(texts.preface ?? openingOf(report, options.contact)),
    ...text(s1, texts.overview),
    s2, activeTable(report, format),
    s3, ...note, ...tableBreak, requestsTable(report, format),
    s4, appealsTable(report, format, !tail.length),
    ...tail,
    ...signature(report, options.signer ?? report.unit, options.signedOn ?? shanghaiDate(new Date())),
  ];
  const document = new Document({
    creator: 'nianbao',
    title,
    description: `${format.name}（${format.notice}）`,
    // zh-CN: without it LibreOffice picks Japanese glyph forms for the hanzi.
    styles: { default: { document: { run: { language: { value: 'zh-CN', eastAsia: 'zh-CN' } } } } },
    sections: [{
      properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right } } },
      footers: { default: footer() },
      children,
    }],
  });
  return Packer.toBuffer(document);
}
