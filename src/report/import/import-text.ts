// Import a published report given as text (shared/seeds layout): title → unit and year,
// headings with or without their numerals, the format from the labels, texts and tables.
import { formatForYear, formats, type SectionId } from '../formats.ts';
import type { FormatId, Finding, Report, TextId } from '../report.ts';
import { cleanText, normLabel, readLines, readRows, type Line } from './layout.ts';
import { readActive, readAppeals, readRequests, type ImportProblem } from './tables.ts';

/** The outcome of an import: a report with what was noticed on the way, or why there is none. */
export type ImportResult =
  | { kind: 'imported'; report: Report; findings: Finding[]; problems: ImportProblem[] }
  | { kind: 'failed'; reason: string };

const sectionIds: SectionId[] = ['一', '二', '三', '四', '五', '六'];

// A heading names its section; real reports vary the wording (report-format.md §1).
const headingWords: Record<SectionId, RegExp[]> = {
  一: [/总体情况/],
  二: [/主动公开/],
  三: [/收到和处理|依申请公开|申请情况/],
  四: [/复议/, /诉讼/],
  五: [/问题/, /改进|措施|整改/],
  六: [/其他需要报告/],
};

/** The section a line opens, if it is a heading: short, no sentence, its own numeral or none. */
function headingOf(line: Line, from: number): number | undefined {
  if (line.cell || line.text.length > 40 || /[。；]/.test(line.text)) return undefined;
  const text = normLabel(line.text);
  const numeral = /^([一二三四五六])[、.．]/.exec(text)?.[1];
  if (!numeral && /^[（(0-9０-９]/.test(text)) return undefined;
  for (let i = from; i < sectionIds.length; i++) {
    const id = sectionIds[i];
    if ((!numeral || numeral === id) && headingWords[id].every((re) => re.test(text))) return i;
  }
  return undefined;
}

/** Title lines up to the one ending in 报告; unit and year from them. */
function readTitle(lines: Line[]): { unit: string; year: number; end: number } | undefined {
  let title = '';
  const first = lines.findIndex((l) => l.text !== '');
  for (let i = first; i >= 0 && i < Math.min(lines.length, first + 3); i++) {
    title += normLabel(lines[i].text);
    if (!/报告$/.test(title)) continue;
    const unitFirst = /^(.+?)((?:19|20)\d{2})年度?/.exec(title);
    const yearFirst = /^((?:19|20)\d{2})年度?(.+?)政府信息公开/.exec(title);
    if (unitFirst && !/^(?:19|20)\d{2}/.test(title)) return { unit: unitFirst[1], year: Number(unitFirst[2]), end: i + 1 };
    if (yearFirst) return { unit: yearFirst[2], year: Number(yearFirst[1]), end: i + 1 };
    return undefined;
  }
  return undefined;
}

const markers: Record<FormatId, RegExp> = {
  2019: /本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增\/减|采购总金额|政府集中采购/g,
  2021: /本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额|逾期不补正|收费通知/g,
};

/** The format from the labels the document prints; the report year decides a tie. */
function detectFormat(lines: Line[], year: number): FormatId {
  const text = lines.map((l) => normLabel(l.text)).join('');
  const hits = (id: FormatId) => text.match(markers[id])?.length ?? 0;
  const [old, revised] = [hits('2019'), hits('2021')];
  return old === revised ? formatForYear(year) : old > revised ? '2019' : '2021';
}

/** Prose lines of a text section: cleaned, tables inside it one line per row with tab-separated cells. */
function readProse(lines: Line[]): string[] {
  const out: string[] = [];
  let table: Line[] = [];
  const flush = () => {
    for (const row of readRows(table).rows) out.push(row.cells.filter((c) => c !== '').join('\t'));
    table = [];
  };
  lines.forEach((line, i) => {
    const continuesCell = !line.cell && line.text !== '' && lines[i - 1]?.cell;
    if (line.cell || continuesCell || (line.text === '' && table.length)) {
      table.push(line);
      return;
    }
    flush();
    if (line.text !== '') out.push(line.text);
  });
  flush();
  return out;
}

/** Split a trailing signer and date off the last section; page-number lines are dropped. */
function splitSignature(lines: string[]): { body: string[]; signature?: string } {
  const body = [...lines];
  while (body.length && /^[\s()（）0-9０-９]*$/.test(body.at(-1)!)) body.pop();
  if (!body.length || !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(body.at(-1)!)) return { body };
  const date = body.pop()!;
  const signer = body.at(-1);
  if (signer && signer.length <= 30 && !/[。：]$/.test(signer) && !signer.includes('：')) {
    body.pop();
    return { body, signature: `${signer}\n${date}` };
  }
  return { body, signature: date };
}

/** Import one report from its text. */
export function importText(text: string): ImportResult {
  const lines = readLines(text);
  const title = readTitle(lines);
  if (!title) {
    return { kind: 'failed', reason: '未能从标题读出单位和年份：标题应形如「某某镇2020年度政府信息公开工作年度报告」。' };
  }
  const starts: number[] = [];
  let next = 0;
  for (let i = title.end; i < lines.length && next < sectionIds.length; i++) {
    const section = headingOf(lines[i], next);
    if (section === undefined) continue;
    starts[section] = i;
    next = section + 1;
  }
  if (!starts.some((s) => s !== undefined)) {
    return { kind: 'failed', reason: '未找到「一、总体情况」至「六、其他需要报告的事项」中的任何标题，这不像一份政府信息公开工作年度报告。' };
  }
  const bodyOf = (section: number): Line[] => {
    const start = starts[section];
    if (start === undefined) return [];
    const end = starts.slice(section + 1).find((s) => s !== undefined) ?? lines.length;
    return lines.slice(start + 1, end);
  };
  const format = detectFormat(lines, title.year);
  const tables = [readActive(bodyOf(1), formats[format]), readRequests(bodyOf(2), formats[format]), readAppeals(bodyOf(3), formats[format])];
  const firstHeading = starts.find((s) => s !== undefined)!;
  const { body: other, signature } = splitSignature(readProse(bodyOf(5)));
  const texts: Partial<Record<TextId, string>> = {
    preface: readProse(lines.slice(title.end, firstHeading)).join('\n'),
    overview: readProse(bodyOf(0)).join('\n'),
    requestsNote: tables[1].prose.map((l) => cleanText(l.text)).filter((l) => !/勾稽关系/.test(l)).join('\n'),
    problems: readProse(bodyOf(4)).join('\n'),
    other: other.join('\n'),
    signature,
  };
  for (const id of Object.keys(texts) as TextId[]) if (!texts[id]) delete texts[id];

  const findings: Finding[] = tables.flatMap((t) => t.findings);
  sectionIds.forEach((id, i) => {
    if (starts[i] === undefined && i >= 1 && i <= 3) {
      findings.push({ rule: 'T3', severity: 'error', cells: [], message: `未找到「${formats[format].sections[i].title}」部分，六个部分须齐全。` });
    }
  });
  const problems = [
    ...tables.flatMap((t) => t.problems),
    ...[tables[0], tables[2]].flatMap((t) => t.prose).map((l) => ({ line: l.number, text: l.text, message: '表格部分中的文字未导入。' })),
  ];
  const values = Object.assign({}, ...tables.map((t) => t.values));
  return { kind: 'imported', report: { format, year: title.year, unit: title.unit, values, texts }, findings, problems };
}
