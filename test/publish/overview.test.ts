// The campaign overview and its Excel workbook, on both databases: a county's units with reports
// in every status (one in the 2019 format) and their audit trail, read back from the .xlsx and
// compared with the stored reports, the report core's findings, the cell sums of the handed-in
// reports, the hand-ins and approvals recorded, and the texts copied between units and years.
import test, { type ExecutionContext } from 'ava';
import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import type { DataSource } from 'typeorm';
import { standingOf } from '../../handlers/standing.ts';
import { CellChange } from '../../entities/cell-change.ts';
import { Member } from '../../entities/member.ts';
import type { ReportRecordStatus } from '../../handlers/standing.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { campaignRowOf, createCampaign, findCampaign } from '../../src/admin/campaigns.ts';
import { withdrawalKey } from '../../src/message-keys.ts';
import { importMembers } from '../../src/admin/import-members.ts';
import { importUnits } from '../../src/admin/import-units.ts';
import { storeReport } from '../../src/bot/store-report.ts';
import { keyFiguresOf, loadOverview, type Overview } from '../../src/publish/campaign-overview.ts';
import { renderOverviewXlsx } from '../../src/publish/overview-xlsx.ts';
import { rollUp } from '../../src/publish/rollup.ts';
import { checkReport, withoutMissingSections } from '../../src/report/check.ts';
import { formats } from '../../src/report/formats.ts';
import type { Report } from '../../src/report/report.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { report2021, seed, withValues } from '../support/reports.ts';

const units = [
  'name,kind,parent',
  '张家港市,县市政府,',
  '政务公开办,县级部门,张家港市',
  '财政局,县级部门,政务公开办',
  '杨舍镇,镇,政务公开办',
  '金港街道,街道,政务公开办',
  '南丰镇,镇,政务公开办',
  '乐余镇,镇,政务公开办',
  '凤凰镇,镇,张家港市',
  '外地镇,镇,',
].join('\n');
const members = [
  'userid,name,role,unit', 's1,审核人,审核人,政务公开办', 'f1,甲,填报人,财政局', 'f2,乙,填报人,杨舍镇', 'f3,丙,填报人,金港街道',
  'f4,丁,填报人,南丰镇', 'f5,戊,填报人,张家港市', 'f6,己,填报人,乐余镇', 'f7,庚,填报人,凤凰镇',
].join('\n');

const now = new Date('2026-02-03T09:00:00+08:00');

/** Each unit's stored 2025 report: its status, when it was handed in, and its report. */
const stored: Record<string, { status: ReportRecordStatus; submittedAt?: string; report: Report }> = {
  杨舍镇: { status: 'submitted', submittedAt: '2026-01-21T07:00:00+08:00', report: report2021('jiedao-2022').report },
  财政局: { status: 'approved', submittedAt: '2026-01-30T10:00:00+08:00', report: report2021('variant-2023').report },
  // 本年新收 one more than its parts: errors for the roll-up to carry.
  凤凰镇: { status: 'submitted', submittedAt: '2026-01-19T10:00:00+08:00', report: withValues(report2021('jiedao-2022').report, { 'requests.received.total': 49 }) },
  南丰镇: { status: 'submitted', submittedAt: '2026-01-18T10:00:00+08:00', report: seed('000').report },
  金港街道: { status: 'draft', report: { format: '2021', year: 2025, unit: '金港街道', values: { 'requests.received.natural': 3, 'requests.received.total': 3 }, texts: {} } },
  乐余镇: { status: 'returned', submittedAt: '2026-01-16T10:00:00+08:00', report: report2021('variant-2023').report },
};

/** The report as the overview reads it back: the campaign's year, the unit's name. */
const asLoaded = (unit: string): Report => ({ ...stored[unit].report, year: 2025, unit });

