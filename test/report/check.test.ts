import test from 'ava';
import { readFileSync } from 'node:fs';
import { checkReport, hasErrors } from '../../src/report/check.ts';
import { importText } from '../../src/report/import/import-text.ts';
import { formats } from '../../src/report/formats.ts';
import { quotedFigures } from '../../src/report/prose.ts';
import type { Finding, Report, Severity } from '../../src/report/report.ts';
import { report2021, seed, seedFiles, withTexts, withValues, type SeedId } from '../support/reports.ts';

// ---------------------------------------------------------------------------------------------
// Helpers: findings without their (long, Chinese) message, so assertions stay exact but readable.

interface Brief {
  rule: string;
  severity: Severity;
  cells: string[];
  suggestion?: string;
}

const brief = (f: Finding): Brief => ({
  rule: f.rule, severity: f.severity, cells: f.cells, ...(f.suggestion !== undefined && { suggestion: f.suggestion }),
});

/** The findings of one rule, briefly. */
const only = (findings: Finding[], rule: string): Brief[] => findings.filter((f) => f.rule === rule).map(brief);

/** [rule, first cell] of the findings of one severity, sorted: a set that a new finding changes. */
const keys = (findings: Finding[], severity: Severity): [string, string][] =>
  findings.filter((f) => f.severity === severity).map((f): [string, string] => [f.rule, f.cells[0] ?? '']).sort((a, b) => a.join().localeCompare(b.join()));

/** Everything said about a seed: the importer's findings and the checker's. */
function seedFindings(id: SeedId): Finding[] {
  const { report, findings } = seed(id);
  return [...findings, ...checkReport(report)];
}

const columns = ['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'];
// Written out from field-ids.md, not taken from src/, so a wrong format model shows up here.
const outcomeRows2019 = [
  'granted', 'partlyGranted',
  'refused.stateSecret', 'refused.prohibitedByLaw', 'refused.threeSecurities', 'refused.thirdParty',
  'refused.internalAffairs', 'refused.processInfo', 'refused.enforcementFile', 'refused.queryMatter',
  'unavailable.notHeld', 'unavailable.needsCreation', 'unavailable.stillUnclear',
  'notProcessed.petition', 'notProcessed.duplicate', 'notProcessed.publication', 'notProcessed.excessive', 'notProcessed.confirmation',
  'otherHandling',
];
const outcomeRows2021 = [
  ...outcomeRows2019.slice(0, -1), 'otherHandling.noCorrection', 'otherHandling.unpaidFee', 'otherHandling.other',
];
const r1Cells = (column: string) => ['received', 'carriedOver', 'total', 'carriedForward'].map((row) => `requests.${row}.${column}`);
const r2Cells = (rows: string[], column: string) => [`requests.total.${column}`, ...rows.map((row) => `requests.${row}.${column}`)];
const rowCells = (row: string) => [`requests.${row}.total`, ...columns.slice(0, 6).map((c) => `requests.${row}.${c}`)];

/** 清河街道 2022 (2021 format, consistent) as imported. */
const jiedao = (): Report => report2021('jiedao-2022').report;
/** 百步镇 2020 (2019 format, consistent, no finding at all) as imported. */
const baibu = (): Report => seed('003').report;

/** A 2021 report for 清河街道 that is exactly what jiedao 2022 follows from: no cross-year finding. */
function jiedaoLastYear(): Report {
  const report = jiedao();
  const carriedForward = Object.fromEntries(columns.map((c) => [`requests.carriedForward.${c}`, report.values[`requests.carriedOver.${c}`] ?? 0]));
  // 2022: 12 in force = 10 + 3 issued − 1 repealed.
  return withValues(report, { ...carriedForward, 'active.norms.inForce': 10 }, { year: 2021 });
}

/** A 2019 report for 百步镇 that 百步镇 2020 follows from once 行政许可 上一年项目数量 is 7. */
function baibuLastYear(): Report {
  return withValues(baibu(), { 'active.licensing.prevItems': 5, 'active.licensing.itemsDelta': 2 }, { year: 2019 });
}

// ---------------------------------------------------------------------------------------------
// 1. The five real seeds.

test('seed 000 (杨舍镇): no error; warns of the blank cells of 三 and of 48487 行政处罚 in 本年增/减', (t) => {
  const findings = seedFindings('000');
  t.deepEqual(keys(findings, 'error'), []);
  t.deepEqual(keys(findings, 'warning'), [['P2', 'active.penalty.prevItems'], ['T7', 'requests.received.business']]);
  t.deepEqual(keys(findings, 'info'), []);
  t.deepEqual(only(findings, 'P2'), [{
    rule: 'P2', severity: 'warning', cells: ['active.penalty.prevItems', 'active.penalty.itemsDelta', 'active.penalty.decisions'],
    suggestion: '本年增/减应为事项个数的变化（通常为0或个位数），请核对「行政处罚·本年增/减」。',
  }]);
  // Only 自然人 and 总计 are printed in 三: the four 法人 columns, and whole rows, are blank.
  t.is(findings.find((f) => f.rule === 'T7')!.cells.length, 141);
});

