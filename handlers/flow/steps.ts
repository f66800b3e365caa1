// The question sequence: section 二 row by row, section 三 (上年结转 → 本年新收 → 结转下年度 →
// the outcome rows as one block), section 四 group by group, the texts 一 → 五 → 六, then review.
// Totals are never a step: they are computed (product.md, principle 1).
import { applicantColumns, formats, type ReportFormat } from '../../src/report/formats.ts';
import type { Draft } from '../turn.ts';
import type { TextKey, Turn } from './state.ts';

/** What a step asks for: a row, the prefilled 上年结转, the outcome block, a text, or the review. */
export type StepKind = 'active' | 'carriedOver' | 'received' | 'carriedForward' | 'outcomes' | 'appeal' | 'text' | 'review';

/** One question of the flow and the input cells it fills. */
export interface Step {
  id: string;
  kind: StepKind;
  /** The report section the question belongs to; review belongs to none. */
  section: '一' | '二' | '三' | '四' | '五' | '六' | null;
  label: string;
  cells: string[];
  /** Section 二 row key, section 三 row id or section 四 group key. */
  row?: string;
  text?: TextKey;
}

/** The three texts the flow collects, in the order they are asked. */
export const textSteps: { id: TextKey; section: '一' | '五' | '六'; label: string }[] = [
  { id: 'overview', section: '一', label: '总体情况' },
  { id: 'problems', section: '五', label: '存在的主要问题及改进情况' },
  { id: 'other', section: '六', label: '其他需要报告的事项' },
];

const requestCells = (row: string) => applicantColumns.map((c) => `requests.${row}.${c}`);

function buildSteps(format: ReportFormat): Step[] {
  const steps: Step[] = [];
  for (const table of format.active) {
    for (const row of table.rows) {
      steps.push({
        id: `active.${row.key}`, kind: 'active', section: '二', label: row.label, row: row.key,
        cells: table.columns.map((c) => `active.${row.key}.${c.key}`),
      });
    }
  }
  const input = (kind: StepKind, row: string, label: string): Step => ({ id: `requests.${row}`, kind, section: '三', label, row, cells: requestCells(row) });
  steps.push(
    input('carriedOver', 'carriedOver', '上年结转'),
    input('received', 'received', '本年新收'),
    input('carriedForward', 'carriedForward', '结转下年度'),
    {
      id: 'requests.outcomes', kind: 'outcomes', section: '三', label: '办理结果',
      cells: format.requestRows.filter((r) => r.role === 'outcome').flatMap((r) => requestCells(r.id)),
    },
  );
  for (const group of format.appealGroups) {
    steps.push({
      id: `appeals.${group.key}`, kind: 'appeal', section: '四', label: group.label, row: group.key,
      cells: ['upheld', 'corrected', 'other', 'pending'].map((o) => `appeals.${group.key}.${o}`),
    });
  }
  for (const text of textSteps) {
    steps.push({ id: `texts.${text.id}`, kind: 'text', section: text.section, label: text.label, text: text.id, cells: [] });
  }
  steps.push({ id: 'review', kind: 'review', section: null, label: '预览提交', cells: [] });
  return steps;
}

const stepLists = { 2019: buildSteps(formats['2019']), 2021: buildSteps(formats['2021']) };

/** Every step of a format, in the order they are asked. */
export function stepsOf(format: ReportFormat): Step[] {
  return stepLists[format.id];
}

/** The step with this id, or the review step when the id is unknown (a state of an older build). */
export function stepById(format: ReportFormat, id: string): Step {
  const steps = stepsOf(format);
  return steps.find((s) => s.id === id) ?? steps[steps.length - 1];
}

/** The step whose cells include this cell id (or `texts.<id>`). */
export function stepOfCell(format: ReportFormat, id: string): Step | undefined {
  return stepsOf(format).find((s) => s.cells.includes(id) || (s.text && `texts.${s.text}` === id));
}

/** Whether a cell holds a value (blank = absent or null). */
export const known = (draft: Draft, id: string): boolean => draft.report.values[id] !== undefined && draft.report.values[id] !== null;

/** Whether a step is answered: every cell known, or the text present. */
export function isFilled(step: Step, draft: Draft): boolean {
  if (step.kind === 'review') return false;
  if (step.text) return Boolean(draft.report.texts[step.text]?.trim());
  return step.cells.every((id) => known(draft, id));
}

/** Whether a returned report reopened anything of this step. */
function reopens(step: Step, draft: Draft): boolean {
  const reopened = draft.reopened ?? [];
  return step.text ? reopened.includes(`texts.${step.text}`) : step.cells.some((c) => reopened.includes(c));
}

/** The next step after `from` still to be asked; in a returned report only reopened steps are asked. */
export function nextOpen(turn: Turn, from: string): Step {
  const steps = stepsOf(turn.format);
  const at = steps.findIndex((s) => s.id === from);
  const returned = turn.draft.status === 'returned';
  const open = (s: Step) => (returned ? reopens(s, turn.draft) : !isFilled(s, turn.draft));
  const after = steps.slice(at + 1).find((s) => s.kind !== 'review' && open(s));
  if (after || returned) return after ?? steps[steps.length - 1];
  return steps.find((s) => s.kind !== 'review' && open(s)) ?? steps[steps.length - 1];
}

/** Where a conversation starts or resumes: the first open question. */
export function firstOpen(turn: Turn): Step {
  if (turn.draft.status === 'submitted' || turn.draft.status === 'approved') return stepById(turn.format, 'review');
  return nextOpen(turn, '');
}

/** The step before this one in the sequence (for 「上一步」), or undefined at the first. */
export function previousStep(format: ReportFormat, id: string): Step | undefined {
  const steps = stepsOf(format);
  const at = steps.findIndex((s) => s.id === id);
  return at > 0 ? steps[at - 1] : undefined;
}

/** The step after this one in the sequence (for 「下一步」). */
export function followingStep(format: ReportFormat, id: string): Step {
  const steps = stepsOf(format);
  const at = steps.findIndex((s) => s.id === id);
  return steps[Math.min(at + 1, steps.length - 1)];
}