/** The county with a 2025 campaign of seven units (not 政务公开办, nor 外地镇) and their stored reports. */
async function county(t: ExecutionContext, database: TestDatabase): Promise<DataSource> {
  const db = await database.open(t);
  t.like(await importUnits(db, units), { kind: 'imported' });
  t.like(await importMembers(db, members), { kind: 'imported' });
  t.like(await createCampaign(db, {
    year: 2025, format: '2021', deadline: '2026-01-20', deadlineFor: { 县级部门: '2026-01-31', 县市政府: '2026-03-31' },
    units: ['张家港市', '财政局', '杨舍镇', '金港街道', '南丰镇', '乐余镇', '凤凰镇'],
  }), { kind: 'created', campaignId: 1 });
  for (const [name, { status, submittedAt, report }] of Object.entries(stored)) {
    const { id } = await db.manager.findOneByOrFail(Unit, { name });
    await storeReport(db, id, report, 2025, status);
    if (submittedAt) await db.manager.update(ReportRecord, { unitId: id, year: 2025 }, { submittedAt: new Date(submittedAt) });
  }
  // The audit trail as the bot writes it: 乙 handed 杨舍镇's report in, and 审核人 returned it and
  // withdrew the return (撤回退回); 丙 handed 财政局's in after 甲 had, and 审核人 approved it,
  // returned it and withdrew that return; 乐余镇 was handed in by 己 and returned. 凤凰镇 and 南丰镇
  // were stored by an admin and have no trail.
  const trail: [string, string, ReportRecordStatus, ReportRecordStatus, string, string?][] = [
    ['杨舍镇', 'f2', 'draft', 'submitted', '2026-01-21T07:00:00+08:00'],
    ['杨舍镇', 's1', 'submitted', 'returned', '2026-01-22T09:00:00+08:00'],
    ['杨舍镇', 's1', 'returned', 'submitted', '2026-01-22T09:05:00+08:00', withdrawalKey('msg:1')],
    ['财政局', 'f1', 'draft', 'submitted', '2026-01-29T16:00:00+08:00'],
    ['财政局', 's1', 'submitted', 'returned', '2026-01-29T17:00:00+08:00'],
    ['财政局', 'f3', 'returned', 'submitted', '2026-01-30T10:00:00+08:00'],
    ['财政局', 's1', 'submitted', 'approved', '2026-01-31T09:30:00+08:00'],
    ['财政局', 's1', 'approved', 'returned', '2026-02-02T09:00:00+08:00'],
    ['财政局', 's1', 'returned', 'approved', '2026-02-02T09:05:00+08:00', withdrawalKey('msg:1')],
    ['乐余镇', 'f6', 'draft', 'submitted', '2026-01-16T10:00:00+08:00'],
    ['乐余镇', 's1', 'submitted', 'returned', '2026-01-17T10:00:00+08:00'],
  ];
  for (const [name, userId, before, after, at, key = ''] of trail) {
    const { id: unitId } = await db.manager.findOneByOrFail(Unit, { name });
    const report = await db.manager.findOneByOrFail(ReportRecord, { unitId, year: 2025 });
    const member = await db.manager.findOneByOrFail(Member, { userId });
    await db.manager.insert(CellChange, { reportId: report.id, cell: 'status', oldValue: JSON.stringify(before), newValue: JSON.stringify(after), memberId: member.id, messageKey: `${key}m-${at}`, at: new Date(at) });
  }
  return db;
}

async function overviewOf(db: DataSource, campaignId: number, rootName?: string): Promise<Overview> {
  const root = rootName === undefined ? undefined : (await db.manager.findOneByOrFail(Unit, { name: rootName })).id;
  return db.transaction(async (m) => {
    const found = await findCampaign(m, campaignId);
    if (found.kind === 'missing') throw new Error(found.reason);
    return loadOverview(m, campaignRowOf(found.campaign), now, root);
  });
}

async function workbookOf(overview: Overview): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer.
  await workbook.xlsx.load(new Uint8Array(await renderOverviewXlsx(overview)).buffer);
  return workbook;
}

