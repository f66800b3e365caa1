// 通过, 退回 and 撤回退回, carried out in the supervisor's turn: each a conditional update of the
// report's status (the reply is said only when it applied), a status row in the audit trail (which
// the standing reads: the first submission, the last return, a withdrawal), and the officials told.
import type { EntityManager } from 'typeorm';
import { stateWords, type ReportState } from '../../handlers/standing.ts';
import { returnNotice } from '../../handlers/supervise-return.ts';
import type { SupervisorAction, UnitView } from '../../handlers/supervise.ts';
import type { CampaignRow } from './jurisdiction.ts';
import { datetime, execute, query } from './sql.ts';
import type { Writer } from './store.ts';
import { withdrawalKey } from '../message-keys.ts';

type Review = Extract<SupervisorAction, { kind: 'approve' | 'return' | 'withdraw' }>;

/** What a review did: the supervisor's reply, and what the unit's officials are told (nothing when it did not apply). */
export interface Reviewed {
  reply: string;
  notice?: string;
}

const FROM: Record<Review['kind'], string> = { approve: "'submitted', 'imported'", return: "'submitted', 'approved', 'imported'", withdraw: "'returned'" };

async function setStatus(m: EntityManager, unit: UnitView, campaign: CampaignRow, action: Review['kind'], status: ReportState, reopened: string[] | null, change: { memberId: number; key: string; at: Date; note?: string }): Promise<boolean> {
  const changed = await execute(m, `UPDATE {reports} SET {status} = ?, {reopened} = ?, {version} = {version} + 1, {updatedAt} = ? WHERE {unitId} = ? AND {year} = ? AND {status} IN (${FROM[action]})`,
    [status, reopened && JSON.stringify(reopened), datetime(m, change.at), unit.id, campaign.year]);
  if (changed !== 1) return false;
  const [report] = await query<{ id: number }>(m, 'SELECT {id} FROM {reports} WHERE {unitId} = ? AND {year} = ?', [unit.id, campaign.year]);
  await execute(m, 'INSERT INTO {cell_changes} ({reportId}, {cell}, {oldValue}, {newValue}, {memberId}, {messageKey}, {at}, {note}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [report.id, 'status', JSON.stringify(action === 'withdraw' ? 'returned' : unit.standing.state), JSON.stringify(status), change.memberId, change.key, datetime(m, change.at), change.note ?? null]);
  return true;
}

/** Carry out one review of `unit` by `writer`. */
export async function review(m: EntityManager, action: Review, unit: UnitView, campaign: CampaignRow, writer: Writer, messageKey: string, at: Date): Promise<Reviewed> {
  const title = `${unit.name}${campaign.year}年度政府信息公开工作年度报告`;
  const changed = `${unit.name}的报告状态刚刚有变化，未能办理，请回复“查看 ${unit.name}”后再试。`;
  const by = { memberId: writer.memberId, key: messageKey, at };
  if (action.kind === 'approve') {
    if (!(await setStatus(m, unit, campaign, 'approve', 'approved', null, by))) return { reply: changed };
    return { reply: action.reply, notice: `您好，${title}已由${writer.unitName}审核通过。感谢您的辛勤工作！` };
  }
  if (action.kind === 'return') {
    if (!(await setStatus(m, unit, campaign, 'return', 'returned', action.reopen, { ...by, note: action.reason }))) return { reply: changed };
    return { reply: action.reply, notice: returnNotice(title, writer.unitName, action.reason, action.labels) };
  }
  // 撤回退回: only while the official has changed nothing since the return.
  const [report] = await query<{ id: number; status: string }>(m, 'SELECT {id}, {status} FROM {reports} WHERE {unitId} = ? AND {year} = ?', [unit.id, campaign.year]);
  const last = report && (await lastReturn(m, report.id));
  if (!report || report.status !== 'returned' || !last) return { reply: `${unit.name}的报告没有可撤回的退回。` };
  const [edits] = await query<{ n: number }>(m, "SELECT COUNT(*) AS {n} FROM {cell_changes} WHERE {reportId} = ? AND {id} > ? AND {cell} <> 'status'", [report.id, last.id]);
  if (Number(edits.n) > 0) return { reply: `${unit.name}的填报人已开始修改（${Number(edits.n)}处），不能再撤回退回。如无需修改，可待其重新提交后回复“通过 ${unit.name}”。` };
  const before = JSON.parse(last.oldValue ?? '"submitted"') as ReportState;
  const back: ReportState = before === 'approved' || before === 'imported' ? before : 'submitted';
  if (!(await setStatus(m, unit, campaign, 'withdraw', back, null, { ...by, key: withdrawalKey(messageKey) }))) return { reply: changed };
  return {
    reply: `已撤回对${unit.name}的退回，报告恢复为“${stateWords[back]}”，已通知填报人。`,
    notice: `您好，${writer.unitName}已撤回对${title}的退回，报告恢复为“${stateWords[back]}”，无需修改。`,
  };
}

/** The report's last 退回 in the audit trail: its row id, the status it left, and the reason as the supervisor typed it. */
export async function lastReturn(m: EntityManager, reportId: number): Promise<{ id: number; oldValue: string | null; note: string | null } | undefined> {
  const [last] = await query<{ id: number; oldValue: string | null; note: string | null }>(m,
    `SELECT {id}, {oldValue}, {note} FROM {cell_changes} WHERE {reportId} = ? AND {cell} = 'status' AND {newValue} = '"returned"' ORDER BY {id} DESC LIMIT 1`, [reportId]);
  return last && { ...last, id: Number(last.id) };
}

/** The reason of the report's last 退回, as the supervisor typed it (undefined when it was never returned, or returned before reasons were kept). */
export async function returnReasonOf(m: EntityManager, reportId: number): Promise<string | undefined> {
  return (await lastReturn(m, reportId))?.note ?? undefined;
}