test('seed 001 (竹亭镇): no error; warns of the bare 1400000 read as 元 and of 街道 / 2020年…我们将 in a 镇 2020 report', (t) => {
  const findings = seedFindings('001');
  t.deepEqual(keys(findings, 'error'), []);
  t.deepEqual(keys(findings, 'warning'), [['P4', 'active.procurement.amountYuan'], ['T6', 'texts.overview'], ['T6', 'texts.problems']]);
  t.deepEqual(keys(findings, 'info'), []);
  t.is(seed('001').report.values['active.procurement.amountYuan'], 1400000);
  t.deepEqual(only(findings, 'T6').map((f) => f.suggestion), [undefined, '是否应为「2021年」？']);
});

test('seed 002 (王店镇): no error; one T7 for the wholly blank 三 and one for the wholly blank 四', (t) => {
  const findings = seedFindings('002');
  t.deepEqual(keys(findings, 'error'), []);
  t.deepEqual(keys(findings, 'warning'), [['T7', 'appeals.review.upheld'], ['T7', 'requests.received.natural']]);
  t.deepEqual(keys(findings, 'info'), []);
  t.deepEqual(findings.filter((f) => f.rule === 'T7').map((f) => [f.cells.length, f.message]), [
    [161, '第三部分表格全部空白，按全部为0处理；发布时应逐格填写0，不宜留空或只标「无」。'],
    [15, '第四部分表格全部空白，按全部为0处理；发布时应逐格填写0，不宜留空或只标「无」。'],
  ]);
});

test('seed 003 (百步镇): no finding at all', (t) => {
  t.deepEqual(seedFindings('003'), []);
  t.false(hasErrors(checkReport(baibu())));
});

test('seed 004 (同江市): the 4 pending 法律服务机构 applications counted in （七） too give R1 and R2 for that column and for 总计', (t) => {
  const findings = seedFindings('004');
  t.true(hasErrors(findings));
  const legal = '（七）总计比各办理结果之和多4，与「结转下年度」的4相同——是否把未办结的4件也算进了总计？建议将（七）总计·法律服务机构改为0。';
  const total = '（七）总计比各办理结果之和多4，与「结转下年度」的4相同——是否把未办结的4件也算进了总计？建议将（七）总计·总计改为21。';
  t.deepEqual(findings.filter((f) => f.severity === 'error').map(brief), [
    { rule: 'R1', severity: 'error', cells: r1Cells('legalService'), suggestion: legal },
    { rule: 'R2', severity: 'error', cells: r2Cells(outcomeRows2019, 'legalService'), suggestion: legal },
    { rule: 'R1', severity: 'error', cells: r1Cells('total'), suggestion: total },
    { rule: 'R2', severity: 'error', cells: r2Cells(outcomeRows2019, 'total'), suggestion: total },
  ]);
  t.deepEqual(keys(findings, 'warning'), [['P2', 'active.coercion.prevItems'], ['P2', 'active.otherServices.prevItems']]);
  t.deepEqual(keys(findings, 'info'), []);
});

test('T1 reads from seed 000 every figure its overview states', (t) => {
  const figures = quotedFigures(seed('000').report.texts.overview!, formats['2019']).map((f) => [f.what, f.value]);
  t.deepEqual(figures, [
    ['新收申请', 23], ['上年结转', 1], ['办结', 22], ['结转下年度', 2], ['予以公开', 9], ['部分公开', 1],
    ['不予公开', 1], ['无法提供', 9], ['不掌握相关政府信息', 8], ['补正后仍不明确', 1], ['其他处理', 2], ['行政复议', 1],
  ]);
});

test('T1 reads from seed 004 the 25 applications and the one 复议/诉讼 case, and from seed 003 3 received, 2 partly, 1 refused', (t) => {
  const figures = (id: SeedId) => quotedFigures(seed(id).report.texts.overview!, formats['2019']).map((f) => [f.what, f.value, f.cells]);
  t.deepEqual(figures('004'), [
    ['受理申请', 25, ['requests.received.total']],
    ['行政复议和行政诉讼', 1, ['appeals.review.total', 'appeals.directSuit.total', 'appeals.suitAfterReview.total']],
  ]);
  t.deepEqual(figures('003'), [
    ['新收申请', 3, ['requests.received.total']],
    ['部分公开', 2, ['requests.partlyGranted.total']],
    ['不予公开', 1, outcomeRows2019.filter((r) => r.startsWith('refused.')).map((r) => `requests.${r}.total`)],
  ]);
});

// ---------------------------------------------------------------------------------------------
// 2. The 2021-format fixtures.