/** The values of the first `width` cells of a row; null for an empty cell. */
function rowOf(sheet: ExcelJS.Worksheet, row: number, width: number): ExcelJS.CellValue[] {
  return Array.from({ length: width }, (_, i) => sheet.getRow(row).getCell(i + 1).value);
}

// The key figures by the cells they sum, in the order of the sheet's columns.
const figureCells = [
  ['requests.received.total'], ['requests.carriedOver.total'], ['requests.total.total'], ['requests.carriedForward.total'],
  ['requests.granted.total'], ['appeals.review.total'], ['appeals.review.corrected'],
  ['appeals.directSuit.total', 'appeals.suitAfterReview.total'], ['appeals.directSuit.corrected', 'appeals.suitAfterReview.corrected'],
];
const figuresOf = (reports: Report[]) => figureCells.map((cells) => {
  const present = reports.flatMap((r) => cells.map((id) => r.values[id])).filter((v): v is number => typeof v === 'number');
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
});

// The format prints 行政事业性收费 in 万元 (the report stores 元), and so does the workbook.
const FEES = 'active.fees.amountYuan';
const asPrinted = (id: string, value: number | null) => (value !== null && id === FEES ? value / 10000 : value);

// Section 二 of the 2021 format, in its order, and the sum of each of its cells over reports, as printed.
const activeIds = formats['2021'].cells.filter((c) => c.section === '二').map((c) => c.id);
const activeOf = (reports: Report[]) => activeIds.map((id) => {
  const present = reports.map((r) => r.values[id]).filter((v): v is number => typeof v === 'number');
  return asPrinted(id, present.length ? present.reduce((a, b) => a + b, 0) : null);
});

const header = [
  '单位', '类型', '状态', '进度（%）', '待填内容', '截止日期', '逾期工作日', '提交时间', '通过时间', '填报人', '填报人企业微信账号', '错误数', '提醒数',
  '本年新收申请', '上年结转', '办结', '结转下年', '予以公开', '行政复议', '复议纠正', '行政诉讼', '诉讼纠正',
  ...formats['2021'].cells.filter((c) => c.section === '二').map((c) => `主动公开·${c.label}`),
];

