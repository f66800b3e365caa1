// 图表 of the overview: two small tables, hand-ins per day and the units' status by kind, and a
// column chart over each (drawn by xlsx-chart.ts once exceljs has written the workbook).
import type ExcelJS from 'exceljs';
import { stateWords, type ReportState } from '../../handlers/standing.ts';
import type { Overview } from './campaign-overview.ts';
import type { ColumnChart } from './xlsx-chart.ts';

/** The name of the sheet the charts are on. */
const CHARTS_SHEET = '图表';

const STATES: ReportState[] = ['none', 'draft', 'returned', 'submitted', 'approved', 'imported'];
const DAY_MS = 86_400_000;
// Tables in A:C and E:L, the charts to the right of them, one above the other.
const KINDS_COLUMN = 5;
const CHART_AT = { column: 13, columns: 9, rows: 18 };

/** Every day from `first` to `last` (YYYY-MM-DD), both included. */
function daysFrom(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The 图表 sheet with its two tables, and the charts to draw on it. */
export function chartsSheet(workbook: ExcelJS.Workbook, overview: Overview): { sheet: string; charts: ColumnChart[] } {
  // Printed on A4 landscape, the tables and the charts beside them on one page wide.
  const sheet = workbook.addWorksheet(CHARTS_SHEET, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 12 }, { width: 10 }, { width: 10 }, { width: 4 }, { width: 12 }, ...STATES.map(() => ({ width: 8 })), { width: 8 }];
  const bold = (row: number, column: number, text: string) => {
    const cell = sheet.getCell(row, column);
    cell.value = text;
    cell.font = { bold: true };
  };
  const charts: ColumnChart[] = [];

  // Hand-ins per day: the day of each handed-in report's last submission (an import has none).
  const perDay = new Map<string, number>();
  for (const u of overview.units) if (u.submittedAt) perDay.set(u.submittedAt.slice(0, 10), (perDay.get(u.submittedAt.slice(0, 10)) ?? 0) + 1);
  const dated = [...perDay.keys()].sort();
  const days = dated.length ? daysFrom(dated[0], dated[dated.length - 1]) : [];
  bold(1, 1, '每日提交数量');
  ['日期', '当日提交', '累计提交'].forEach((h, i) => bold(2, 1 + i, h));
  let sum = 0;
  days.forEach((day, i) => {
    sum += perDay.get(day) ?? 0;
    sheet.getRow(3 + i).values = [day, perDay.get(day) ?? 0, sum];
  });
  const undated = overview.handedIn - sum;
  sheet.getCell(4 + days.length, 1).value = days.length
    ? `按各单位最后一次提交的日期计${undated ? `；另有${undated}个已提交的单位没有提交日期（如导入的报告），未计入` : ''}。`
    : '尚无单位通过机器人提交报告。';
  if (days.length) {
    charts.push({
      title: '每日提交数量', stacked: false, categories: { range: { column: 1, top: 3, bottom: 2 + days.length }, labels: days },
      series: [{ name: { row: 2, column: 2, text: '当日提交' }, range: { column: 2, top: 3, bottom: 2 + days.length }, values: days.map((d) => perDay.get(d) ?? 0) }],
      at: { ...CHART_AT, row: 0 },
    });
  }

  // Status by unit kind, the kinds in the order of the units (by kind, then name).
  const kinds = [...new Set(overview.units.map((u) => u.kind))];
  const counts = kinds.map((kind) => STATES.map((state) => overview.units.filter((u) => u.kind === kind && u.status === state).length));
  bold(1, KINDS_COLUMN, '各类单位填报状态');
  ['单位类型', ...STATES.map((s) => stateWords[s]), '合计'].forEach((h, i) => bold(2, KINDS_COLUMN + i, h));
  kinds.forEach((kind, i) => {
    const row = sheet.getRow(3 + i);
    [kind, ...counts[i], counts[i].reduce((a, b) => a + b, 0)].forEach((v, j) => (row.getCell(KINDS_COLUMN + j).value = v));
  });
  if (kinds.length) {
    charts.push({
      title: '各类单位填报状态', stacked: true, categories: { range: { column: KINDS_COLUMN, top: 3, bottom: 2 + kinds.length }, labels: kinds },
      series: STATES.map((state, j) => ({
        name: { row: 2, column: KINDS_COLUMN + 1 + j, text: stateWords[state] },
        range: { column: KINDS_COLUMN + 1 + j, top: 3, bottom: 2 + kinds.length }, values: counts.map((c) => c[j]),
      })),
      at: { ...CHART_AT, row: charts.length ? CHART_AT.rows + 2 : 0 },
    });
  }
  return { sheet: CHARTS_SHEET, charts };
}
