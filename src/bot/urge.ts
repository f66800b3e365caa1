// A supervisor's 催办, carried out in the turn's transaction: each unit's outcome decided, a 催办
// row per official (its own message, signed with the supervisor's unit, at most one a unit and
// day), sent at once in sending hours or planned for the next allowed minute, and the day's
// scheduled reminder to the unit folded into it. The reply says exactly what was done.
import type { EntityManager } from 'typeorm';
import { reminderText } from '../../handlers/reminders.ts';
import { dueForUrging, urgeReply, type UrgeOutcome } from '../../handlers/supervise-urge.ts';
import type { UnitView } from '../../handlers/supervise.ts';
import { inQuietHours, lastWorkingDayIfOff, type QuietWindow } from '../calendar/reminder-dates.ts';
import { addDays, shanghaiDate, shanghaiTime, type WorkingCalendar } from '../calendar/working-calendar.ts';
import type { CampaignRow } from './jurisdiction.ts';
import type { MemberChannel } from './member-channels.ts';
import { textMessages, type Outgoing } from './outbox.ts';
import { datetime, execute, query } from './sql.ts';
import { insertReminder } from './supervision.ts';
import { urgeKey } from '../message-keys.ts';

/** The sending hours when none are configured (NIANBAO_SEND_HOURS's default). */
export const DEFAULT_HOURS: QuietWindow = { from: '09:00', to: '18:00' };

/** The note a 催办 row carries: who urged (the tick signs a planned 催办 with it). */
export const URGED_BY = '催办：';

/** The first instant at or after `at` when messages may go out: `at` itself in sending hours, else the start of the next ones. */
export function nextSendingTime(at: Date, calendar: WorkingCalendar, hours: QuietWindow = DEFAULT_HOURS): Date {
  if (!inQuietHours(at, calendar, hours)) return at;
  const today = shanghaiDate(at);
  const start = shanghaiTime(today, hours.from);
  if (calendar.isWorkingDay(today) && at < start) return start;
  return shanghaiTime(calendar.nextWorkingDay(today), hours.from);
}

/** The units of these ids urged on `date` already (a 催办 planned or sent, not dropped). */
async function urgedOn(m: EntityManager, campaignId: number, unitIds: number[], date: string): Promise<Set<number>> {
  if (!unitIds.length) return new Set();
  const start = shanghaiTime(date, '00:00');
  const rows = await query<{ unitId: number }>(m,
    `SELECT DISTINCT {unitId} FROM {reminders} WHERE {campaignId} = ? AND {kind} = 'urge' AND {state} <> 'dropped' AND {dueAt} >= ? AND {dueAt} < ? AND {unitId} IN (${unitIds.map(() => '?').join(', ')})`,
    [campaignId, datetime(m, start), datetime(m, shanghaiTime(addDays(date, 1), '00:00')), ...unitIds]);
  return new Set(rows.map((r) => Number(r.unitId)));
}

/** What a 催办 needs besides the units: who urges, the officials by unit, their channels, the calendar and the hours. */
export interface UrgeContext {
  campaign: CampaignRow;
  from: string;
  filers: Map<number, string[]>;
  channelOf: (userId: string) => MemberChannel;
  calendar: WorkingCalendar;
  hours?: QuietWindow;
  /** The channels this service sends on (all when absent): a filer reachable only through another is not counted as urged. */
  channels?: readonly string[];
}

/** Carry out a 催办 of `targets` at `at`: the reply, and the messages sent now. */
export async function urge(m: EntityManager, targets: UnitView[], all: boolean, at: Date, c: UrgeContext): Promise<{ reply: string; outgoing: Outgoing[] }> {
  const today = shanghaiDate(at);
  const sendAt = nextSendingTime(at, c.calendar, c.hours);
  const now = sendAt.getTime() === at.getTime();
  const day = shanghaiDate(sendAt);
  const urged = await urgedOn(m, c.campaign.id, targets.map((u) => u.id), day);
  const outgoing: Outgoing[] = [];
  const outcomes: UrgeOutcome[] = [];
  for (const unit of targets) {
    const filers = c.filers.get(unit.id) ?? [];
    if (unit.standing.handedIn) outcomes.push({ kind: 'handedIn', unit });
    else if (all && !dueForUrging(unit, today)) outcomes.push({ kind: 'notDue', unit });
    else if (urged.has(unit.id)) outcomes.push({ kind: 'urgedAlready', unit });
    else if (!filers.length) outcomes.push({ kind: 'noFiler', unit });
    // Never said to be urged when nothing could reach them: a bot alone cannot write to someone who never opened it.
    else if (c.channels && !filers.some((userId) => c.channels!.includes(c.channelOf(userId)))) outcomes.push({ kind: 'unreachable', unit });
    else {
      let recipients = 0;
      const lastWorkingDay = lastWorkingDayIfOff(unit.standing.due, c.calendar);
      for (const userId of filers.filter((u) => !c.channels || c.channels.includes(c.channelOf(u)))) {
        const row = { key: urgeKey(c.campaign.id, unit.id, day, userId), campaignId: c.campaign.id, unitId: unit.id, recipient: userId, kind: 'urge', dueAt: sendAt, state: now ? 'sent' as const : 'pending' as const, note: `${URGED_BY}${c.from}` };
        if (!(await insertReminder(m, row, at))) continue;
        recipients++;
        if (now) outgoing.push(...textMessages(row.key, c.channelOf(userId), userId, reminderText({ kind: 'urge', unitName: unit.name, year: c.campaign.year, today, standing: unit.standing, from: c.from, ...(lastWorkingDay && { lastWorkingDay }) })));
      }
      if (!recipients) {
        outcomes.push({ kind: 'urgedAlready', unit });
        continue;
      }
      // The day's scheduled reminder is folded into the 催办 (one message a unit that day).
      await execute(m, `UPDATE {reminders} SET {state} = 'dropped', {note} = '已并入催办' WHERE {campaignId} = ? AND {unitId} = ? AND {state} = 'pending' AND {kind} NOT IN ('urge', 'digest', 'late', 'escalate') AND {dueAt} >= ? AND {dueAt} < ?`,
        [c.campaign.id, unit.id, datetime(m, shanghaiTime(day, '00:00')), datetime(m, shanghaiTime(addDays(day, 1), '00:00'))]);
      outcomes.push({ kind: 'queued', unit, recipients });
    }
  }
  // 「全部未交」 speaks of the units it concerns; those handed in are counted, not listed one by one.
  const shown = all ? outcomes.filter((o) => o.kind !== 'handedIn') : outcomes;
  return { reply: urgeReply(shown, { today, sendAt: now ? null : sendAt, all }) + (all && shown.length < outcomes.length ? `\n另有${outcomes.length - shown.length}个单位已提交。` : ''), outgoing };
}