forEachDatabase('the overview sheet has a row per unit with its status, days late, findings and figures, and the roll-up\'s total', async (t, database) => {
  const db = await county(t, database);
  const overview = await overviewOf(db, 1);
  const sheet = (await workbookOf(overview)).getWorksheet('填报情况')!;
  t.is(sheet.getCell('A1').value, '张家港市2025年度政府信息公开工作年度报告填报情况（截至2026-02-03）');
  t.deepEqual(rowOf(sheet, 2, header.length), header);
  t.like(sheet.views[0], { state: 'frozen', ySplit: 2 });
  t.is(header.length, 22 + 10);
  t.is(sheet.autoFilter, 'A2:AF9');

  type Handed = [submitted: string | null, approved: string | null, filer: string | null, userId: string | null];
  const expected = (unit: string, kind: string, status: string, deadline: string, daysLate: number, handed: Handed = [null, null, null, null]) => {
    const report = stored[unit] && asLoaded(unit);
    // A missing section is in 待填内容, not among the errors.
    const findings = report ? withoutMissingSections(checkReport(report)) : [];
    const standing = report ? standingOf({ report, status: 'draft' }) : { percent: 0, missing: '全部内容' };
    return [
      unit, kind, status, standing.percent, standing.missing, deadline, daysLate, ...handed,
      findings.filter((f) => f.severity === 'error').length, findings.filter((f) => f.severity === 'warning').length,
      ...(report ? figuresOf([report]) : figureCells.map(() => null)), ...(report ? activeOf([report]) : activeIds.map(() => null)),
    ];
  };
  const rows = [
    // Stored by an admin: handed in, but by nobody the trail names.
    expected('凤凰镇', '镇', '已提交', '2026-01-20', 0, ['2026-01-19 10:00', null, null, null]),
    // Returned: not handed in now, so neither date nor filer.
    // Returned on Saturday 17 January: three working days to hand in again, to the 21st; late 01-22 … 02-03.
    expected('乐余镇', '镇', '已退回', '2026-01-20', 9),
    expected('南丰镇', '镇', '已提交', '2026-01-20', 0, ['2026-01-18 10:00', null, null, null]),
    expected('杨舍镇', '镇', '已提交', '2026-01-20', 1, ['2026-01-21 07:00', null, '乙', 'f2']), // submitted 20 January 23:00 UTC, the 21st in China
    expected('金港街道', '街道', '填报中', '2026-01-20', 10),
    // Handed in again by 丙 after a return, then approved (a later return withdrawn).
    expected('财政局', '县级部门', '已通过', '2026-01-31', 0, ['2026-01-30 10:00', '2026-01-31 09:30', '丙', 'f3']),
    expected('张家港市', '县市政府', '未开始', '2026-03-31', 0),
  ];
  t.deepEqual(Array.from({ length: 7 }, (_, i) => rowOf(sheet, 3 + i, header.length)), rows);
  t.true((rows[0][11] as number) > 0, '凤凰镇\'s 本年新收 disagrees with its parts');
  // 杨舍镇's fees of 12,500 元.
  t.is(rowOf(sheet, 6, header.length)[header.indexOf('主动公开·行政事业性收费·本年收费金额（单位：万元）')], 1.25);

  // The handed-in reports of the campaign's format: 杨舍镇, 凤凰镇 and 财政局.
  const summed = figuresOf(['杨舍镇', '凤凰镇', '财政局'].map(asLoaded));
  t.is(summed[0], 48 + 49 + 16);
  const total = rowOf(sheet, 10, header.length);
  t.deepEqual([total[0], ...total.slice(13)], ['合计（汇总）', ...summed, ...activeOf(['杨舍镇', '凤凰镇', '财政局'].map(asLoaded))]);
  t.deepEqual(total.slice(1, 11), Array(10).fill(null));
  // The sum is checked again by the report core, and carries 凤凰镇's error.
  const again = withoutMissingSections(checkReport(overview.rollUp.report));
  t.deepEqual(total.slice(11, 13), [again.filter((f) => f.severity === 'error').length, again.filter((f) => f.severity === 'warning').length]);
  // 凤凰镇's 本年新收·总计 of 49 is one more than its parts (R3) and than its outcomes and carry-over (R1).
  t.deepEqual(again.filter((f) => f.severity === 'error').map((f) => f.rule), ['R1', 'R3']);
  t.is(sheet.getCell('A11').value, '合计为已提交（含已通过、已导入）的3个单位2021年格式报告逐项相加之和，并已重新核对（见「汇总报告问题」）；各项数字见「汇总表」。');
  t.is(sheet.getCell('A12').value,
    '未计入汇总的单位（4个）：乐余镇（已退回修改，尚未重新提交）、南丰镇（按2019年格式填报，与汇总的2021年格式不同）、金港街道（尚未提交）、张家港市（尚未开始填报）。');
});


// As the check command names them.
const severityWords = { error: '错误', warning: '提示', info: '参考' };

