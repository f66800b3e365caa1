// A report in the official layout as plain text (tables aligned for a terminal, CJK counted
// double width) or as Markdown. Blank cells print as 0 (rule T7); money as the format prints it.
import stringWidth from 'string-width';
import { formats, type CellKind, type ReportFormat } from './formats.ts';
import { valueOf, type Report } from './report.ts';

/** Text or Markdown. */
export interface RenderOptions {
  markdown?: boolean;
}

type Table = { header: string[]; rows: string[][] };

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return right ? fill + text : text + fill;
}

function drawTable({ header, rows }: Table, markdown: boolean): string {
  const numeric = (i: number) => i > 0;
  if (markdown) {
    const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
    return [line(header), line(header.map((_, i) => (numeric(i) ? '---:' : '---'))), ...rows.map(line)].join('\n');
  }
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => stringWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], numeric(i))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A money cell as printed: 2021 fees in 万元 (the header says so), 2019 procurement with its unit. */
function money(yuan: number, withUnit: boolean): string {
  const wan = String(Number((yuan / 10000).toFixed(6)));
  return withUnit ? `${wan}万元` : wan;
}

/** A section 二 value as the format prints it: money in 万元, a positive change with its sign. */
export function printedValue(value: number, kind: CellKind, format: ReportFormat): string {
  if (kind === 'money') return money(value, format.id === '2019');
  return kind === 'signed' && value > 0 ? `+${value}` : String(value);
}

function activeTables(report: Report, format: ReportFormat, markdown: boolean): string[] {
  return format.active.map((table) => {
    const rows = table.rows.map((row) => [row.label, ...table.columns.map((column) =>
      printedValue(valueOf(report, `active.${row.key}.${column.key}`), column.kind, format))]);
    const caption = markdown ? `**${table.caption}**\n` : table.caption;
    return `${caption}\n${drawTable({ header: ['信息内容', ...table.columns.map((c) => c.label)], rows }, markdown)}`;
  });
}

function requestsTable(report: Report, format: ReportFormat, markdown: boolean): Table {
  const rows: string[][] = [];
  const blank = format.requestColumns.map(() => '');
  let group: string | undefined;
  for (const row of format.requestRows) {
    if (row.id === 'granted') rows.push(['三、本年度办理结果', ...blank]);
    if (row.group && row.group !== group) rows.push([`${markdown ? '' : '  '}${row.group}`, ...blank]);
    group = row.group;
    const indent = markdown ? '' : row.role === 'input' || row.role === 'carriedForward' ? '' : row.group ? '    ' : '  ';
    rows.push([indent + row.label, ...format.requestColumns.map((c) => String(valueOf(report, `requests.${row.id}.${c.key}`)))]);
  }
  return { header: ['申请人情况', ...format.requestColumns.map((c) => c.label)], rows };
}

function appealsTable(report: Report, format: ReportFormat): Table {
  return {
    header: ['', ...format.appealOutcomes.map((o) => o.label)],
    rows: format.appealGroups.map((g) => [g.label, ...format.appealOutcomes.map((o) => String(valueOf(report, `appeals.${g.key}.${o.key}`)))]),
  };
}

/** Render a whole report: title, preface, the six sections, signature. */
export function renderText(report: Report, options: RenderOptions = {}): string {
  const markdown = options.markdown ?? false;
  const format = formats[report.format];
  const heading = (text: string, level: number) => (markdown ? `${'#'.repeat(level)} ${text}` : text);
  const { texts } = report;
  const [s1, s2, s3, s4, s5, s6] = format.sections.map((s) => heading(s.title, 2));
  const parts = [
    heading(`${report.unit}${report.year}年度政府信息公开工作年度报告`, 1),
    texts.preface,
    s1, texts.overview ?? '（未填写）',
    s2, ...activeTables(report, format, markdown),
    s3, texts.requestsNote, '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
    drawTable(requestsTable(report, format, markdown), markdown),
    s4, drawTable(appealsTable(report, format), markdown),
    s5, texts.problems ?? '（未填写）',
    s6, texts.other ?? '（未填写）',
    texts.signature,
  ];
  return `${parts.filter((p): p is string => Boolean(p)).join('\n\n')}\n`;
}
