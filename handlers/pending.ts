// Answers to what the bot asked in passing: the unit of an amount, which column, 「是」 to a
// suggested fix. Anything else drops the pending question and is read as a new message.
import { applyValues } from './changes.ts';
import type { Command } from './commands.ts';
import { answerColumn } from './correct.ts';
import { echoChanges } from './echo.ts';
import { answerUnit } from './fill.ts';
import { settle } from './flow/advance.ts';
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';

/** The answer to the pending question, or undefined when the message is not one. */
export function answerPending(turn: Turn, msg: Message, command: Command | undefined): Outcome | undefined {
  const pending = turn.flow.pending;
  if (!pending) return undefined;
  switch (pending.kind) {
    case 'unit':
      return command ? undefined : answerUnit(turn, msg, pending);
    case 'column':
      return command ? undefined : answerColumn(turn, msg, pending);
    case 'fix': {
      if (command?.kind !== 'yes') return undefined;
      const cleared: Turn = { ...turn, flow: { ...turn.flow, pending: undefined } };
      const applied = applyValues(cleared, pending.values, '按建议改正');
      if (applied.kind === 'refused') return reject(cleared, [applied.reason]);
      return settle(cleared, applied, ['已按建议改正：', ...echoChanges(turn.format, applied.diff)], false);
    }
    default:
      return undefined; // 「确认提交」 is a command of its own (submit.ts)
  }
}