for (const name of ['jiedao-2022', 'variant-2023'] as const) {
  test(`2021 fixture ${name}: imports and checks without error or T1 finding`, (t) => {
    const { report, findings } = report2021(name);
    t.is(report.format, '2021');
    t.deepEqual(findings, []);
    const checked = checkReport(report);
    t.deepEqual(keys(checked, 'error'), []);
    t.deepEqual(only(checked, 'T1'), []);
  });
}

test('jiedao 2022: all twelve figures of the overview agree with the tables', (t) => {
  const report = jiedao();
  const figures = quotedFigures(report.texts.overview!, formats['2021']);
  t.is(figures.length, 12);
  t.deepEqual(figures.map((f) => f.value), figures.map((f) => f.cells.reduce((acc, id) => acc + (report.values[id] ?? 0), 0)));
});

test('jiedao 2022 with 一、本年新收·总计 raised by 1: R3 for the row, R1 for 总计 and T1 against the prose', (t) => {
  const findings = checkReport(withValues(jiedao(), { 'requests.received.total': 49 }));
  t.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => [f.rule, f.cells[0]]).sort(), [
    ['R1', 'requests.received.total'], ['R3', 'requests.received.total'], ['T1', 'requests.received.total'],
  ]);
  t.deepEqual(only(findings, 'T1'), [{
    rule: 'T1', severity: 'error', cells: ['requests.received.total'], suggestion: '请核对文字与表格，改正其中有误的一处。',
  }]);
});

// ---------------------------------------------------------------------------------------------
// 3. One test per rule: a consistent report, one change, the rule fires where expected.

test('R1: 结转下年度 off by one breaks 一+二=（七）+四 but not R2, and the suggestion names 结转下年度 with its value', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'R1'), []);
  const findings = checkReport(withValues(jiedao(), { 'requests.carriedForward.natural': 4, 'requests.carriedForward.total': 5 }));
  t.deepEqual(only(findings, 'R1'), [
    { rule: 'R1', severity: 'error', cells: r1Cells('natural'), suggestion: '各办理结果与（七）总计一致；若本年新收和上年结转无误，四、结转下年度·自然人应为3。' },
    { rule: 'R1', severity: 'error', cells: r1Cells('total'), suggestion: '各办理结果与（七）总计一致；若本年新收和上年结转无误，四、结转下年度·总计应为4。' },
  ]);
  t.deepEqual(only(findings, 'R2'), []);
  // The prose says 结转下年度4件, so T1 is the only other error.
  t.deepEqual(keys(findings, 'error'), [['R1', 'requests.received.natural'], ['R1', 'requests.received.total'], ['T1', 'requests.carriedForward.total']]);
});

test('R2: an outcome row one short makes （七）总计 disagree with the outcomes, not with 一+二−四', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'R2'), []);
  const findings = checkReport(withValues(jiedao(), { 'requests.granted.natural': 16, 'requests.granted.total': 21 }));
  const suggestion = '（七）总计与一、二、四相符，可能某个办理结果漏填了1件，请逐行核对。';
  t.deepEqual(only(findings, 'R2'), [
    { rule: 'R2', severity: 'error', cells: r2Cells(outcomeRows2021, 'natural'), suggestion },
    { rule: 'R2', severity: 'error', cells: r2Cells(outcomeRows2021, 'total'), suggestion },
  ]);
  t.deepEqual(only(findings, 'R1'), []);
  t.deepEqual(only(findings, 'R5'), [], 'fewer outcomes than （七） is not a double count');
});

test('R3: a row total that is not the sum of the six applicant columns, and a row with only its total filled', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'R3'), []);
  t.deepEqual(only(checkReport(withValues(jiedao(), { 'requests.granted.total': 23 })), 'R3'), [
    { rule: 'R3', severity: 'error', cells: rowCells('granted'), suggestion: '总计应为各类申请人之和，建议将「（一）予以公开·总计」改为22。' },
  ]);
  // （三）1 国家秘密 is printed blank in every column: filling only its 总计 asks for the split.
  t.deepEqual(only(checkReport(withValues(jiedao(), { 'requests.refused.stateSecret.total': 1 })), 'R3'), [
    { rule: 'R3', severity: 'error', cells: rowCells('refused.stateSecret'), suggestion: '只填了总计：请按申请人类型分列（如全部为自然人，则自然人填1）。' },
  ]);
});

test('R4: a negative count and a fraction of an application in 三 or 四 are errors', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'R4'), []);
  const findings = checkReport(withValues(jiedao(), {
    'requests.granted.business': -1, 'requests.refused.processInfo.natural': 1.5, 'appeals.review.upheld': -1,
  }));
  t.deepEqual(only(findings, 'R4'), [
    { rule: 'R4', severity: 'error', cells: ['requests.granted.business'] },
    { rule: 'R4', severity: 'error', cells: ['requests.refused.processInfo.natural'] },
    { rule: 'R4', severity: 'error', cells: ['appeals.review.upheld'] },
  ]);
  t.is(findings.find((f) => f.rule === 'R4')!.message, '「（一）予以公开·商业企业」为-1，应为不小于0的整数。');
});

