// 「王店镇改了啥」: what the official changed since the report was returned, each cell as it was at
// the return and as it is now (a text by its length), from the audit trail. Pure: the engine reads
// the changes (src/bot/report-changes.ts).
import { charCount, shown } from './echo.ts';
import { formatOf } from './flow/state.ts';
import { textSteps } from './flow/steps.ts';
import { afterReturn } from './supervise-returned.ts';
import type { UnitView } from './supervise.ts';

/** One cell or text (`texts.<id>`) changed: its value at the return and now (null: empty). */
export interface CellEdit {
  cell: string;
  before: number | string | null;
  after: number | string | null;
}

const length = (text: number | string | null) => (typeof text === 'string' ? `${charCount(text)}字` : '未填写');

/** The changes of `unit` since its last return (`edits` undefined: it was never returned). */
export function changesReply(unit: UnitView, edits: CellEdit[] | undefined): string {
  const returnedAt = unit.standing.returnedAt;
  // No return in the audit trail, or the last one withdrawn (撤回退回): nothing to compare with.
  if (!edits || !returnedAt) return `${unit.name}的报告目前没有退回（或退回已撤回），没有“退回后的修改”可查。回复“查看 ${unit.name}”了解其情况。`;
  const format = formatOf(unit.draft);
  // Totals follow their parts: only what the official changed is listed.
  const own = edits.filter((e) => e.cell.startsWith('texts.') || !format?.cell.get(e.cell)?.total);
  const line = (e: CellEdit) => {
    const text = textSteps.find((t) => `texts.${t.id}` === e.cell);
    if (text) return `· ${text.label}：${length(e.before)} → ${length(e.after)}`;
    const label = format?.cell.get(e.cell)?.label ?? e.cell;
    const value = (v: number | string | null) => (format && typeof v !== 'string' ? shown(format, e.cell, v) : String(v));
    return `· ${label}：${value(e.before)} → ${value(e.after)}`;
  };
  const head = `【${unit.name}】${afterReturn(unit, returnedAt)}`;
  if (!own.length) return `${head}\n退回后尚未修改任何内容。`;
  return [head, `退回后修改了${own.length}处：`, ...own.slice(0, 30).map(line), ...(own.length > 30 ? [`……另有${own.length - 30}处`] : []),
    `回复“查看 ${unit.name} 全文”阅读全部文字。`].join('\n');
}