forEachDatabase('the findings sheet has exactly one row per finding of every unit, naming the cells as the format prints them', async (t, database) => {
  const db = await county(t, database);
  const overview = await overviewOf(db, 1);
  const workbook = await workbookOf(overview);
  const sheet = workbook.getWorksheet('问题清单')!;
  const units = ['凤凰镇', '乐余镇', '南丰镇', '杨舍镇', '金港街道', '财政局'];
  const findings = units.flatMap((unit) => withoutMissingSections(checkReport(asLoaded(unit))).map((f) => ({ unit, f })));
  t.deepEqual(rowOf(sheet, 1, 6), ['单位', '严重程度', '规则', '说明', '建议', '涉及单元格']);
  t.is(sheet.rowCount, 1 + findings.length);
  t.deepEqual(Array.from({ length: findings.length }, (_, i) => rowOf(sheet, 2 + i, 5)),
    findings.map(({ unit, f }) => [unit, severityWords[f.severity], f.rule, f.message, f.suggestion ?? null]));
  t.like(sheet.views[0], { state: 'frozen', ySplit: 1 });
  t.is(sheet.autoFilter, `A1:F${1 + findings.length}`);

  const cellsOf = (unit: string, rule: string) => sheet.getRow(2 + findings.findIndex((x) => x.unit === unit && x.f.rule === rule)).getCell(6).value;
  const r3 = findings.find((x) => x.unit === '凤凰镇' && x.f.rule === 'R3')!.f;
  t.is(cellsOf('凤凰镇', 'R3'), r3.cells.map((id) => formats['2021'].cell.get(id)!.label).join('、'));
  t.regex(String(cellsOf('凤凰镇', 'R3')), /^一、本年新收·总计、一、本年新收·自然人、/);
  // A section not yet written is in 待填内容, not in the list of problems.
  t.false(findings.some((x) => x.f.rule === 'T3'));
  t.is(sheet.getColumn(1).values.filter((v) => v === '金港街道').length, findings.filter((x) => x.unit === '金港街道').length);
  // The 2019 report's cells are named by the 2019 format.
  const p2 = findings.find((x) => x.unit === '南丰镇' && x.f.rule === 'P2')!.f;
  t.is(cellsOf('南丰镇', 'P2'), p2.cells.map((id) => formats['2019'].cell.get(id)!.label).join('、'));

  const rolled = workbook.getWorksheet('汇总报告问题')!;
  t.is(rolled.rowCount, 1 + overview.rollUp.findings.length);
  t.deepEqual(Array.from({ length: overview.rollUp.findings.length }, (_, i) => rowOf(rolled, 2 + i, 3)),
    overview.rollUp.findings.map((f) => ['张家港市（汇总）', severityWords[f.severity], f.rule]));
  t.true(overview.rollUp.findings.some((f) => f.rule === 'R3'), 'the roll-up is checked again and keeps 凤凰镇\'s error');

  const left = workbook.getWorksheet('未计入汇总')!;
  t.deepEqual(Array.from({ length: left.rowCount }, (_, i) => rowOf(left, 1 + i, 2)), [
    ['单位', '原因'], ['乐余镇', '已退回修改，尚未重新提交'], ['南丰镇', '按2019年格式填报，与汇总的2021年格式不同'], ['金港街道', '尚未提交'], ['张家港市', '尚未开始填报'],
  ]);
});

forEachDatabase('a supervisor\'s share is the units below its unit; the roll-up is named after the root, the common supervisor, or 全部单位', async (t, database) => {
  const db = await county(t, database);
  const share = await overviewOf(db, 1, '政务公开办');
  t.deepEqual(share.units.map((u) => u.name), ['乐余镇', '南丰镇', '杨舍镇', '金港街道', '财政局']);
  t.deepEqual([share.scope, share.handedIn, share.rollUp.report.unit, share.rollUp.included], ['政务公开办', 3, '政务公开办（汇总）', ['杨舍镇', '财政局']]);
  t.deepEqual(share.rollUp.report.values['requests.received.total'], 48 + 16);

  t.like(await createCampaign(db, { year: 2024, format: '2021', deadline: '2025-01-20', units: ['杨舍镇', '金港街道'], force: true }), { kind: 'created', campaignId: 2 });
  t.like(await createCampaign(db, { year: 2023, format: '2021', deadline: '2024-01-20', units: ['杨舍镇', '外地镇'], force: true }), { kind: 'created', campaignId: 3 });
  const two = await overviewOf(db, 2);
  t.deepEqual([two.scope, two.rollUp.report.unit], ['政务公开办', '政务公开办（汇总）']);
  const apart = await overviewOf(db, 3);
  t.deepEqual([apart.scope, apart.rollUp.report.unit, apart.rollUp.left], ['全部单位', '全部单位（汇总）', [
    { unit: '外地镇', reason: '尚未开始填报' }, { unit: '杨舍镇', reason: '尚未开始填报' },
  ]]);
  t.deepEqual(apart.units.map((u) => [u.name, u.status, u.daysLate, u.findings]), [['外地镇', 'none', 518, []], ['杨舍镇', 'none', 518, []]]);
});