test('R5: a 部分公开 application also counted under （三）4 第三方权益 with （七） unchanged', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'R5'), []);
  const findings = checkReport(withValues(jiedao(), { 'requests.refused.thirdParty.natural': 3, 'requests.refused.thirdParty.total': 4 }));
  const suggestion = '请检查部分公开的申请是否同时计入了（三）或（四）的某一行。';
  t.deepEqual(only(findings, 'R5'), [
    { rule: 'R5', severity: 'error', cells: ['requests.partlyGranted.natural', 'requests.total.natural'], suggestion },
    { rule: 'R5', severity: 'error', cells: ['requests.partlyGranted.total', 'requests.total.total'], suggestion },
  ]);
  // Besides R5: R2 in both columns, and T1 since the prose says 不予公开4件 while （三） now sums to 5.
  t.deepEqual(keys(findings, 'error').filter(([rule]) => rule !== 'R5'), [['R2', 'requests.total.natural'], ['R2', 'requests.total.total'], ['T1', 'requests.refused.stateSecret.total']]);
});

test('R6: a 行政复议 总计 that is not 维持+纠正+其他+尚未审结', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'R6'), []);
  const findings = checkReport(withValues(jiedao(), { 'appeals.review.total': 3 }));
  t.deepEqual(only(findings, 'R6'), [{
    rule: 'R6', severity: 'error',
    cells: ['appeals.review.total', 'appeals.review.upheld', 'appeals.review.corrected', 'appeals.review.other', 'appeals.review.pending'],
    suggestion: '建议将「行政复议·总计」改为2。',
  }]);
  // The overview says 被申请行政复议2件.
  t.deepEqual(only(findings, 'T1').map((f) => f.cells), [['appeals.review.total']]);
});

test('R7: fees finer than the 分 and a fractional count in section 二 are errors', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'R7'), []);
  t.deepEqual(only(checkReport(withValues(jiedao(), { 'active.fees.amountYuan': 12500.125, 'active.licensing.decisions': 2.5 })), 'R7'), [
    { rule: 'R7', severity: 'error', cells: ['active.licensing.decisions'] },
    { rule: 'R7', severity: 'error', cells: ['active.fees.amountYuan'] },
  ]);
  t.deepEqual(only(checkReport(withValues(baibu(), { 'active.norms.total': 2.5 })), 'R7'), [
    { rule: 'R7', severity: 'error', cells: ['active.norms.total'] },
  ]);
});

test('R7: money to the 分 is accepted when binary floating point holds it exactly (12500.25 元, 0.5 元)', (t) => {
  t.deepEqual(only(checkReport(withValues(jiedao(), { 'active.fees.amountYuan': 12500.25 })), 'R7'), []);
  t.deepEqual(only(checkReport(withValues(baibu(), { 'active.procurement.amountYuan': 1054900.5 })), 'R7'), []);
});

// Amounts to the 分 that binary floating point cannot hold exactly: 1054900.1 * 100 = 105490010.00000001.
test('R7: money to the 分 that binary floating point cannot hold exactly (1054900.10 元, 1.15 元) is no error', (t) => {
  t.deepEqual(only(checkReport(withValues(baibu(), { 'active.procurement.amountYuan': 1054900.1 })), 'R7'), []);
  t.deepEqual(only(checkReport(withValues(jiedao(), { 'active.fees.amountYuan': 1.15 })), 'R7'), []);
});

// The same, end to end: seed 003 with its 采购总金额 printed 「1054900.10元」 instead of 「1054900元」.
test('R7: seed 003 printing 采购总金额 as 1054900.10元 imports and checks without error', (t) => {
  const text = readFileSync(new URL(`../../../shared/seeds/${seedFiles['003']}`, import.meta.url), 'utf8');
  const edited = text.replace('1054900元', '1054900.10元');
  t.not(edited, text);
  const result = importText(edited);
  t.is(result.kind, 'imported');
  if (result.kind !== 'imported') return;
  t.is(result.report.values['active.procurement.amountYuan'], 1054900.1);
  t.deepEqual(checkReport(result.report), []);
});

test('R8: 2019 上一年项目数量 2 with 本年增/减 -5 leaves fewer than zero items', (t) => {
  t.deepEqual(only(checkReport(baibu()), 'R8'), []);
  const findings = checkReport(withValues(baibu(), { 'active.licensing.prevItems': 2, 'active.licensing.itemsDelta': -5 }));
  t.deepEqual(only(findings, 'R8'), [{
    rule: 'R8', severity: 'error', cells: ['active.licensing.prevItems', 'active.licensing.itemsDelta'],
    suggestion: '本年增/减不应小于-2；请确认填的是事项个数的增减，而不是办件量。',
  }]);
  t.deepEqual(only(checkReport(withValues(baibu(), { 'active.licensing.prevItems': 5, 'active.licensing.itemsDelta': -5 })), 'R8'), [], 'down to exactly zero is fine');
});

