// Checking as you go: checkReport on the draft, keeping only findings whose cells are all known,
// explained with the finding's message and suggestion, and the suggested fix offered for 「是」.
import { checkReport, withoutMissingSections } from '../src/report/check.ts';
import type { ReportFormat } from '../src/report/formats.ts';
import type { Finding, Report, RuleId } from '../src/report/report.ts';
import type { Draft } from './turn.ts';
import type { Turn } from './flow/state.ts';
import { shown } from './echo.ts';

/** Rules checked while filling: identities, value rules, plausibility, and last year's 结转/事项数. */
const AS_YOU_GO = new Set<RuleId>(['R1', 'R2', 'R3', 'R5', 'R6', 'R8', 'P1', 'P2', 'P3', 'P4', 'P6', 'P7', 'X1', 'X3']);
/** The identities that balance the outcome block; quiet while it is being filled. */
const OUTCOME_BLOCK = new Set<RuleId>(['R1', 'R2', 'R5']);

function cellKnown(draft: Draft, id: string): boolean {
  if (id.startsWith('texts.')) return Boolean(draft.report.texts[id.slice(6) as keyof Report['texts']]?.trim());
  const v = draft.report.values[id];
  return v !== undefined && v !== null;
}

// A turn asks for the findings of one draft several times (the reply, the progress line …):
// checked once per report object. Handlers never change a report in place, they make a new one;
// the findings are frozen so that no caller changes them either.
const checked = new WeakMap<Report, { previous?: Report; findings: readonly Finding[] }>();

/** checkReport of the draft, compared with last year's report when there is one. */
export function reportFindings(draft: Draft, previous?: Report): readonly Finding[] {
  const known = checked.get(draft.report);
  if (known && known.previous === previous) return known.findings;
  const findings = Object.freeze(checkReport(draft.report, { previous }));
  checked.set(draft.report, { previous, findings });
  return findings;
}

/** Every finding whose cells are all known. */
export function knownFindings(draft: Draft, previous?: Report): Finding[] {
  return reportFindings(draft, previous).filter((f) => f.cells.length > 0 && f.cells.every((id) => cellKnown(draft, id)));
}

/** The findings to mention while filling: the as-you-go rules, without the outcome block's while it is open. */
function asYouGo(turn: Turn, draft: Draft): Finding[] {
  const inBlock = turn.flow.step === 'requests.outcomes';
  return knownFindings(draft, turn.ctx.previous).filter((f) => AS_YOU_GO.has(f.rule) && !(inBlock && OUTCOME_BLOCK.has(f.rule)));
}

const TOTALS_REPEATED: readonly RuleId[] = ['R1', 'R2', 'X1'];

/** Findings without the 总计 column's R1/R2/X1 when an applicant column already says the same. */
export function distinct(findings: Finding[]): Finding[] {
  return findings.filter((f) => !(TOTALS_REPEATED.includes(f.rule) && f.cells[0]?.endsWith('.total') && findings.some((g) => g !== f && g.rule === f.rule)));
}

/** The number of errors among known cells (the 勾稽 mark of the progress line); T3 is completeness, not 勾稽. */
export function errorCount(turn: Turn): number {
  const inBlock = turn.flow.step === 'requests.outcomes';
  return distinct(withoutMissingSections(knownFindings(turn.draft, turn.ctx.previous))
    .filter((f) => f.severity === 'error' && !(inBlock && OUTCOME_BLOCK.has(f.rule)))).length;
}

/** Findings after a change that concern the changed cells. */
export function findingsAfter(turn: Turn, draft: Draft, changed: string[]): Finding[] {
  const touched = new Set(changed);
  return asYouGo(turn, draft).filter((f) => f.cells.some((id) => touched.has(id)));
}

/** The finding's fix, without cells the bot computes (totals) or that already hold the value. */
function fixOf(finding: Finding, format: ReportFormat, report: Report): Record<string, number> | undefined {
  const entries = Object.entries(finding.fix ?? {}).filter(([id, value]) => {
    const cell = format.cell.get(id);
    return cell && !cell.total && report.values[id] !== value && (value >= 0 || cell.kind === 'signed');
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** Which side of an R1 identity is off, when the checker has no suggestion: too many outcomes, or applications not placed. */
function hintOf(f: Finding, report: Report): string | undefined {
  if (f.rule !== 'R1') return undefined;
  const [received, over, total, forward] = f.cells.map((id) => report.values[id] ?? 0);
  const gap = total + forward - received - over;
  return gap > 0
    ? `办理结果与结转下年度合计比本年新收与上年结转多${gap}件：可能某个办理结果多填了，或本年新收、上年结转少填了。`
    : `还有${-gap}件申请既未归入办理结果，也未计入结转下年度。`;
}

const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

/** Lines explaining findings (at most `limit`), and the first fix on offer. */
export function explain(findings: Finding[], format: ReportFormat, report: Report, limit = 3, editable: (id: string) => boolean = () => true): { lines: string[]; fix?: Record<string, number> } {
  const lines: string[] = [];
  let fix: Record<string, number> | undefined;
  findings = distinct(findings);
  for (const f of findings.slice(0, limit)) {
    const advice = f.suggestion ?? hintOf(f, report);
    lines.push(`${MARK[f.severity]} ${f.message}${advice ? `\n  ${advice}` : ''}`);
    const candidate = fixOf(f, format, report);
    if (candidate && Object.keys(candidate).every(editable)) fix ??= candidate;
  }
  if (findings.length > limit) lines.push(`另有${findings.length - limit}条提示，回复“预览”查看全部。`);
  if (fix) {
    const change = Object.entries(fix).map(([id, v]) => `${format.cell.get(id)?.label ?? id}改为${shown(format, id, v)}`).join('、');
    lines.push(`回复“是”按建议改正（${change}），或直接修改。`);
  }
  else if (findings.some((f) => f.severity === 'error')) lines.push('请核对后直接修改，说“改 项目名称 数字”即可。');
  return { lines, fix };
}
