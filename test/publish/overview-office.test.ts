// The overview workbook as LibreOffice opens it (issue 16's acceptance): its 汇总表 read back as
// CSV has, for every cell of the format, the total the roll-up's Word file prints (the .docx read
// back by the importer) and each unit's own figure; and the charts of 图表 are read and saved again
// by LibreOffice over the ranges they were drawn from. Needs soffice (see test/support/office.ts).
import test from 'ava';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import { readCsv } from '../../src/admin/read-csv.ts';
import { keyFiguresOf, type Overview, type OverviewUnit } from '../../src/publish/campaign-overview.ts';
import { renderDocx } from '../../src/publish/docx.ts';
import { renderOverviewXlsx } from '../../src/publish/overview-xlsx.ts';
import { importDocx } from '../../src/publish/read-docx.ts';
import { rollUp } from '../../src/publish/rollup.ts';
import { formats } from '../../src/report/formats.ts';
import type { Report } from '../../src/report/report.ts';
import { convertWithLibreOffice, sheetAsCsv } from '../support/office.ts';
import { report2021, withValues } from '../support/reports.ts';

const named = (report: Report, unit: string): Report => ({ ...report, unit, year: 2022 });
// Three units handed in, one of them with 行政事业性收费 in 元 and fen; a fourth not started.
const reports = {
  东湖街道: named(report2021('jiedao-2022').report, '东湖街道'),
  清河街道: named(withValues(report2021('variant-2023').report, { 'active.fees.amountYuan': 3600.45 }), '清河街道'),
  白沙镇: named(report2021('jiedao-2022').report, '白沙镇'),
};

function unit(name: keyof typeof reports | '青石镇', kind: string, status: OverviewUnit['status'], submittedAt?: string): OverviewUnit {
  const report = name === '青石镇' ? undefined : reports[name];
  return {
    name, kind, deadline: '2023-01-20', status, percent: report ? 100 : 0, missing: report ? '' : '全部内容', daysLate: 0,
    ...(submittedAt && { submittedAt }), ...(report && { report }), findings: [], errors: 0, warnings: 0, figures: keyFiguresOf(report),
  };
}

function overview(): Overview {
  const units = [
    unit('东湖街道', '街道', 'submitted', '2023-01-18 10:00'), unit('清河街道', '街道', 'approved', '2023-01-16 09:00'),
    unit('白沙镇', '镇', 'submitted', '2023-01-18 15:00'), unit('青石镇', '镇', 'none'),
  ];
  return {
    campaign: { id: 1, year: 2022, format: '2021', deadlines: { default: '2023-01-20' } }, scope: '临江区', today: '2023-01-23', units, handedIn: 3,
    rollUp: rollUp('临江区（汇总）', 2022, '2021', units.map((u) => ({ unit: u.name, status: u.status, ...(u.report && { report: u.report }) }))),
    nearCopies: [],
  };
}

test('LibreOffice opens the workbook, and its 汇总表 has for every cell the total the roll-up\'s Word file prints and each unit\'s figure', async (t) => {
  const { rollUp: summed } = overview();
  const [csv, word] = await Promise.all([
    renderOverviewXlsx(overview()).then((xlsx) => sheetAsCsv(xlsx, 2)),
    renderDocx(summed.report, { signedOn: '2023-01-23' }).then((docx) => importDocx(docx, { unit: '临江区（汇总）', year: 2022 })),
  ]);
  if (word.kind !== 'imported') return t.fail(word.reason);
  const read = readCsv(csv);
  if (read.kind !== 'read') return t.fail(read.reason);
  const header = read.rows.findIndex((r) => r.fields[0] === '部分');
  t.deepEqual(read.rows[header].fields.slice(0, 7), ['部分', '项目', '字段编号', '合计（汇总）', '东湖街道', '清河街道', '白沙镇']);
  const cells = formats['2021'].cells;
  const rows = read.rows.slice(header + 1, header + 1 + cells.length).map((r) => r.fields);
  t.deepEqual(rows.map((r) => r[2]), cells.map((c) => c.id));
  t.deepEqual(rows.map((r) => [r[0], r[1]]), cells.map((c) => [c.section, c.label]));

  const number = (field: string) => (field === '' ? null : Number(field));
  // Money is in 万元 in both (the importer gives 元 back), to the fen.
  const yuan = (i: number, field: string) => (cells[i].kind === 'money' && field !== '' ? Math.round(Number(field) * 1_000_000) / 100 : number(field));
  // The Word file prints every cell of the sum; the sheet's blank is a cell no unit filled.
  t.deepEqual(rows.map((r, i) => yuan(i, r[3]) ?? 0), cells.map((c) => word.report.values[c.id] ?? 0));
  t.deepEqual(rows.map((r, i) => r.slice(4, 7).map((f) => yuan(i, f))), cells.map((c) => Object.values(reports).map((rep) => rep.values[c.id] ?? null)));
  t.is(rows[cells.findIndex((c) => c.kind === 'money')][3], '2.860045');
  t.is(number(rows[cells.findIndex((c) => c.id === 'requests.received.total')][3]), 48 + 16 + 48);
  t.true(cells.some((c) => c.kind === 'money' && (word.report.values[c.id] ?? 0) % 1 !== 0), 'a sum in fen is compared too');
});

/** Every c:f (a formula naming a range) in a chart part, in order, quotes around the sheet name dropped. */
function chartRanges(xml: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'c:f') out.push(String((value as { '#text': string }[])[0]['#text']).replace(/'/g, ''));
      else walk(value);
    }
  };
  walk(new XMLParser({ preserveOrder: true, ignoreAttributes: true }).parse(xml));
  return out;
}

test('LibreOffice reads the two charts of 图表 and saves them again over the same ranges', async (t) => {
  const saved = await JSZip.loadAsync(await convertWithLibreOffice(await renderOverviewXlsx(overview()), 'xlsx', 'xlsx'));
  const parts = Object.keys(saved.files).filter((name) => /^xl\/charts\/chart\d+\.xml$/.test(name)).sort();
  t.is(parts.length, 2);
  const ranges = await Promise.all(parts.map(async (name) => chartRanges(await saved.file(name)!.async('string'))));
  const states = ['F', 'G', 'H', 'I', 'J', 'K'];
  t.deepEqual(new Set(ranges.map((r) => JSON.stringify([...new Set(r)].sort()))), new Set([
    // Hand-ins per day, 16 to 18 January.
    JSON.stringify(['图表!$A$3:$A$5', '图表!$B$2', '图表!$B$3:$B$5']),
    // The six states (names and counts) over the two kinds.
    JSON.stringify([...states.flatMap((c) => [`图表!$${c}$2`, `图表!$${c}$3:$${c}$4`]), '图表!$E$3:$E$4'].sort()),
  ]));
});