test('X1: 上年结转 differing from last year\'s 结转下年度 is an error for the same unit and format, a warning for another unit', (t) => {
  const previous = jiedaoLastYear();
  t.deepEqual(checkReport(jiedao(), { previous }).filter((f) => /^X|^P6$/.test(f.rule)), []);
  const changed = withValues(previous, { 'requests.carriedForward.natural': 5, 'requests.carriedForward.total': 6 });
  t.deepEqual(only(checkReport(jiedao(), { previous: changed }), 'X1'), [
    { rule: 'X1', severity: 'error', cells: ['requests.carriedOver.natural'], suggestion: '建议将「二、上年结转·自然人」改为5。' },
    { rule: 'X1', severity: 'error', cells: ['requests.carriedOver.total'], suggestion: '建议将「二、上年结转·总计」改为6。' },
  ]);
  const otherUnit = withValues(changed, {}, { unit: '云川市临江区清河街道' });
  t.deepEqual(only(checkReport(jiedao(), { previous: otherUnit }), 'X1').map((f) => [f.severity, f.cells[0]]), [
    ['warning', 'requests.carriedOver.natural'], ['warning', 'requests.carriedOver.total'],
  ]);
});

test('X1: a comparison report that is not last year\'s gives one info finding and no cross-year check', (t) => {
  const twoYearsAgo = withValues(jiedaoLastYear(), { 'requests.carriedForward.total': 99, 'requests.received.total': 1 }, { year: 2020 });
  const findings = checkReport(jiedao(), { previous: twoYearsAgo });
  t.deepEqual(findings.filter((f) => /^X|^P6$/.test(f.rule)), [
    { rule: 'X1', severity: 'info', cells: [], message: '对比报告为2020年，不是2021年，未做跨年核对。' },
  ]);
});

test('X2: 2021 现行有效件数 not last year\'s plus 制发 minus 废止 is a warning', (t) => {
  const previous = jiedaoLastYear();
  t.deepEqual(only(checkReport(jiedao(), { previous }), 'X2'), []);
  const findings = checkReport(withValues(jiedao(), { 'active.norms.inForce': 13 }), { previous });
  t.deepEqual(only(findings, 'X2'), [{
    rule: 'X2', severity: 'warning', cells: ['active.norms.inForce'], suggestion: '如有修订、重新编号等情况可不调整；否则请核对现行有效件数。',
  }]);
  t.is(findings.find((f) => f.rule === 'X2')!.message, '第二部分「行政规范性文件」：上年现行有效10件＋本年制发3件－本年废止1件＝12件，而本年现行有效填为13件。');
});

test('X3: 2019 上一年项目数量 not last year\'s 上一年项目数量 + 本年增/减 is a warning', (t) => {
  const previous = baibuLastYear();
  const consistent = withValues(baibu(), { 'active.licensing.prevItems': 7 });
  t.deepEqual(checkReport(consistent, { previous }), []);
  // Copying last year's 上一年项目数量 instead of carrying it forward.
  t.deepEqual(only(checkReport(withValues(consistent, { 'active.licensing.prevItems': 5 }), { previous }), 'X3'), [{
    rule: 'X3', severity: 'warning', cells: ['active.licensing.prevItems'], suggestion: '建议将「行政许可·上一年项目数量」改为7，或确认事项清单已调整。',
  }]);
});

test('X4: a 2021-format report after a 2019-format one is noted; X1 still applies, X2 and X3 do not', (t) => {
  const report = withValues(jiedao(), {}, { year: 2021 });
  // 百步镇's 2020 numbers under 清河街道's name: 结转下年度 all 0 while 2021 上年结转 is 3, and no 现行有效 row.
  const previous = withValues(baibu(), {}, { unit: report.unit, year: 2020 });
  const findings = checkReport(report, { previous });
  t.deepEqual(findings.filter((f) => f.rule.startsWith('X')).map((f) => [f.rule, f.severity, f.cells[0] ?? '']), [
    ['X1', 'warning', 'requests.carriedOver.natural'],
    ['X1', 'warning', 'requests.carriedOver.business'],
    ['X1', 'warning', 'requests.carriedOver.total'],
    ['X4', 'info', ''],
  ]);
});

test('T1: the overview saying 收到政府信息公开申请50件 while the table says 48 is an error naming 一、本年新收·总计', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'T1'), []);
  const report = jiedao();
  const overview = report.texts.overview!.replace('全年共收到政府信息公开申请48件', '全年共收到政府信息公开申请50件');
  t.not(overview, report.texts.overview);
  const findings = checkReport(withTexts(report, { overview }));
  t.deepEqual(findings.filter((f) => f.rule === 'T1').map((f) => [f.severity, f.cells, f.message]), [
    ['error', ['requests.received.total'], '总体情况写明新收申请50件（「全年共收到政府信息公开申请50件」），而表格中为48件。'],
  ]);
});

