// R1–R8: the identities and value rules a single report must satisfy (report-format.md §4.1).
import { formats, applicantColumns, type ReportFormat } from '../formats.ts';
import { valueOf, type Finding, type Report } from '../report.ts';
import { blankLines } from './blank-lines.ts';

const sum = (report: Report, ids: string[]) => ids.reduce((acc, id) => acc + valueOf(report, id), 0);

/** The cell ids each identity adds up, built once per format rather than on every check. */
function planOf(format: ReportFormat) {
  const id = (row: string, column: string) => `requests.${row}.${column}`;
  return {
    format,
    columns: format.requestColumns.map((c) => ({
      name: c.label,
      id: (row: string) => id(row, c.key),
      received: id('received', c.key), carriedOver: id('carriedOver', c.key), total: id('total', c.key),
      carriedForward: id('carriedForward', c.key), partlyGranted: id('partlyGranted', c.key), outcomes: outcomeIds(format, c.key),
    })),
    rows: format.requestRows.map((r) => ({ short: r.short, total: id(r.id, 'total'), parts: applicantColumns.map((c) => id(r.id, c)) })),
    appeals: format.appealGroups.map((g) => ({
      label: g.label, total: `appeals.${g.key}.total`, parts: ['upheld', 'corrected', 'other', 'pending'].map((o) => `appeals.${g.key}.${o}`),
    })),
  };
}
type Plan = ReturnType<typeof planOf>;
const diff = (a: number, b: number) => `${a > b ? '多' : '少'}${Math.abs(a - b)}`;

/** Ids of the outcome rows of section 三 in one column: the addends of （七）总计. */
function outcomeIds(format: ReportFormat, column: string): string[] {
  return format.requestRows.filter((r) => r.role === 'outcome').map((r) => `requests.${r.id}.${column}`);
}

/** R1, R2 and R5 for one column of section 三, with the likely fix where arithmetic points to one. */
function columnIdentities(report: Report, column: Plan['columns'][number]): Finding[] {
  const { name, outcomes } = column;
  const [received, carriedOver, total, carriedForward] = [column.received, column.carriedOver, column.total, column.carriedForward].map((id) => valueOf(report, id));
  const outcomeSum = sum(report, outcomes);
  const left = received + carriedOver;
  const findings: Finding[] = [];
  const fixTotal = outcomeSum + carriedForward === left && total !== outcomeSum;
  const doubleCounted = total - outcomeSum === carriedForward && carriedForward > 0;
  const totalAdvice = doubleCounted
    ? `（七）总计比各办理结果之和多${carriedForward}，与「结转下年度」的${carriedForward}相同——是否把未办结的${carriedForward}件也算进了总计？建议将（七）总计·${name}改为${outcomeSum}。`
    : `建议将（七）总计·${name}改为${outcomeSum}（各办理结果之和），此时「一＋二＝（七）＋四」也成立。`;

  if (left !== total + carriedForward) {
    let advice: Pick<Finding, 'suggestion' | 'fix'> = {};
    if (fixTotal) advice = { suggestion: totalAdvice, fix: { [column.total]: outcomeSum } };
    else if (total === outcomeSum && left - total >= 0) {
      advice = {
        suggestion: `各办理结果与（七）总计一致；若本年新收和上年结转无误，四、结转下年度·${name}应为${left - total}。`,
        fix: { [column.carriedForward]: left - total },
      };
    }
    findings.push({
      rule: 'R1', severity: 'error', cells: [column.received, column.carriedOver, column.total, column.carriedForward],
      message: `第三部分「${name}」列：本年新收${received}＋上年结转${carriedOver}＝${left}，（七）总计${total}＋结转下年度${carriedForward}＝${total + carriedForward}，两边相差${Math.abs(left - total - carriedForward)}。`,
      ...advice,
    });
  }
  if (total !== outcomeSum) {
    let advice: Pick<Finding, 'suggestion' | 'fix'> = {};
    if (doubleCounted || fixTotal) advice = { suggestion: totalAdvice, fix: { [column.total]: outcomeSum } };
    else if (total + carriedForward === left) advice = { suggestion: `（七）总计与一、二、四相符，可能某个办理结果${outcomeSum > total ? '多填' : '漏填'}了${Math.abs(total - outcomeSum)}件，请逐行核对。` };
    findings.push({
      rule: 'R2', severity: 'error', cells: [column.total, ...outcomes],
      message: `第三部分「${name}」列：（七）总计为${total}，而（一）至（六）各办理结果之和为${outcomeSum}，${diff(total, outcomeSum)}。`,
      ...advice,
    });
    const partly = valueOf(report, column.partlyGranted);
    if (outcomeSum > total && partly > 0 && outcomeSum - total <= partly) {
      findings.push({
        rule: 'R5', severity: 'error', cells: [column.partlyGranted, column.total],
        message: `第三部分「${name}」列：各办理结果之和比（七）总计多${outcomeSum - total}，而（二）部分公开有${partly}件——区分处理的申请只计入（二）部分公开，不再计入不予公开或无法提供。`,
        suggestion: '请检查部分公开的申请是否同时计入了（三）或（四）的某一行。',
      });
    }
  }
  return findings;
}

