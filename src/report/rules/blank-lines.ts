// A column or row of a table printed blank throughout while the figures around it are printed
// (a page that leaves the 总计 column empty, a 结转下年度 row left out): one finding that says what
// the printed figures imply it should hold, and those values stand in for the blank cells in the
// identities, so that the blank cells do not each come back as an identity error claiming 「总计为0」.
import { applicantColumns, formats } from '../formats.ts';
import { isBlank, valueOf, type Finding, type Report } from '../report.ts';

/** The report with each blank line's implied values filled in, one finding per line, and the cells they cover. */
export interface BlankLines {
  filled: Report;
  findings: Finding[];
  cells: Set<string>;
}

interface Line {
  name: string;
  ids: string[];
  /** The value the printed figures imply for a cell of the line, or undefined when they do not decide it. */
  implied(values: Report, id: string): number | undefined;
}

const cellId = (row: string, column: string) => `requests.${row}.${column}`;

function linesOf(report: Report): Line[] {
  const format = formats[report.format];
  const rows = format.requestRows.map((r) => r.id);
  const columns = format.requestColumns.map((c) => c.key);
  const outcomes = format.requestRows.filter((r) => r.role === 'outcome').map((r) => r.id);
  const rowOf = (id: string) => id.split('.').slice(1, -1).join('.');
  const columnOf = (id: string) => id.split('.').at(-1)!;
  const sum = (r: Report, ids: string[]) => ids.reduce((acc, id) => acc + valueOf(r, id), 0);
  const short = (row: string) => format.requestRows.find((r) => r.id === row)!.short;
  return [
    ...applicantColumns.map((column, i): Line => ({
      name: `第三部分「${format.requestColumns[i].label}」列`,
      ids: rows.map((row) => cellId(row, column)),
      implied: (r, id) => valueOf(r, cellId(rowOf(id), 'total')) - sum(r, applicantColumns.filter((c) => c !== column).map((c) => cellId(rowOf(id), c))),
    })),
    { name: '第三部分「总计」列', ids: rows.map((row) => cellId(row, 'total')), implied: (r, id) => sum(r, applicantColumns.map((c) => cellId(rowOf(id), c))) },
    { name: '第三部分「（七）总计」行', ids: columns.map((c) => cellId('total', c)), implied: (r, id) => sum(r, outcomes.map((o) => cellId(o, columnOf(id)))) },
    {
      name: `第三部分「${short('carriedForward')}」行`, ids: columns.map((c) => cellId('carriedForward', c)),
      implied: (r, id) => ['received', 'carriedOver'].reduce((a, row) => a + valueOf(r, cellId(row, columnOf(id))), 0) - valueOf(r, cellId('total', columnOf(id))),
    },
    {
      name: `第三部分「${short('received')}」行`, ids: columns.map((c) => cellId('received', c)),
      implied: (r, id) => valueOf(r, cellId('total', columnOf(id))) + valueOf(r, cellId('carriedForward', columnOf(id))) - valueOf(r, cellId('carriedOver', columnOf(id))),
    },
    // A single 总计 cell left blank in a printed row.
    ...rows.map((row): Line => ({
      name: `第三部分「${short(row)}·总计」`, ids: [cellId(row, 'total')], implied: (r, id) => sum(r, applicantColumns.map((c) => cellId(rowOf(id), c))),
    })),
    {
      name: '第四部分「总计」', ids: format.appealGroups.map((g) => `appeals.${g.key}.total`),
      implied: (r, id) => sum(r, ['upheld', 'corrected', 'other', 'pending'].map((o) => id.replace(/total$/, o))),
    },
  ];
}

/** Find the lines printed blank throughout, in an order where each is implied by printed cells or lines already filled. */
export function blankLines(report: Report): BlankLines {
  const filled: Report = { ...report, values: { ...report.values } };
  const findings: Finding[] = [];
  const cells = new Set<string>();
  const section = (id: string) => id.split('.')[0];
  for (const line of linesOf(report)) {
    if (!line.ids.every((id) => isBlank(filled, id))) continue;
    // Only a line among printed figures: a table left blank altogether is T7's.
    const others = formats[report.format].cells.filter((c) => c.id.startsWith(section(line.ids[0])) && !line.ids.includes(c.id));
    if (!others.some((c) => !isBlank(report, c.id))) continue;
    const implied = line.ids.map((id) => line.implied(filled, id));
    if (implied.some((v) => v === undefined || v < 0) || implied.every((v) => v === 0)) continue;
    line.ids.forEach((id, i) => {
      filled.values[id] = implied[i]!;
      cells.add(id);
    });
    const label = (id: string) => formats[report.format].cell.get(id)!.label;
    const fix = Object.fromEntries(line.ids.map((id, i) => [id, implied[i]!]));
    findings.push({
      rule: 'T7', severity: 'error', cells: line.ids,
      message: line.ids.length === 1
        ? `${line.name}空白；按表中所印的其他数字，应为${implied[0]}。`
        : `${line.name}全部空白；按表中所印的其他数字，应为：${line.ids.map((id, i) => `${label(id)} ${implied[i]}`).join('，')}。`,
      suggestion: `请补印${line.name}的数字。`,
      fix,
    });
  }
  return { filled, findings, cells };
}