test('a key figure sums its cells, blank cells not counted, and is blank when all of them are', (t) => {
  const report: Report = { format: '2021', year: 2025, unit: '杨舍镇', values: { 'appeals.directSuit.total': 2, 'appeals.suitAfterReview.total': null, 'requests.received.total': 0 }, texts: {} };
  t.like(keyFiguresOf(report), { suits: 2, received: 0, concluded: null, suitsCorrected: null });
  t.deepEqual(Object.values(keyFiguresOf(undefined)), Array(9).fill(null));
});

test('past twenty units left out, the note names the first twenty and the 未计入汇总 sheet every one', async (t) => {
  const campaign = { id: 1, year: 2025, format: '2021' as const, deadlines: { default: '2026-01-20' } };
  const names = Array.from({ length: 25 }, (_, i) => `第${i + 1}镇`);
  const units = names.map((name) => ({
    name, kind: '镇', deadline: '2026-01-20', status: 'none' as const, percent: 0, missing: '全部内容', daysLate: 14, findings: [], errors: 0, warnings: 0, figures: keyFiguresOf(undefined),
  }));
  const overview: Overview = {
    campaign, scope: '某县', today: '2026-02-03', units, handedIn: 0, rollUp: rollUp('某县（汇总）', 2025, '2021', names.map((unit) => ({ unit, status: 'none' }))),
    nearCopies: [],
  };
  const workbook = await workbookOf(overview);
  const sheet = workbook.getWorksheet('填报情况')!;
  t.is(sheet.getCell(3 + 25 + 2, 1).value, `未计入汇总的单位共25个，全部名单见「未计入汇总」表；前20个为：${names.slice(0, 20).map((n) => `${n}（尚未开始填报）`).join('、')}。`);
  t.is(workbook.getWorksheet('未计入汇总')!.rowCount, 1 + 25);
  // Nothing handed in: no near-copies, no hand-ins per day, and no chart over them.
  t.is(workbook.getWorksheet('内容雷同')!.getCell('A2').value, '未发现一、五、六部分文字与本年其他单位或本单位上年报告相似度达80%以上的情况（按字符比对，不计标点；50字以下的短句不比对）。');
  t.is(workbook.getWorksheet('图表')!.getCell('A4').value, '尚无单位通过机器人提交报告。');
  const zip = await JSZip.loadAsync(await renderOverviewXlsx(overview));
  t.deepEqual(Object.keys(zip.files).filter((name) => name.startsWith('xl/charts/')), ['xl/charts/chart1.xml']);
});

forEachDatabase('汇总表 has every cell of the format: its sum, then the figure of each unit summed, in the order of the units', async (t, database) => {
  const db = await county(t, database);
  const sheet = (await workbookOf(await overviewOf(db, 1))).getWorksheet('汇总表')!;
  t.is(sheet.getCell('A1').value, '张家港市（汇总）2025年度政府信息公开工作年度报告汇总表（2021年格式，截至2026-02-03）');
  const summed = ['凤凰镇', '杨舍镇', '财政局'];
  t.deepEqual(rowOf(sheet, 2, 7), ['部分', '项目', '字段编号', '合计（汇总）', ...summed]);
  const cells = formats['2021'].cells;
  t.deepEqual(Array.from({ length: cells.length }, (_, i) => rowOf(sheet, 3 + i, 7)), cells.map((c) => {
    const values = summed.map((unit) => asLoaded(unit).values[c.id] ?? null);
    const present = values.filter((v): v is number => v !== null);
    return [c.section, c.label, c.id, asPrinted(c.id, present.length ? present.reduce((a, b) => a + b, 0) : null), ...values.map((v) => asPrinted(c.id, v))];
  }));
  t.deepEqual(rowOf(sheet, 3 + cells.findIndex((c) => c.id === FEES), 7).slice(3), [1.25 + 0.36 + 1.25, 1.25, 1.25, 0.36]);
  t.like(sheet.views[0], { state: 'frozen', xSplit: 4, ySplit: 2 });
  t.is(sheet.getCell(3 + cells.length, 1).value, '合计（汇总）为右侧3个单位的数字逐项相加之和，与汇总报告（Word）所印数字相同；空白为各单位均未填写。');
});