// 「不予以公开」 and 「部分予以公开」 are common wordings of 不予公开 and 部分公开 that contain 予以公开.
test('T1: 「部分予以公开」 and 「不予以公开」 are not read as 予以公开 figures', (t) => {
  const report = jiedao();
  const overview = report.texts.overview!.replace('部分公开4件、不予公开4件', '部分予以公开4件、不予以公开4件');
  t.not(overview, report.texts.overview);
  t.deepEqual(only(checkReport(withTexts(report, { overview })), 'T1'), []);
});

test('T3: a missing or blank overview, problems or other section is an error', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'T3'), []);
  for (const id of ['overview', 'problems', 'other'] as const) {
    t.deepEqual(only(checkReport(withTexts(jiedao(), { [id]: undefined })), 'T3'), [{ rule: 'T3', severity: 'error', cells: [`texts.${id}`] }], id);
  }
  t.deepEqual(only(checkReport(withTexts(jiedao(), { other: ' \n ' })), 'T3'), [{ rule: 'T3', severity: 'error', cells: ['texts.other'] }]);
});

test('T4: 五 saying only 「无。」 is a warning', (t) => {
  t.deepEqual(only(checkReport(jiedao()), 'T4'), []);
  const findings = checkReport(withTexts(jiedao(), { problems: '无。' }));
  t.deepEqual(only(findings, 'T4'), [{ rule: 'T4', severity: 'warning', cells: ['texts.problems'] }]);
  t.deepEqual(only(findings, 'T3'), []);
});

test('T6: 街道 in a 镇 report, 我镇 in a 街道 report, and 五 planning for the report year itself', (t) => {
  t.deepEqual(only(checkReport(baibu()), 'T6'), []);
  t.deepEqual(only(checkReport(jiedao()), 'T6'), []);
  const town = checkReport(withTexts(baibu(), { overview: `${baibu().texts.overview}\n街道加强人员队伍的建设和管理。` }));
  t.deepEqual(only(town, 'T6'), [{ rule: 'T6', severity: 'warning', cells: ['texts.overview'] }]);
  const street = checkReport(withTexts(jiedao(), { overview: `${jiedao().texts.overview}\n我镇高度重视政务公开工作。` }));
  t.deepEqual(only(street, 'T6'), [{ rule: 'T6', severity: 'warning', cells: ['texts.overview'] }]);
  const plan = checkReport(withTexts(jiedao(), { problems: `${jiedao().texts.problems}\n2022年我们将进一步加强培训。` }));
  t.deepEqual(only(plan, 'T6'), [{ rule: 'T6', severity: 'warning', cells: ['texts.problems'], suggestion: '是否应为「2023年」？' }]);
});

test('T7: one blank cell, and a whole blank section, are warnings listing the blank cells', (t) => {
  t.deepEqual(only(checkReport(baibu()), 'T7'), []);
  const one = checkReport(withValues(baibu(), { 'requests.granted.business': null }));
  t.deepEqual(one.filter((f) => f.rule === 'T7').map((f) => [f.severity, f.cells, f.message]), [
    ['warning', ['requests.granted.business'], '第三部分有1个空白单元格，按0计算；发布时应填写0。'],
  ]);
  const appeals = ['review', 'directSuit', 'suitAfterReview'].flatMap((g) => ['upheld', 'corrected', 'other', 'pending', 'total'].map((o) => `appeals.${g}.${o}`));
  const blank = checkReport(withValues(baibu(), Object.fromEntries(appeals.map((id) => [id, null]))));
  t.deepEqual(blank.filter((f) => f.rule === 'T7').map((f) => [f.severity, f.cells, f.message]), [
    ['warning', appeals, '第四部分表格全部空白，按全部为0处理；发布时应逐格填写0，不宜留空或只标「无」。'],
  ]);
  t.deepEqual(keys(blank, 'error'), [], 'blank is 0 for the arithmetic');
});

test('T8: a malformed year such as 「202020年」 is a warning', (t) => {
  t.deepEqual(only(checkReport(baibu()), 'T8'), []);
  const findings = checkReport(withTexts(baibu(), { overview: `本报告统计期限为202020年1月1日至2020年12月31日。\n${baibu().texts.overview}` }));
  t.deepEqual(findings.filter((f) => f.rule === 'T8').map((f) => [f.severity, f.cells, f.message]), [
    ['warning', ['texts.overview'], '「一、总体情况」中的年份「202020年」有误，请改正。'],
  ]);
});

