// The supervisors' side of a turn, in the turn's transaction: load the units under the
// supervisor as they stand, run the supervisors' handler, and carry out its actions (催办 sends a
// reminder now, at most one a unit a day; 退回 reopens the named cells; 通过 approves), each
// telling the officials concerned through the outbox; 催办记录 reads what was sent. Also what an
// official's turn sets going: 明天再提醒我, and the supervisors told of a (re)submission.
import type { EntityManager } from 'typeorm';
import type { DocumentRequest } from './outbox-payloads.ts';
import { handleSupervisorTurn, type UnitView } from '../../handlers/supervise.ts';
import { dayOffNote } from '../../handlers/reminders.ts';
import { reminderHistory } from '../../handlers/supervise-history.ts';
import { changesReply } from '../../handlers/supervise-changes.ts';
import { lastWorkingDayIfOff, type QuietWindow } from '../calendar/reminder-dates.ts';
import { loadCalendar, shanghaiDate, shanghaiTime, type WorkingCalendar } from '../calendar/working-calendar.ts';
import { isUniqueViolation } from '../db/query-errors.ts';
import { unitViews } from './campaign-view.ts';
import { descendantsOf, inCampaign, membersOf, openCampaigns, unitById, type CampaignRow } from './jurisdiction.ts';
import { memberChannels } from './member-channels.ts';
import { textMessages, type Outgoing } from './outbox.ts';
import { datetime, execute } from './sql.ts';
import type { Writer } from './store.ts';
import { review } from './review.ts';
import { remindersTo } from './reminder-history.ts';
import { changesSinceReturn } from './report-changes.ts';
import { urge } from './urge.ts';
import { reminderKey, reviewNoticeKey, submittedKey } from '../message-keys.ts';

/** What supervision is judged by: the working calendar, and the hours messages may go out (NIANBAO_SEND_HOURS). */
export interface SupervisionOptions {
  calendar?: WorkingCalendar;
  hours?: QuietWindow;
  /** The outbox channels this service sends on; a member reached only through another is not urged (said so). All when absent. */
  channels?: readonly string[];
}

/** The hour reminders go out: inside working hours, off WeCom's busy :00 and :30. */
export const REMINDER_TIME = '09:20';

/** The units under a supervisor in the newest open campaign that has any, as the handler sees them. */
export async function jurisdictionOf(m: EntityManager, rootUnitId: number, today: string, calendar?: WorkingCalendar): Promise<{ campaign: CampaignRow; units: UnitView[] } | undefined> {
  const under = await descendantsOf(m, rootUnitId);
  for (const campaign of await openCampaigns(m)) {
    const ids = await inCampaign(m, campaign.id, under.map((u) => u.id));
    const rows = under.filter((u) => ids.has(u.id));
    if (rows.length) return { campaign, units: await unitViews(m, campaign, rows, today, { ...(calendar && { calendar }) }) };
  }
  return undefined;
}

/** Why a supervisor has nothing to review, said as it is: no unit under them, or none in an open campaign, or no open campaign. */
async function nothingToSupervise(m: EntityManager, writer: Writer): Promise<string> {
  const own = writer.campaign ? '如需填写本单位自己的年度报告，请回复“填报本单位”。' : '';
  const under = await descendantsOf(m, writer.unitId);
  if (!under.length) return `您好，${writer.unitName}下目前没有登记任何下级单位，因此没有需要审核的报告。如需添加下级单位及其填报人员，请联系系统管理员。${own}`;
  const open = await openCampaigns(m);
  if (!open.length) return `您好，目前没有进行中的年度报告填报任务（${writer.unitName}下登记有${under.length}个单位）。任务开始后即可查看进度和审核。${own}`;
  return `您好，${writer.unitName}下登记的${under.length}个单位均未列入进行中的${open.map((c) => `${c.year}年度`).join('、')}填报任务，因此没有需要审核的报告。如需将这些单位加入任务，请联系系统管理员。${own}`;
}

