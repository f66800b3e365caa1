// The report JSON of shared/spec/field-ids.md and the findings a check produces.

/** The two national formats: 国办公开办函〔2019〕60号 (trial) and 〔2021〕30号. */
export type FormatId = '2019' | '2021';

/** The prose parts of a report (section 一, 五, 六 and the optional extras). */
export type TextId = 'preface' | 'overview' | 'requestsNote' | 'problems' | 'other' | 'signature';

/** One report: numbers by field id (money in 元; a blank cell is absent or null) and texts. */
export interface Report {
  format: FormatId;
  year: number;
  unit: string;
  values: Record<string, number | null>;
  texts: Partial<Record<TextId, string>>;
}

/** Severity of a finding (report-format.md §4: E, W, I). */
export type Severity = 'error' | 'warning' | 'info';

/** The rule catalogue of report-format.md §4: R the tables' identities and values, X against last year, T the texts, P plausibility. */
export const ruleIds = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'X1', 'X2', 'X3', 'X4', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8'] as const;

/** A rule of the catalogue. */
export type RuleId = (typeof ruleIds)[number];

/** One result of checking a report: a rule of report-format.md §4 that does not hold. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  cells: string[];
  message: string;
  suggestion?: string;
  /** The cell values the suggestion proposes, for a bot to apply when the user agrees. */
  fix?: Record<string, number>;
}

/** The value of a cell for arithmetic: blank counts as 0. */
export function valueOf(report: Report, id: string): number {
  return report.values[id] ?? 0;
}

/** Whether a cell was left blank (absent or null). */
export function isBlank(report: Report, id: string): boolean {
  return report.values[id] === undefined || report.values[id] === null;
}

/** The kind of body a unit name denotes, read from its ending (杨舍镇, 百步镇人民政府, 同江市 …). */
export type UnitKind = '镇' | '乡' | '街道' | '政府' | '部门';

/** Guess the kind of body from its name; departments are everything that is not a government. */
export function unitKind(name: string): UnitKind {
  const bare = name.replace(/(人民政府|办事处)(办公室)?$/, '');
  if (/街道$/.test(bare)) return '街道';
  if (/镇$/.test(bare)) return '镇';
  if (/乡$/.test(bare)) return '乡';
  if (/[省市县区旗州盟]$/.test(bare)) return '政府';
  return '部门';
}