test('P1: more carried forward than received is a warning even when the identities hold', (t) => {
  t.deepEqual(only(checkReport(baibu()), 'P1'), []);
  const findings = checkReport(withValues(baibu(), {
    'requests.carriedOver.natural': 5, 'requests.carriedOver.total': 5, 'requests.carriedForward.natural': 5, 'requests.carriedForward.total': 5,
  }));
  t.deepEqual(findings.map(brief), [{
    rule: 'P1', severity: 'warning', cells: ['requests.carriedForward.total', 'requests.received.total'], suggestion: '请确认结转下年度没有把已办结的申请计入。',
  }]);
});

test('P2: 2019 本年增/减 equal to 处理决定数量, or far above 上一年项目数量, is a warning', (t) => {
  t.deepEqual(only(checkReport(baibu()), 'P2'), []);
  t.deepEqual(only(checkReport(withValues(baibu(), { 'active.licensing.itemsDelta': 207, 'active.licensing.decisions': 207 })), 'P2'), [{
    rule: 'P2', severity: 'warning', cells: ['active.licensing.prevItems', 'active.licensing.itemsDelta', 'active.licensing.decisions'],
    suggestion: '本年增/减应为事项个数的变化（通常为0或个位数），请核对「行政许可·本年增/减」。',
  }]);
  t.deepEqual(only(checkReport(withValues(baibu(), { 'active.otherServices.prevItems': 6, 'active.otherServices.itemsDelta': 451, 'active.otherServices.decisions': 99 })), 'P2'), [
    { rule: 'P2', severity: 'warning', cells: ['active.otherServices.prevItems', 'active.otherServices.itemsDelta'] },
  ]);
  t.deepEqual(only(checkReport(withValues(baibu(), { 'active.otherServices.prevItems': 6, 'active.otherServices.itemsDelta': 20 })), 'P2'), [], 'a change of 20 items is not flagged');
});

test('P3: 2019 对外公开总数量 below 本年新公开数量 is a warning', (t) => {
  t.deepEqual(only(checkReport(baibu()), 'P3'), []);
  t.deepEqual(only(checkReport(withValues(baibu(), { 'active.norms.made': 3, 'active.norms.published': 3 })), 'P3'), [
    { rule: 'P3', severity: 'warning', cells: ['active.norms.total', 'active.norms.published'] },
  ]);
});

test('P4: 7 procurement projects for 1452.74 元 (2019), and 2021 fees of 1亿元 or more, are warnings', (t) => {
  t.deepEqual(only(checkReport(baibu()), 'P4'), []);
  t.deepEqual(only(checkReport(jiedao()), 'P4'), []);
  t.deepEqual(only(checkReport(withValues(baibu(), { 'active.procurement.projects': 7, 'active.procurement.amountYuan': 1452.74 })), 'P4'), [{
    rule: 'P4', severity: 'warning', cells: ['active.procurement.amountYuan'], suggestion: '是否应为1452.74万元？如是，请改为1452.74万元。',
  }]);
  const fees = checkReport(withValues(jiedao(), { 'active.fees.amountYuan': 1e8 }));
  t.deepEqual(fees.filter((f) => f.rule === 'P4').map((f) => [f.severity, f.cells, f.message]), [
    ['warning', ['active.fees.amountYuan'], '本年收费金额折合10000万元，数额很大，请确认填报时的单位是万元而不是元。'],
  ]);
  t.deepEqual(only(checkReport(withValues(jiedao(), { 'active.fees.amountYuan': 99999999.99 })), 'P4'), []);
});

test('P6: applications received ×10 compared with last year is an info finding; ×4 is not', (t) => {
  const previous = jiedaoLastYear();
  t.deepEqual(only(checkReport(jiedao(), { previous }), 'P6'), []);
  t.deepEqual(only(checkReport(withValues(jiedao(), { 'requests.received.total': 480 }), { previous }), 'P6'), [
    { rule: 'P6', severity: 'info', cells: ['requests.received.total'] },
  ]);
  t.deepEqual(only(checkReport(withValues(jiedao(), { 'requests.received.total': 192 }), { previous }), 'P6'), []);
});

test('P7: a 镇 reporting 规章 is a warning; a city government is not', (t) => {
  const rules = { 'active.rules.issued': 1, 'active.rules.inForce': 1 };
  const town = { unit: '云川市临江区清河镇人民政府' };
  t.deepEqual(only(checkReport(withValues(jiedao(), {}, town)), 'P7'), []);
  t.deepEqual(only(checkReport(withValues(jiedao(), rules, town)), 'P7'), [{
    rule: 'P7', severity: 'warning', cells: ['active.rules.issued', 'active.rules.repealed', 'active.rules.inForce'],
    suggestion: '如为本单位制定的规范性文件，请填入规范性文件行，规章行填0。',
  }]);
  t.deepEqual(only(checkReport(withValues(jiedao(), rules, { unit: '云川市' })), 'P7'), []);
});

// ---------------------------------------------------------------------------------------------
// 4. Order.