forEachDatabase('内容雷同 lists the texts copied from another unit this year or from the unit\'s own last year', async (t, database) => {
  const db = await county(t, database);
  // 南丰镇's 2024 report has the texts of its 2025 one; its 六 is too short to compare.
  const { id } = await db.manager.findOneByOrFail(Unit, { name: '南丰镇' });
  await storeReport(db, id, seed('000').report, 2024, 'imported');
  const sheet = (await workbookOf(await overviewOf(db, 1))).getWorksheet('内容雷同')!;
  // 凤凰镇 and 杨舍镇 filed the same texts, as did 乐余镇 and 财政局 (in the fixtures, every text over 50 characters).
  t.deepEqual(Array.from({ length: 10 }, (_, i) => rowOf(sheet, 1 + i, 4)), [
    ['单位', '部分', '与之雷同', '相似度（%）'],
    ['凤凰镇', '一、总体情况', '杨舍镇', 100], ['乐余镇', '一、总体情况', '财政局', 100], ['南丰镇', '一、总体情况', '本单位2024年度报告', 100],
    ['凤凰镇', '五、存在的主要问题及改进情况', '杨舍镇', 100], ['乐余镇', '五、存在的主要问题及改进情况', '财政局', 100], ['南丰镇', '五、存在的主要问题及改进情况', '本单位2024年度报告', 100],
    ['凤凰镇', '六、其他需要报告的事项', '杨舍镇', 100], ['乐余镇', '六、其他需要报告的事项', '财政局', 100],
    // A merged cell: exceljs gives its value in each.
    Array(4).fill('以上为一、五、六部分文字与本年其他单位或本单位上年报告相似度达80%以上的情况（按字符比对，不计标点；50字以下的短句不比对）。'),
  ]);
  t.is(sheet.autoFilter, 'A1:D9');
});

