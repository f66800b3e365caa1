// X1–X4 and P6: rules that compare a report with last year's (report-format.md §4.2, §4.4).
import { formats } from '../formats.ts';
import { isBlank, valueOf, type Finding, type Report } from '../report.ts';

/** X1: this year's 上年结转 equals last year's 结转下年度, per column. */
function carryOver(report: Report, previous: Report): Finding[] {
  const sameBody = previous.unit === report.unit && previous.format === report.format;
  return formats[report.format].requestColumns.flatMap((column) => {
    const here = `requests.carriedOver.${column.key}`;
    const there = `requests.carriedForward.${column.key}`;
    if (isBlank(previous, there)) return []; // last year left it blank: nothing to compare with
    const expected = valueOf(previous, there);
    const actual = valueOf(report, here);
    if (actual === expected) return [];
    return [{
      rule: 'X1', severity: sameBody ? 'error' as const : 'warning' as const, cells: [here],
      message: `第三部分「二、上年结转·${column.label}」为${actual}，而${previous.year}年报告「结转下年度继续办理」为${expected}。`,
      suggestion: `建议将「二、上年结转·${column.label}」改为${expected}。`,
      fix: { [here]: expected },
    }];
  });
}

/** X2 (2021 format): 现行有效件数 = last year's + 本年制发 − 本年废止. */
function documentsInForce(report: Report, previous: Report): Finding[] {
  return formats['2021'].active[0].rows.flatMap((row) => {
    const id = (year: Report, column: string) => valueOf(year, `active.${row.key}.${column}`);
    const expected = id(previous, 'inForce') + id(report, 'issued') - id(report, 'repealed');
    const actual = id(report, 'inForce');
    if (actual === expected) return [];
    return [{
      rule: 'X2', severity: 'warning' as const, cells: [`active.${row.key}.inForce`],
      message: `第二部分「${row.label}」：上年现行有效${id(previous, 'inForce')}件＋本年制发${id(report, 'issued')}件－本年废止${id(report, 'repealed')}件＝${expected}件，而本年现行有效填为${actual}件。`,
      suggestion: '如有修订、重新编号等情况可不调整；否则请核对现行有效件数。',
    }];
  });
}

/** X3 (2019 format): 上一年项目数量 = last year's 上一年项目数量 + 本年增/减. */
function itemsCarried(report: Report, previous: Report): Finding[] {
  return formats['2019'].active.flatMap((t) => t.rows).filter((row) => formats['2019'].cell.has(`active.${row.key}.itemsDelta`)).flatMap((row) => {
    if (isBlank(previous, `active.${row.key}.prevItems`) || isBlank(previous, `active.${row.key}.itemsDelta`)) return [];
    const expected = valueOf(previous, `active.${row.key}.prevItems`) + valueOf(previous, `active.${row.key}.itemsDelta`);
    const actual = valueOf(report, `active.${row.key}.prevItems`);
    if (actual === expected) return [];
    return [{
      rule: 'X3', severity: 'warning' as const, cells: [`active.${row.key}.prevItems`],
      message: `第二部分「${row.label}」：上一年项目数量填为${actual}，按上年报告（${valueOf(previous, `active.${row.key}.prevItems`)}＋${valueOf(previous, `active.${row.key}.itemsDelta`)}）应为${expected}。`,
      suggestion: `建议将「${row.label}·上一年项目数量」改为${expected}，或确认事项清单已调整。`,
      fix: { [`active.${row.key}.prevItems`]: expected },
    }];
  });
}

const keyFigures = ['requests.received.total', 'requests.total.total', 'active.licensing.decisions', 'active.penalty.decisions', 'active.coercion.decisions', 'active.procurement.amountYuan', 'active.fees.amountYuan'];

/** P6: key numbers that jump more than fivefold (or fall below a fifth) from last year. */
function yearOnYear(report: Report, previous: Report): Finding[] {
  return keyFigures.flatMap((id) => {
    const cell = formats[report.format].cell.get(id);
    if (!cell || !formats[previous.format].cell.has(id) || isBlank(report, id) || isBlank(previous, id)) return [];
    const now = valueOf(report, id);
    const before = valueOf(previous, id);
    const floor = cell.kind === 'money' ? 100000 : 10;
    if (Math.max(now, before) < floor || (now <= before * 5 && now >= before * 0.2)) return [];
    return [{
      rule: 'P6', severity: 'info' as const, cells: [id],
      message: `「${cell.label}」本年为${now}，上年为${before}，变化较大，请核实。`,
    }];
  });
}

/** Every rule that needs last year's report. */
export function checkAgainstPrevious(report: Report, previous: Report): Finding[] {
  if (previous.year !== report.year - 1) {
    return [{ rule: 'X1', severity: 'info', cells: [], message: `对比报告为${previous.year}年，不是${report.year - 1}年，未做跨年核对。` }];
  }
  const findings = [...carryOver(report, previous), ...yearOnYear(report, previous)];
  if (previous.format !== report.format) {
    findings.push({ rule: 'X4', severity: 'info', cells: [], message: `上年报告为${previous.format}年格式，本年为${report.format}年格式：第二部分口径不同，不做跨年核对。` });
  } else if (report.format === '2021') findings.push(...documentsInForce(report, previous));
  else findings.push(...itemsCarried(report, previous));
  return findings;
}
