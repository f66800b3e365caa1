// The checker: every rule of report-format.md §4 that one report, or one report and last
// year's, can decide. Findings are values; nothing here throws on a wrong report.
import type { Finding, Report, Severity } from './report.ts';
import { checkTables } from './rules/table-rules.ts';
import { checkTexts } from './rules/text-rules.ts';
import { checkPlausibility } from './rules/plausibility-rules.ts';
import { checkAgainstPrevious } from './rules/cross-year-rules.ts';

/** What a check may compare the report with. */
export interface CheckOptions {
  previous?: Report;
  /** A published report (imported): a line printed blank throughout is one finding, not an identity error per cell. */
  printed?: boolean;
}

const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Check a report: errors first, then warnings, then info; within a severity in the order the rules run. */
export function checkReport(report: Report, options: CheckOptions = {}): Finding[] {
  const findings = [
    ...checkTables(report, { printed: options.printed }),
    ...checkTexts(report, { printed: options.printed }),
    ...checkPlausibility(report),
    ...(options.previous ? checkAgainstPrevious(report, options.previous) : []),
  ];
  return findings.sort((a, b) => order[a.severity] - order[b.severity]);
}

/**
 * The findings without T3 (a section of the six still missing): where what is missing is listed on
 * its own (progress, reminders, the overview), or where there are no sections of prose to have (a
 * roll-up), the errors are the numbers and texts that disagree.
 */
export function withoutMissingSections(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.rule !== 'T3');
}

/** How a severity is named to people, everywhere: the check command, the workbook. */
export const severityWords: Record<Finding['severity'], string> = { error: '错误', warning: '提示', info: '参考' };

/** Whether any finding makes the report wrong (not merely questionable). */
export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
