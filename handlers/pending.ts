// Answers to what the bot asked in passing: the unit of an amount, which column, where a total
// goes, 「是」 to a reading said back or to a suggested fix, 「是」 to adding a short line to a text.
// 「不是」 drops the question and stores nothing; a correction of a reading said back is said back
// again (correct-pending.ts). Anything else drops the pending question and is read as a new message.
import { applyValues } from './changes.ts';
import { answerGroup } from './applicant-groups.ts';
import type { Command } from './commands.ts';
import { answerColumn } from './correct.ts';
import { correctPending } from './correct-pending.ts';
import { echoChanges } from './echo.ts';
import { answerTotal, answerUnit, askTotal } from './fill.ts';
import { rowSpec } from './flow/rows.ts';
import { settle } from './flow/advance.ts';
import { info, reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { confirmed, declined } from './safety.ts';
import { addText } from './texts.ts';
import { confirmTextFigure } from './text-figure.ts';
import { savePrevious } from './previous-report.ts';

/** The answer to the pending question, or undefined when the message is not one. */
export function answerPending(turn: Turn, msg: Message, command: Command | undefined): Outcome | undefined {
  const pending = turn.flow.pending;
  if (!pending || pending.kind === 'submit') return undefined; // 「确认提交」 is a command of its own (submit.ts)
  const cleared: Turn = { ...turn, flow: { ...turn.flow, pending: undefined } };
  if (command?.kind === 'no') return info(cleared, [pending.kind === 'confirm' ? declined(turn, pending) : '好的，没有记录。请按下面的提示重新回复。']);
  switch (pending.kind) {
    case 'unit':
      return command && command.kind !== 'yes' ? undefined : answerUnit(turn, msg, pending);
    case 'column':
      return command ? undefined : answerColumn(turn, msg, pending);
    case 'total': {
      // 「是」 to 「分别是哪一项？」 says nothing of where the total goes: asked again, nothing dropped.
      const row = rowSpec(turn.format, pending.row.split('|')[0] as '四', pending.row.split('|')[1]);
      if (command?.kind === 'yes' && row) return { ...askTotal(cleared, row, pending.total), say: [`请说明这${pending.total}件属于哪一项。`] };
      return command ? undefined : answerTotal(turn, msg, pending);
    }
    case 'group':
      return command ? undefined : answerGroup(turn, msg, pending);
    case 'confirm':
      if (command?.kind === 'yes') return confirmed(turn, pending);
      return command ? undefined : correctPending(turn, msg, pending);
    case 'textEdit':
      return command?.kind === 'yes' ? confirmTextFigure(cleared, pending) : undefined;
    case 'text':
      return command?.kind === 'yes' ? addText(cleared, pending.id, pending.value) : undefined;
    case 'previous':
      return command?.kind === 'yes' ? savePrevious(turn, pending) : undefined;
    case 'fix': {
      if (command?.kind !== 'yes') return undefined;
      const applied = applyValues(cleared, pending.values, '按建议改正');
      if (applied.kind === 'refused') return reject(cleared, [applied.reason]);
      return settle(cleared, applied, ['已按建议改正：', ...echoChanges(turn.format, applied.diff)], false);
    }
  }
}
