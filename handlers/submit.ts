// 「提交」: only a complete report without errors, after 「确认提交」. A submitted report is an
// immutable version: it reopens only when the supervisor returns it (product.md, principle 6).
import { hasErrors } from '../src/report/check.ts';
import { distinct, explain, reportFindings } from './checks.ts';
import { editable, readOnlyReason } from './changes.ts';
import { info, reject, type Outcome, type Turn } from './flow/state.ts';
import { isFilled, stepById, stepsOf } from './flow/steps.ts';
import { missing } from './progress.ts';

/** Why the report cannot be submitted yet: what is missing, or its errors. */
function blockers(turn: Turn): string[] | undefined {
  const open = stepsOf(turn.format).filter((s) => s.kind !== 'review' && !isFilled(s, turn.draft));
  if (open.length) return ['报告尚未填写完整，暂不能提交：', ...missing(turn).filter((l) => l.startsWith('✖'))];
  const errors = distinct(reportFindings(turn.draft, turn.ctx.previous).filter((f) => f.severity === 'error'));
  if (!hasErrors(errors)) return undefined;
  return [`报告还有${errors.length}处错误，改正后才能提交：`, ...explain(errors, turn.format, turn.draft.report, 4, (id) => editable(turn.draft, id)).lines];
}

/** 「提交」: ask for confirmation when the report is complete and correct. */
export function askSubmit(turn: Turn): Outcome {
  const locked = readOnlyReason(turn.draft);
  if (locked) return info(turn, [turn.draft.status === 'submitted' ? '报告已提交，正在等待审核。' : '报告已审核通过。']);
  const blocked = blockers(turn);
  if (blocked) return reject(turn, [blocked.join('\n')]);
  const warnings = reportFindings(turn.draft, turn.ctx.previous).filter((f) => f.severity === 'warning').length;
  return {
    tag: 'info', draft: turn.draft, say: warnings ? [`另有${warnings}条提醒（不影响提交），可回复“预览”查看。`] : [], ask: true,
    flow: { ...turn.flow, pending: { kind: 'submit' } },
    question: '确认提交吗？提交后不能再修改，除非审核人退回。回复“确认提交”',
    choice: {
      title: '确认提交年度报告',
      description: '提交后不能再修改，除非审核人退回。',
      buttons: [{ key: '确认提交', text: '确认提交' }, { key: '暂不提交', text: '暂不提交' }],
    },
  };
}

/** 「暂不提交」: the confirmation is dropped; the official goes on where they were. */
export function cancelSubmit(turn: Turn): Outcome {
  if (turn.flow.pending?.kind !== 'submit') return info(turn, ['好的。需要提交时，请回复“提交”。']);
  return info({ ...turn, flow: { ...turn.flow, pending: undefined } }, ['好的，暂不提交。您可以继续修改，改好后回复“提交”。']);
}

/** The buttons after a preview of a report that can be submitted. */
export function submitChoice(turn: Turn): Outcome['choice'] {
  if (readOnlyReason(turn.draft) || blockers(turn)) return undefined;
  return {
    title: '报告可以提交了',
    description: '已填写完整，未发现错误。',
    buttons: [{ key: '提交', text: '提交报告' }, { key: '修改', text: '继续修改' }],
  };
}

/** 「确认提交」 after 「提交」: the draft becomes submitted; otherwise the same checks as 「提交」. */
export function confirmSubmit(turn: Turn): Outcome {
  if (turn.flow.pending?.kind !== 'submit' || readOnlyReason(turn.draft)) return askSubmit(turn);
  const blocked = blockers(turn);
  if (blocked) return reject(turn, [blocked.join('\n')]);
  const draft = { ...turn.draft, status: 'submitted' as const, reopened: undefined };
  delete draft.reopened;
  const flow = { ...turn.flow, step: stepById(turn.format, 'review').id, pending: undefined, undo: [], text: undefined };
  return {
    tag: 'changed', draft, flow, ask: true,
    say: [`${turn.draft.report.unit}${turn.draft.report.year}年度政府信息公开工作年度报告已提交，审核人审核后会通知您。按官方版式生成的 Word 文件随后发送给您。感谢您的辛勤工作！`],
    actions: [{ kind: 'document' }],
  };
}

/** 「提交以后还能改吗」: after 提交 the report is locked; only the supervisor's 退回 reopens it (for the items they name). */
export function afterSubmit(turn: Turn): Outcome {
  const returned = '如需修改，请联系审核人（上级政务公开办）退回；退回后可以修改审核人指出的项目，改好后回复“提交”重新提交。';
  switch (turn.draft.status) {
    case 'submitted':
    case 'imported':
      return info(turn, [`报告已提交，正在等待审核，目前不能自行修改，也不能自行撤回。${returned}`]);
    case 'approved':
      return info(turn, ['报告已审核通过，不能再修改。如确需修改，请联系审核人。']);
    case 'returned':
      return info(turn, ['报告已被审核人退回，现在可以修改审核人指出的项目，改好后回复“提交”重新提交。重新提交后报告再次锁定，不能自行修改或撤回，除非审核人再次退回。']);
    default:
      return info(turn, [`提交后报告即锁定，您不能再自行修改，也不能自行撤回。${returned}提交前可回复“预览”核对全部内容。`]);
  }
}