test('checkReport lists errors, then warnings, then info', (t) => {
  // R2 and R5 errors per column, then T1 (an error), the T7 warning, the info last.
  const report = withValues(jiedao(), { 'requests.refused.thirdParty.natural': 3, 'requests.refused.thirdParty.total': 4 });
  const previous = withValues(jiedaoLastYear(), {}, { year: 2020 });
  const findings = checkReport(report, { previous });
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const severities = findings.map((f) => f.severity);
  t.deepEqual(severities, [...severities].sort((a, b) => rank[a] - rank[b]));
  t.deepEqual(findings.map((f) => [f.rule, f.severity]), [
    ['R2', 'error'], ['R5', 'error'], ['R2', 'error'], ['R5', 'error'], ['T1', 'error'],
    ['T7', 'warning'],
    ['X1', 'info'],
  ]);
});

test('suggestions that name a value carry it as a fix a bot can apply', (t) => {
  const r2 = seedFindings('004').filter((f) => f.rule === 'R2').map((f) => f.fix);
  t.deepEqual(r2, [{ 'requests.total.legalService': 0 }, { 'requests.total.total': 21 }]);
  const r1 = checkReport(withValues(jiedao(), { 'requests.carriedForward.natural': 4, 'requests.carriedForward.total': 5 }))
    .filter((f) => f.rule === 'R1').map((f) => f.fix);
  t.deepEqual(r1, [{ 'requests.carriedForward.natural': 3 }, { 'requests.carriedForward.total': 4 }]);
  const p4 = checkReport(withValues(baibu(), { 'active.procurement.amountYuan': 1452.74 })).find((f) => f.rule === 'P4');
  t.deepEqual(p4?.fix, { 'active.procurement.amountYuan': 14527400 });
});

// ---------------------------------------------------------------------------------------------
// Prose figures that must not invent an error (issue 15), and lines printed blank throughout.

test('T1: 「予以公开及部分公开42件」 is the two rows together, not 部分公开 alone', (t) => {
  const figures = quotedFigures('办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%；不予公开5件。', formats['2021']);
  t.deepEqual(figures.map((f) => [f.what, f.value, f.cells]), [
    ['办结', 81, ['requests.total.total']],
    ['部分公开及予以公开', 42, ['requests.granted.total', 'requests.partlyGranted.total']],
    ['不予公开', 5, outcomeRows2021.filter((r) => r.startsWith('refused.')).map((r) => `requests.${r}.total`)],
  ]);
});

test('T1: 「受理749件」 is compared only where it cannot matter whether the carried-over ones are in it', (t) => {
  const base = { format: '2021' as const, year: 2023, unit: '某市政府办公室', texts: { overview: '全年共受理政府信息公开申请749件。' } };
  const withCarried = { ...base, values: { 'requests.received.total': 713, 'requests.carriedOver.total': 36 } };
  t.deepEqual(only(checkReport(withCarried), 'T1'), [], '713 new + 36 carried over: 749 could be either, not compared');
  const noneCarried = { ...base, values: { 'requests.received.total': 700 } };
  t.is(only(checkReport(noneCarried), 'T1').length, 1, 'nothing carried over: 受理 can only be the 700 new ones');
  const said = { ...withCarried, texts: { overview: '全年共受理政府信息公开申请749件（含上年结转36件）。' } };
  t.deepEqual(quotedFigures(said.texts.overview, formats['2021'])[0].cells, ['requests.received.total', 'requests.carriedOver.total']);
  t.deepEqual(only(checkReport(said), 'T1'), []);
});

test('T1: two rows named without 「及」 between them, or a row with its own group, are not compared', (t) => {
  t.deepEqual(quotedFigures('申请予以公开部分公开共42件。', formats['2021']), []);
  t.deepEqual(quotedFigures('无法提供（本机关不掌握）31件。', formats['2021']), []);
});

test('a 总计 column printed blank throughout is one finding with the values it should hold, and no identity error for its cells', (t) => {
  const report = seed('003').report;
  const values = Object.fromEntries(Object.entries(report.values).filter(([id]) => !(id.startsWith('requests.') && id.endsWith('.total'))));
  const printed = { ...report, values };
  const findings = checkReport(printed, { printed: true });
  t.deepEqual(findings.filter((f) => /^R/.test(f.rule)), []);
  const blank = findings.filter((f) => f.rule === 'T7' && f.severity === 'error');
  t.is(blank.length, 1);
  t.regex(blank[0].message, new RegExp(`^第三部分「总计」列全部空白；按表中所印的其他数字，应为：一、本年新收·总计 ${report.values['requests.received.total']}，`));
  t.deepEqual(blank[0].fix?.['requests.received.total'], report.values['requests.received.total']);
  t.deepEqual(findings.filter((f) => f.rule === 'T7' && f.severity === 'warning' && f.cells.some((c) => c.startsWith('requests.') && c.endsWith('.total'))), []);
});