/** R3: in every row of section 三, 总计 equals the six applicant columns. */
function rowTotals(report: Report, plan: Plan): Finding[] {
  return plan.rows.flatMap((row) => {
    const parts = sum(report, row.parts);
    const total = valueOf(report, row.total);
    if (parts === total) return [];
    const onlyTotal = row.parts.every((id) => valueOf(report, id) === 0);
    return [{
      rule: 'R3', severity: 'error' as const, cells: [row.total, ...row.parts],
      message: `第三部分「${row.short}」行：总计为${total}，而各类申请人之和为${parts}，${diff(total, parts)}。`,
      ...(onlyTotal
        ? { suggestion: `只填了总计：请按申请人类型分列（如全部为自然人，则自然人填${total}）。` }
        : { suggestion: `总计应为各类申请人之和，建议将「${row.short}·总计」改为${parts}。`, fix: { [row.total]: parts } }),
    }];
  });
}

/** R6: in each group of section 四, 总计 equals 维持 + 纠正 + 其他 + 尚未审结. */
function appealTotals(report: Report, plan: Plan): Finding[] {
  return plan.appeals.flatMap((group) => {
    const parts = sum(report, group.parts);
    const total = valueOf(report, group.total);
    if (parts === total) return [];
    return [{
      rule: 'R6', severity: 'error' as const, cells: [group.total, ...group.parts],
      message: `第四部分「${group.label}」：总计为${total}，而结果维持、结果纠正、其他结果、尚未审结之和为${parts}，${diff(total, parts)}。`,
      ...(parts === 0
        ? { suggestion: `请按结果分列这${total}件（维持、纠正、其他、尚未审结）。` }
        : { suggestion: `建议将「${group.label}·总计」改为${parts}。`, fix: { [group.total]: parts } }),
    }];
  });
}

/** Whether an amount in 元 has at most two decimals; 0.07 * 100 is 7.000000000000001 in floating point. */
function toTheFen(yuan: number): boolean {
  return Math.abs(yuan * 100 - Math.round(yuan * 100)) < 1e-6;
}

/** R4 and R7: counts are non-negative integers, 本年增/减 an integer, money non-negative to the 分. */
function valueKinds(report: Report, format: ReportFormat): Finding[] {
  const findings: Finding[] = [];
  for (const cell of format.cells) {
    const value = report.values[cell.id];
    if (value === undefined || value === null) continue;
    const rule = cell.section === '二' ? 'R7' : 'R4';
    let expected: string | undefined;
    if (!Number.isFinite(value)) expected = '有效的数字';
    else if (cell.kind === 'count' && (!Number.isInteger(value) || value < 0)) expected = '不小于0的整数';
    else if (cell.kind === 'signed' && !Number.isInteger(value)) expected = '整数（减少写负数）';
    else if (cell.kind === 'money' && (value < 0 || !toTheFen(value))) expected = '不小于0、最多精确到分的金额';
    if (expected) {
      findings.push({ rule, severity: 'error', cells: [cell.id], message: `「${cell.label}」为${value}，应为${expected}。` });
    }
  }
  return findings;
}

/** R8 (2019 format): 上一年项目数量 + 本年增/减 cannot be below zero. */
function itemCounts(report: Report, format: ReportFormat): Finding[] {
  if (format.id !== '2019') return [];
  return format.active.flatMap((table) => table.rows)
    .filter((row) => format.cell.has(`active.${row.key}.itemsDelta`))
    .flatMap((row) => {
      const prev = valueOf(report, `active.${row.key}.prevItems`);
      const delta = valueOf(report, `active.${row.key}.itemsDelta`);
      if (prev + delta >= 0) return [];
      return [{
        rule: 'R8', severity: 'error' as const, cells: [`active.${row.key}.prevItems`, `active.${row.key}.itemsDelta`],
        message: `第二部分「${row.label}」：上一年项目数量${prev}加本年增/减${delta}为${prev + delta}，事项数不能小于0。`,
        suggestion: `本年增/减不应小于${-prev}；请确认填的是事项个数的增减，而不是办件量。`,
      }];
    });
}

/**
 * All single-report identity and value rules, R1–R8. For a printed report, a line printed blank
 * throughout is one finding (blank-lines.ts) and its implied values stand in for it in the identities.
 */
export function checkTables(printed: Report, options: { printed?: boolean } = {}): Finding[] {
  const blank = options.printed ? blankLines(printed) : undefined;
  const report = blank?.filled ?? printed;
  const plan = plans[report.format];
  return [
    ...(blank?.findings ?? []),
    ...valueKinds(report, plan.format),
    ...plan.columns.flatMap((column) => columnIdentities(report, column)),
    ...rowTotals(report, plan),
    ...appealTotals(report, plan),
    ...itemCounts(report, plan.format),
  ];
}

const plans = { 2019: planOf(formats['2019']), 2021: planOf(formats['2021']) };
