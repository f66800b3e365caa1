// Answering the current question with a row: section 二 rows, 上年结转 (confirming last year's
// 结转下年度), 本年新收, 结转下年度 and the section 四 groups. Money without a unit is asked about.
import { applicantColumns } from '../src/report/formats.ts';
import { applyValues } from './changes.ts';
import { echoRow } from './echo.ts';
import { settle } from './flow/advance.ts';
import { readRow, type RowSpec } from './flow/parse.ts';
import { exampleOf, prefillOf } from './flow/questions.ts';
import { rowSpec } from './flow/rows.ts';
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { isFilled, stepById } from './flow/steps.ts';
import { moveOn } from './flow/advance.ts';

/** 「未能识别：…」 with readNumber's reason, without saying 未能识别 twice. */
export const unreadable = (reason: string) => (reason.startsWith('未能识别') ? `${reason}。` : `未能识别：${reason}。`);

const ROW_STEPS = new Set(['active', 'carriedOver', 'received', 'carriedForward', 'appeal']);

/** 「请问采购总金额1452.74的单位是元还是万元？」 and the pending answer that waits for it. */
export function askUnit(turn: Turn, cell: string, amount: number, values: Record<string, number>): Outcome {
  const label = turn.format.cell.get(cell)?.label.split('·').pop() ?? '金额';
  return {
    tag: 'info', draft: turn.draft, ask: true, say: [],
    flow: { ...turn.flow, pending: { kind: 'unit', cell, amount, values } },
    question: `请问${label}${amount}的单位是元还是万元？请回复“元”或“万元”（也可重新回复带单位的金额，如 ${amount}万元）。`,
  };
}

/** Why 结转下年度 cannot be this large: more than was received and carried over, per column. */
export function forwardProblem(turn: Turn, set: Record<string, number>): string | undefined {
  const values = { ...turn.draft.report.values, ...set };
  for (const col of applicantColumns) {
    const [received, over, forward] = ['received', 'carriedOver', 'carriedForward'].map((r) => values[`requests.${r}.${col}`]);
    if (typeof received !== 'number' || typeof over !== 'number' || typeof forward !== 'number') continue;
    if (forward > received + over) {
      const name = turn.format.cell.get(`requests.received.${col}`)!.label.split('·')[1];
      return `结转下年度·${name}为${forward}件，多于本年新收${received}件＋上年结转${over}件，请核对。`;
    }
  }
  return undefined;
}

/** Apply a row's values as the answer to the current question, echo them and move on. */
export function fillRow(turn: Turn, row: RowSpec, values: Record<string, number>, advance: boolean): Outcome {
  const problem = forwardProblem(turn, values);
  if (problem) return reject(turn, [problem]);
  const applied = applyValues(turn, values, row.label);
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  return settle(turn, applied, [echoRow(turn.format, row, applied.diff, applied.draft.report.values)], advance);
}

/** The answer to a row question, or undefined when the current question is not a row. */
export function answerStep(turn: Turn, msg: Message): Outcome | undefined {
  const step = stepById(turn.format, turn.flow.step);
  if (!ROW_STEPS.has(step.kind)) return undefined;
  const row = rowSpec(turn.format, step.section as '二' | '三' | '四', step.row!)!;
  const read = readRow(msg.norm, row, { single: step.section === '三' ? 'first' : 'ask', unnamed: 'zero' });
  switch (read.kind) {
    case 'invalid':
      return reject(turn, [unreadable(read.reason)]);
    case 'ambiguous':
      return reject(turn, [`未能识别：只收到1个数，${row.label}需要${row.columns.length}个数（如 ${exampleOf(turn.format, row)}）。`]);
    case 'needsUnit':
      return askUnit(turn, read.cell, read.amount, read.values);
    default:
      return fillRow(turn, row, read.values, true);
  }
}

/** 「是」 without a pending fix: confirm last year's 结转, or keep an answered question as it is. */
export function answerYes(turn: Turn): Outcome {
  const step = stepById(turn.format, turn.flow.step);
  const prefill = step.kind === 'carriedOver' && !isFilled(step, turn.draft) ? prefillOf(turn) : undefined;
  if (prefill) return fillRow(turn, rowSpec(turn.format, '三', 'carriedOver')!, prefill, true);
  if (step.kind !== 'review' && step.kind !== 'text' && isFilled(step, turn.draft)) {
    return { tag: 'info', draft: turn.draft, flow: moveOn(turn), say: [`${step.label}保持不变。`], ask: true };
  }
  if (step.kind === 'review') return reject(turn, ['如需提交，请回复“提交”；回复“预览”可查看报告要点。']);
  return reject(turn, ['当前这一项还没有数字，请按提示回复。']);
}

/** The unit answer to a pending money question: 「万元」「元」, or the amount again with its unit. */
export function answerUnit(turn: Turn, msg: Message, pending: { cell: string; amount: number; values: Record<string, number> }): Outcome | undefined {
  const unit = /^(万元|万|元|人民币元|块钱?)$/.exec(msg.compact)?.[1];
  let amount: number | undefined;
  if (unit) amount = unit.startsWith('万') ? Math.round(pending.amount * 1e6) / 100 : pending.amount;
  else {
    const row: RowSpec = { label: '金额', section: '二', columns: [{ id: pending.cell, key: 'amountYuan', label: '金额', kind: 'money', aliases: [] }] };
    const read = readRow(msg.norm, row, { single: 'ask', unnamed: 'keep' });
    if (read.kind !== 'values') return undefined;
    amount = read.values[pending.cell];
  }
  const step = stepById(turn.format, turn.flow.step);
  const rowKey = pending.cell.split('.')[1];
  const row = rowSpec(turn.format, '二', rowKey)!;
  const cleared = { ...turn, flow: { ...turn.flow, pending: undefined } };
  return fillRow(cleared, row, { ...pending.values, [pending.cell]: amount }, step.row === rowKey);
}