forEachDatabase('图表 has the hand-ins per day and the status by unit kind, and a column chart over each table', async (t, database) => {
  const db = await county(t, database);
  const overview = await overviewOf(db, 1);
  const xlsx = await renderOverviewXlsx(overview);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(xlsx).buffer);
  const sheet = workbook.getWorksheet('图表')!;
  // 南丰镇 on the 18th, 凤凰镇 the 19th, 杨舍镇 the 21st, 财政局 (again) the 30th.
  const days = Array.from({ length: 13 }, (_, i) => `2026-01-${String(18 + i).padStart(2, '0')}`);
  const perDay = days.map((d) => ({ '2026-01-18': 1, '2026-01-19': 1, '2026-01-21': 1, '2026-01-30': 1 })[d] ?? 0);
  t.deepEqual(Array.from({ length: 2 + days.length }, (_, i) => rowOf(sheet, 1 + i, 3)), [
    ['每日提交数量', null, null], ['日期', '当日提交', '累计提交'], ...days.map((d, i) => [d, perDay[i], perDay.slice(0, i + 1).reduce((a, b) => a + b, 0)]),
  ]);
  t.is(sheet.getCell(4 + days.length, 1).value, '按各单位最后一次提交的日期计。');
  t.deepEqual(Array.from({ length: 6 }, (_, i) => rowOf(sheet, 1 + i, 12).slice(4)), [
    ['各类单位填报状态', null, null, null, null, null, null, null],
    ['单位类型', '未开始', '填报中', '已退回', '已提交', '已通过', '已导入', '合计'],
    ['镇', 0, 0, 1, 3, 0, 0, 4], ['街道', 0, 1, 0, 0, 0, 0, 1], ['县级部门', 0, 0, 0, 0, 1, 0, 1], ['县市政府', 1, 0, 0, 0, 0, 0, 1],
  ]);

  // The sheet's drawing, its two charts, and their content types.
  const zip = await JSZip.loadAsync(xlsx);
  const text = (name: string) => zip.file(name)!.async('string');
  const types = await text('[Content_Types].xml');
  const workbookXml = await text('xl/workbook.xml');
  const sheetId = /<sheet [^>]*name="图表"[^>]*r:id="(rId\d+)"/.exec(workbookXml)![1];
  const sheetFile = new RegExp(`Id="${sheetId}"[^>]*Target="/?(?:xl/)?([^"]+)"`).exec(await text('xl/_rels/workbook.xml.rels'))![1];
  const sheetXml = await text(`xl/${sheetFile}`);
  const drawingId = /<drawing r:id="(rId\d+)"\/>/.exec(sheetXml)![1];
  // After the page setup, as the schema orders a worksheet's parts.
  t.regex(sheetXml, new RegExp(`<pageSetup [^>]*/><drawing r:id="${drawingId}"/></worksheet>$`));
  const sheetRels = await text(`xl/${sheetFile.replace(/([^/]+)$/, '_rels/$1.rels')}`);
  t.regex(sheetRels, new RegExp(`Id="${drawingId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"`));
  t.regex(await text('xl/drawings/_rels/drawing1.xml.rels'), /Id="rId1" Type="[^"]+\/chart" Target="..\/charts\/chart1.xml".*Id="rId2" Type="[^"]+\/chart" Target="..\/charts\/chart2.xml"/);
  const typeOf = (part: string) => new RegExp(`<Override PartName="${part}" ContentType="([^"]+)"/>`).exec(types)?.[1];
  t.deepEqual(['/xl/drawings/drawing1.xml', '/xl/charts/chart1.xml', '/xl/charts/chart2.xml'].map(typeOf), [
    'application/vnd.openxmlformats-officedocument.drawing+xml',
    'application/vnd.openxmlformats-officedocument.drawingml.chart+xml', 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  ]);

  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  type Ser = { tx: { strRef: { f: string } }; cat: { strRef: { f: string; strCache: { pt: { v: string }[] | { v: string } } } }; val: { numRef: { f: string; numCache: { pt: { v: number }[] } } } };
  const barOf = async (n: number) => {
    const bar = parser.parse(await text(`xl/charts/chart${n}.xml`))['c:chartSpace']['c:chart']['c:plotArea']['c:barChart'];
    const series = [bar['c:ser']].flat().map((s: Record<string, unknown>) => JSON.parse(JSON.stringify(s).replace(/"c:/g, '"')) as Ser);
    return { grouping: bar['c:grouping'].val as string, series };
  };
  const perDayChart = await barOf(1);
  t.is(perDayChart.grouping, 'clustered');
  t.deepEqual(perDayChart.series.map((s) => [s.tx.strRef.f, s.cat.strRef.f, s.val.numRef.f]), [["'图表'!$B$2", "'图表'!$A$3:$A$15", "'图表'!$B$3:$B$15"]]);
  t.deepEqual(perDayChart.series[0].val.numRef.numCache.pt.map((p) => p.v), perDay);
  const kinds = await barOf(2);
  t.is(kinds.grouping, 'stacked');
  t.deepEqual(kinds.series.map((s) => [s.tx.strRef.f, s.cat.strRef.f, s.val.numRef.f]), ['F', 'G', 'H', 'I', 'J', 'K'].map((c) => [`'图表'!$${c}$2`, "'图表'!$E$3:$E$6", `'图表'!$${c}$3:$${c}$6`]));
  t.deepEqual(kinds.series.map((s) => s.val.numRef.numCache.pt.map((p) => p.v)), [[0, 0, 0, 1], [0, 1, 0, 0], [1, 0, 0, 0], [3, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]]);
});