/** Insert a reminder row; false when one with its key is already there. */
export async function insertReminder(m: EntityManager, row: { key: string; campaignId: number; unitId: number | null; recipient: string; kind: string; dueAt: Date; state: 'pending' | 'sent'; note?: string }, at: Date): Promise<boolean> {
  try {
    await execute(m, 'INSERT INTO {reminders} ({idempotencyKey}, {campaignId}, {unitId}, {recipient}, {kind}, {dueAt}, {state}, {note}, {createdAt}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [row.key, row.campaignId, row.unitId, row.recipient, row.kind, datetime(m, row.dueAt), row.state, row.note ?? null, datetime(m, at)]);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** A supervisor's turn: the replies, and the messages its actions send to others. */
export async function supervisorTurn(m: EntityManager, writer: Writer, text: string, messageKey: string, at: Date, options: SupervisionOptions = {}): Promise<{ replies: string[]; outgoing: Outgoing[]; documents: DocumentRequest[] }> {
  const today = shanghaiDate(at);
  const calendar = options.calendar ?? loadCalendar();
  const found = await jurisdictionOf(m, writer.unitId, today, calendar);
  if (!found) return { replies: [await nothingToSupervise(m, writer)], outgoing: [], documents: [] };
  const { campaign, units } = found;
  const dayOff = (due: string) => dayOffNote(due, lastWorkingDayIfOff(due, calendar));
  const result = handleSupervisorTurn(text, { supervisorUnit: writer.unitName, year: campaign.year, units, today, ownReport: writer.campaign !== undefined, dayOff });
  const outgoing: Outgoing[] = [];
  const replies = [...result.replies];
  const byId = new Map(units.map((u) => [u.id, u]));
  const documents: DocumentRequest[] = [];
  const filers = await membersOf(m, result.actions.flatMap((a) => (a.kind === 'urge' ? a.unitIds : a.kind === 'export' || a.kind === 'download' || a.kind === 'reminders' || a.kind === 'changes' ? [] : [a.unitId])), 'filer');
  const channelOf = await memberChannels(m, [...filers.values()].flat());
  const tell = (unitId: number, kind: Parameters<typeof reviewNoticeKey>[0], body: string) => {
    for (const userId of filers.get(unitId) ?? []) outgoing.push(...textMessages(reviewNoticeKey(kind, messageKey, userId), channelOf(userId), userId, body));
  };
  for (const action of result.actions) {
    if (action.kind === 'urge') {
      const done = await urge(m, action.unitIds.map((id) => byId.get(id)!), action.all, at, { campaign, from: writer.unitName, filers, channelOf, calendar, ...(options.hours && { hours: options.hours }), ...(options.channels && { channels: options.channels }) });
      replies.push(done.reply);
      outgoing.push(...done.outgoing);
      continue;
    }
    if (action.kind === 'download') {
      documents.push({ kind: 'report-file', payload: { reportId: byId.get(action.unitId)!.reportId!, signedOn: today } });
      continue;
    }
    if (action.kind === 'changes') {
      const unit = byId.get(action.unitId)!;
      replies.push(changesReply(unit, unit.reportId === undefined ? undefined : await changesSinceReturn(m, unit.reportId)));
      continue;
    }
    if (action.kind === 'reminders') {
      const sent = await remindersTo(m, campaign.id, action.unitIds);
      replies.push(...reminderHistory(action.unitIds.map((id) => byId.get(id)!), sent, { all: action.all, year: campaign.year, today }));
      continue;
    }
    if (action.kind === 'export') {
      const request = { campaignId: campaign.id, rootId: writer.unitId };
      documents.push({ kind: 'overview-file', payload: request }, { kind: 'rollup-file', payload: request });
      continue;
    }
    const unit = byId.get(action.unitId)!;
    const done = await review(m, action, unit, campaign, writer, messageKey, at);
    if (done.reply) replies.push(done.reply);
    if (done.notice) tell(unit.id, action.kind, done.notice);
  }
  return { replies, outgoing, documents };
}

/** 明天再提醒我: a reminder on the next working day (none if one is already planned for that day). */
export async function snooze(m: EntityManager, writer: Writer, userId: string, at: Date, calendar: WorkingCalendar): Promise<void> {
  if (!writer.campaign) return;
  const day = calendar.nextWorkingDay(shanghaiDate(at));
  await insertReminder(m, { key: reminderKey(writer.campaign.id, writer.unitId, day, userId), campaignId: writer.campaign.id, unitId: writer.unitId, recipient: userId, kind: 'snooze', dueAt: shanghaiTime(day, REMINDER_TIME), state: 'pending' }, at);
  // Nothing more today: a reminder still waiting for today is dropped.
  await execute(m, "UPDATE {reminders} SET {state} = 'dropped', {note} = '明天再提醒我' WHERE {recipient} = ? AND {campaignId} = ? AND {state} = 'pending' AND {idempotencyKey} = ?",
    [userId, writer.campaign.id, reminderKey(writer.campaign.id, writer.unitId, shanghaiDate(at), userId)]);
}

/** Who hears of a submission: the nearest level above the unit that has supervisors, or every level above it. */
export type SubmissionReach = 'nearest' | 'all';

/** The messages telling the supervisors above the unit (at any depth; by default the nearest level that has any) that its report was submitted (again, after a return); each supervisor once. */
export async function notifySubmitted(m: EntityManager, writer: Writer, messageKey: string, again: boolean, reach: SubmissionReach = 'nearest'): Promise<Outgoing[]> {
  if (writer.parentId === null || !writer.campaign) return [];
  const supervisors: string[] = [];
  const seen = new Set<number>();
  for (let id: number | null = writer.parentId; id !== null && !seen.has(id);) {
    seen.add(id);
    const level = (await membersOf(m, [id], 'supervisor')).get(id) ?? [];
    supervisors.push(...level.filter((u) => !supervisors.includes(u)));
    if (level.length && reach === 'nearest') break;
    id = (await unitById(m, id))?.parentId ?? null;
  }
  const body = `${writer.unitName}已${again ? '重新' : ''}提交${writer.campaign.year}年度政府信息公开工作年度报告。可回复“查看 ${writer.unitName}”审核，“通过 ${writer.unitName}”或“退回 ${writer.unitName} 原因”。`;
  const channelOf = await memberChannels(m, supervisors);
  return supervisors.flatMap((userId) => textMessages(submittedKey(messageKey, userId), channelOf(userId), userId, body));
}
