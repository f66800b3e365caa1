// The fast path for the ~20 outcome rows of section 三: once 新收, 上年结转 and 结转下年度 are
// known, the number to place per applicant column is known; the user lists the outcomes that
// occurred and the bot shows what remains until every column balances (or 「完成」).
import { applyValues, editable, outcomeRowIds, remainder } from './changes.ts';
import { explain, knownFindings } from './checks.ts';
import { applicantSummary } from './echo.ts';
import { settle, moveOn } from './flow/advance.ts';
import { readOutcomes } from './flow/parse-outcomes.ts';
import { leftText } from './flow/questions.ts';
import { rowSpec } from './flow/rows.ts';
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { applicantColumns } from '../src/report/formats.ts';
import type { Command } from './commands.ts';

/** Every outcome cell still blank, set to 0: unnamed outcome rows are rows without applications. */
function blankOutcomes(turn: Turn): Record<string, number> {
  const values = turn.draft.report.values;
  const out: Record<string, number> = {};
  for (const row of outcomeRowIds(turn.format)) {
    for (const c of applicantColumns) {
      const id = `requests.${row}.${c}`;
      if (values[id] === undefined || values[id] === null) out[id] = 0;
    }
  }
  return out;
}

const shortOf = (turn: Turn, row: string) => turn.format.requestRows.find((r) => r.id === row)?.short ?? row;

/** 「完成」 in the outcome block: blank rows become 0; a column that does not balance is explained with R1/R2 and their fix. */
function finish(turn: Turn): Outcome {
  const applied = applyValues(turn, blankOutcomes(turn), '办理结果');
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  const left = remainder(turn.format, applied.draft.report.values);
  const next: Turn = { ...turn, draft: applied.draft, flow: applied.flow };
  const moved: Turn = { ...next, flow: moveOn(next) };
  if (!left || Object.values(left).every((n) => n === 0)) {
    return { tag: applied.diff.length ? 'changed' : 'info', draft: moved.draft, flow: moved.flow, say: ['办理结果已记录，各列均已平衡。'], ask: true };
  }
  const findings = knownFindings(moved.draft, turn.ctx.previous).filter((f) => f.rule === 'R1' || f.rule === 'R2');
  const { lines, fix } = explain(findings, turn.format, moved.draft.report, 3, (id) => editable(moved.draft, id));
  const say = [
    `办理结果已按现有内容记录，但尚有申请未归入：${[leftText(left, 1), leftText(left, -1) && `多出${leftText(left, -1)}`].filter(Boolean).join('；')}。`,
    ...lines,
    '可回复“跳到第三部分”继续补充办理结果（如：不掌握2）。',
  ];
  return { tag: applied.diff.length ? 'changed' : 'info', draft: moved.draft, flow: { ...moved.flow, pending: fix ? { kind: 'fix', values: fix } : undefined }, say, ask: true };
}

/** An answer in the outcome block, or undefined when the message names no outcome (another handler may read it). */
export function answerOutcomes(turn: Turn, msg: Message, command: Command | undefined): Outcome | undefined {
  if (!remainder(turn.format, turn.draft.report.values)) {
    return command?.kind === 'done' ? reject(turn, ['请先填写本年新收、上年结转和结转下年度。']) : undefined;
  }
  if (command?.kind === 'done') return finish(turn);
  const read = readOutcomes(msg.norm, turn.format);
  if (read.kind === 'none') return undefined;
  if (read.kind === 'invalid') return reject(turn, [`未能识别：${read.reason}。`]);

  const values = blankOutcomes(turn);
  const echo: string[] = [];
  for (const [row, cells] of Object.entries(read.rows)) {
    Object.assign(values, cells);
    echo.push(`${shortOf(turn, row)} ${applicantSummary(rowSpec(turn.format, '三', row)!, cells)}`);
  }
  const applied = applyValues(turn, values, '办理结果');
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  const left = remainder(turn.format, applied.draft.report.values)!;
  const balanced = Object.values(left).every((n) => n === 0);
  const say = [`已记录：${echo.join('；')}`];
  if (balanced) say.push('各列均已平衡，办理结果填写完毕。');
  const outcome = settle(turn, applied, say, false);
  return balanced ? { ...outcome, flow: moveOn({ ...turn, draft: outcome.draft, flow: outcome.flow }) } : outcome;
}
