// The scheduler's reminders (product.md, "Supervisors"): on each working day, plan the day's rows
// — a reminder to the officials of every unit that has not submitted on its reminder days, each
// supervisor's morning digest, and on the first working day after a deadline the list of late
// units — then, in working hours, claim what is due and put its text in the outbox in the same
// transaction. A row due on a day that has passed (the service was down) is dropped, not sent late.
import type { DataSource, EntityManager } from 'typeorm';
import { digestText, escalationText, lateText, reminderText, type DigestChanges, type ReminderKind } from '../../handlers/reminders.ts';
import type { LiveCalendar } from '../bot/calendar-store.ts';
import { cronSchedule, type Schedule, type StopTick } from './schedule.ts';
import { isHandedIn, type ReportState } from '../../handlers/standing.ts';
import { escalationDay, inQuietHours, lastWorkingDayIfOff, reminderDays, type QuietWindow } from '../calendar/reminder-dates.ts';
import { addDays, shanghaiDate, shanghaiTime, type WorkingCalendar } from '../calendar/working-calendar.ts';
import { AIBOT_GROUP_CHANNEL, AIBOT_SINGLE_CHANNEL as AIBOT_CHANNEL, countUnreached, digestGroups, unreachedLine } from '../bot/aibot-groups.ts';
import { allUnits, campaignUnitIds, deadlineOf, membersOf, openCampaigns, unitById, unitTree, type CampaignRow, type UnitRow } from '../bot/jurisdiction.ts';
import { memberChannels, type MemberChannel } from '../bot/member-channels.ts';
import { findMember } from '../bot/member-lookup.ts';
import { enqueue, textMessages, type Destination } from '../bot/outbox.ts';
import { datetime, execute, hasRowLocks, inStatement, inTransaction, query, readDatetime, retrying } from '../bot/sql.ts';
import { REMINDER_TIME } from '../bot/supervision.ts';
import { URGED_BY } from '../bot/urge.ts';
import { loadCampaignView, unitStandings, type CampaignView } from '../bot/campaign-view.ts';
import { digestKey, escalateKey, groupDigestKey, isWithdrawalKey, lateKey, reminderKey, reminderMessageKey } from '../message-keys.ts';

/** When the digest goes out: at the start of working hours, before the reminders. */
const DIGEST_TIME = '09:05';
/** The digest posted to a bound group (recipient: its chatid). */
const GROUP_DIGEST = 'group-digest';
const UNREACHED = '尚未与机器人对话，无法接收提醒';
const BATCH = 200;

interface PlannedRow {
  key: string;
  campaignId: number;
  unitId: number;
  recipient: string;
  kind: string;
  dueAt: Date;
}

/** How insistent the scheduler is after a deadline. */
export interface ReminderPolicy {
  /** Working days late with a reminder every working day; after them, one every `thenEvery` working days. */
  dailyLateDays: number;
  thenEvery: number;
  /** Working days late at which a unit is escalated, once, to the supervisors one level above its own. */
  escalateAfter: number;
}

/** Daily for a week (5 working days), then every 2nd working day; escalated at 5 working days late. */
export const defaultPolicy: ReminderPolicy = { dailyLateDays: 5, thenEvery: 2, escalateAfter: 5 };

/** Whether a unit `n` working days late is reminded today. */
export function remindsLate(n: number, policy: ReminderPolicy = defaultPolicy): boolean {
  return n <= policy.dailyLateDays || (n - policy.dailyLateDays) % policy.thenEvery === 0;
}

/** Plan today's rows for every open campaign; the number of rows planned (0 on a day off). Planning again adds nothing. */
export async function planReminders(db: DataSource, at: Date, calendar: WorkingCalendar, policy: ReminderPolicy = defaultPolicy): Promise<number> {
  const today = shanghaiDate(at);
  if (!calendar.isWorkingDay(today)) return 0;
  const rows: PlannedRow[] = [];
  await inStatement(db, async (m) => {
    const units = await allUnits(m);
    const groups = await digestGroups(m);
    const below = unitTree(units);
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const campaign of await openCampaigns(m)) {
      const ids = await campaignUnitIds(m, campaign.id);
      const mine = units.filter((u) => ids.has(u.id));
      const statuses = new Map((await query<{ unitId: number; status: ReportState }>(m, 'SELECT {unitId}, {status} FROM {reports} WHERE {year} = ?', [campaign.year]))
        .map((r) => [Number(r.unitId), r.status]));
      const open = mine.filter((u) => !isHandedIn(statuses.get(u.id) ?? 'none'));
      const filers = await membersOf(m, open.map((u) => u.id), 'filer');
      const late = new Map<number, UnitRow[]>();
      // A campaign has a deadline or two: today's reminder day is worked out once per deadline.
      const days = new Map<string, ReturnType<typeof reminderDays>[number] | undefined>();
      const dayOf = (deadline: string) => {
        if (!days.has(deadline)) days.set(deadline, reminderDays(deadline, calendar, today).find((d) => d.date === today));
        return days.get(deadline);
      };
      const escalate: { unit: UnitRow; above: number }[] = [];
      const escalations = new Map<string, boolean>();
      const escalatesToday = (deadline: string) => {
        if (!escalations.has(deadline)) escalations.set(deadline, escalationDay(deadline, calendar) === today);
        return escalations.get(deadline)!;
      };
      for (const unit of open) {
        const deadline = deadlineOf(campaign, unit.kind);
        const day = dayOf(deadline);
        if (day && (day.overdueDays === undefined || remindsLate(day.overdueDays, policy))) {
          for (const userId of filers.get(unit.id) ?? []) {
            rows.push({ key: reminderKey(campaign.id, unit.id, today, userId), campaignId: campaign.id, unitId: unit.id, recipient: userId, kind: day.kind, dueAt: shanghaiTime(today, REMINDER_TIME) });
          }
        }
        if (unit.parentId !== null && escalatesToday(deadline)) late.set(unit.parentId, [...(late.get(unit.parentId) ?? []), unit]);
        // Long overdue (by the deadline; the standing, read when sent, decides): to the level above the unit's supervisors, once.
        const above = unit.parentId === null ? null : byId.get(unit.parentId)?.parentId ?? null;
        if (above !== null && (day?.overdueDays ?? 0) >= policy.escalateAfter) escalate.push({ unit, above });
      }
      const parents = [...new Set(mine.map((u) => u.parentId).filter((p): p is number => p !== null && byId.has(p)))];
      const supervisors = await membersOf(m, [...new Set([...parents, ...escalate.map((e) => e.above)])], 'supervisor');
      for (const { unit, above } of escalate) {
        for (const userId of supervisors.get(above) ?? []) {
          rows.push({ key: escalateKey(campaign.id, unit.id, userId, today), campaignId: campaign.id, unitId: unit.id, recipient: userId, kind: 'escalate', dueAt: shanghaiTime(today, REMINDER_TIME) });
        }
      }
      // A bound group gets the digest of its unit; `instead`: its unit's supervisors then get none of their own.
      const inGroups = groups.filter((g) => below(g.unitId).some((u) => ids.has(u.id)));
      for (const group of inGroups) {
        rows.push({ key: groupDigestKey(campaign.id, group.chatId, today), campaignId: campaign.id, unitId: group.unitId, recipient: group.chatId, kind: GROUP_DIGEST, dueAt: shanghaiTime(today, DIGEST_TIME) });
      }
      const postedInstead = new Set(inGroups.filter((g) => g.digest === 'instead').map((g) => g.unitId));
      for (const parent of parents) {
        for (const userId of supervisors.get(parent) ?? []) {
          if (!postedInstead.has(parent)) rows.push({ key: digestKey(campaign.id, userId, today), campaignId: campaign.id, unitId: parent, recipient: userId, kind: 'digest', dueAt: shanghaiTime(today, DIGEST_TIME) });
          if (late.has(parent)) rows.push({ key: lateKey(campaign.id, userId, today), campaignId: campaign.id, unitId: parent, recipient: userId, kind: 'late', dueAt: shanghaiTime(today, REMINDER_TIME) });
        }
      }
    }
  });
  const ignore = hasRowLocks(db) ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
  // Two schedulers planning the same day insert the same keys: on MySQL the duplicate-key locks
  // can deadlock, and the loser plans again (finding everything there).
  await retrying(() => inTransaction(db, async (m) => {
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await execute(m,
        `${ignore} INTO {reminders} ({idempotencyKey}, {campaignId}, {unitId}, {recipient}, {kind}, {dueAt}, {state}, {note}, {createdAt}) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, 'pending', NULL, ?)").join(', ')}`,
        chunk.flatMap((r) => [r.key, r.campaignId, r.unitId, r.recipient, r.kind, datetime(m, r.dueAt), datetime(m, at)]));
    }
  }));
  return rows.length;
}

interface DueRow {
  id: number;
  campaignId: number;
  unitId: number | null;
  recipient: string;
  kind: string;
  dueAt: unknown;
  note: string | null;
}

/**
 * Send what is due, outside quiet hours; where messages are now in the outbox (each recipient on
 * their channel). `channels`: the outbox channels this service sends on; a member only the app
 * could reach, without the app, is not reminded (the row is dropped, saying why).
 */
export async function sendDueReminders(db: DataSource, at: Date, calendar: WorkingCalendar, hours?: QuietWindow, policy: ReminderPolicy = defaultPolicy, channels?: ReadonlySet<string>): Promise<Destination[]> {
  if (inQuietHours(at, calendar, hours)) return [];
  const due = await inStatement(db, (m) => query<DueRow>(m,
    "SELECT {id}, {campaignId}, {unitId}, {recipient}, {kind}, {dueAt}, {note} FROM {reminders} WHERE {state} = 'pending' AND {dueAt} <= ? ORDER BY {dueAt}, {id} LIMIT ?", [datetime(m, at), BATCH]));
  const queued = new Map<string, Destination>();
  const campaigns = await inStatement(db, (m) => openCampaigns(m));
  const channelOf = await inStatement(db, (m) => memberChannels(m, due.map((r) => r.recipient)));
  // Digests and late lists of one tick share one load of their campaign.
  const views = new Map<number, Promise<CampaignView>>();
  const viewOf = (m: EntityManager, campaign: CampaignRow) => {
    if (!views.has(campaign.id)) views.set(campaign.id, loadCampaignView(m, campaign, shanghaiDate(at), { calendar }));
    return views.get(campaign.id)!;
  };
  for (const row of due) {
    const campaign = campaigns.find((c) => c.id === Number(row.campaignId));
    const member = channelOf(row.recipient);
    // The bot since removed from the configuration: its former contacts are reached through the app.
    const channel = row.kind === GROUP_DIGEST ? AIBOT_GROUP_CHANNEL : member === AIBOT_CHANNEL && channels && !channels.has(AIBOT_CHANNEL) ? 'wecom' : member;
    const sent = await retrying(() => inTransaction(db, (m) => sendOne(m, row, campaign, at, calendar, viewOf, channel, policy, channels)));
    if (sent) queued.set(`${channel}\u0000${row.recipient}`, { channel, recipient: row.recipient });
  }
  return [...queued.values()];
}

/** Claim one row and put its text in the outbox, or drop it; true when a message was queued. */
async function sendOne(m: EntityManager, row: DueRow, campaign: CampaignRow | undefined, at: Date, calendar: WorkingCalendar, viewOf: (m: EntityManager, campaign: CampaignRow) => Promise<CampaignView>, channel: MemberChannel | typeof AIBOT_GROUP_CHANNEL, policy: ReminderPolicy, channels?: ReadonlySet<string>): Promise<boolean> {
  // The claim: of several schedulers, one changes the row; the others change nothing and move on.
  if ((await execute(m, "UPDATE {reminders} SET {state} = 'sent' WHERE {id} = ? AND {state} = 'pending'", [row.id])) !== 1) return false;
  const drop = async (note: string) => {
    await execute(m, "UPDATE {reminders} SET {state} = 'dropped', {note} = ? WHERE {id} = ?", [note, row.id]);
    return false;
  };
  const today = shanghaiDate(at);
  if (shanghaiDate(readDatetime(row.dueAt)) !== today) return drop('已过期：当天服务未运行，不再补发');
  if (!campaign || row.unitId === null) return drop('填报任务已结束');
  // Planned (or snoozed) before an admin disabled the member.
  if ((await findMember(m, row.recipient))?.disabled) return drop('成员已停用');
  // Only the app could reach them, and it is not configured: a bot cannot start a chat with someone who never opened it.
  if (channels && channel === 'wecom' && !channels.has('wecom')) return drop(`${UNREACHED}：未配置自建应用`);
  if (channels && channel === AIBOT_GROUP_CHANNEL && !channels.has(channel)) return drop('未配置智能机器人，不能发到群里');
  let text: string;
  if (row.kind === GROUP_DIGEST) {
    const unit = await unitById(m, Number(row.unitId));
    const units = unit ? (await viewOf(m, campaign)).under(unit.id) : [];
    if (!unit || !units.length) return drop('没有需要审核的单位');
    text = digestText({ supervisorUnit: unit.name, year: campaign.year, units, today }, await changesSince(m, campaign, row.recipient, units.map((u) => u.id), today, GROUP_DIGEST), { lastWorkingDay: (due) => lastWorkingDayIfOff(due, calendar) });
  } else if (row.kind === 'digest' || row.kind === 'late') {
    const [supervisor] = await query<{ unitId: number; name: string }>(m, 'SELECT u.{id} AS {unitId}, u.{name} AS {name} FROM {members} m JOIN {units} u ON u.{id} = m.{unitId} WHERE m.{userId} = ?', [row.recipient]);
    const units = supervisor ? (await viewOf(m, campaign)).under(Number(supervisor.unitId)) : [];
    if (!units.length) return drop('没有需要审核的单位');
    const ctx = { supervisorUnit: supervisor.name, year: campaign.year, units, today };
    if (row.kind === 'digest') {
      const missingYears = await calendarToMention(m, campaign, row.recipient, calendar);
      text = digestText(ctx, await changesSince(m, campaign, row.recipient, units.map((u) => u.id), today), { lastWorkingDay: (due) => lastWorkingDayIfOff(due, calendar), missingYears });
      // With the bot but not the app, those who never opened the bot get no reminder: the supervisor is told how many.
      const unreached = channels?.has(AIBOT_CHANNEL) && !channels.has('wecom') ? await countUnreached(m, units.map((u) => u.id)) : 0;
      if (unreached) text += `\n\n${unreachedLine(unreached)}：请他们在企业微信中打开机器人（工作台或搜索机器人名称）发一条消息。`;
      // Remembered on the row: the next digest does not say it again.
      if (missingYears.length) await execute(m, 'UPDATE {reminders} SET {note} = ? WHERE {id} = ?', [`${CALENDAR_MENTIONED}${missingYears.join('、')}`, row.id]);
    }
    else {
      const late = units.filter((u) => u.standing.overdue);
      if (!late.length) return drop('已全部提交');
      text = lateText(supervisor.name, late, today);
    }
  } else if (row.kind === 'escalate') {
    const unit = await unitById(m, Number(row.unitId));
    const parent = unit?.parentId == null ? undefined : await unitById(m, unit.parentId);
    if (!unit || !parent) return drop('单位已删除');
    const [{ standing }] = await unitStandings(m, campaign, [unit], today, { calendar });
    if (!standing.overdue || standing.daysLate < policy.escalateAfter) return drop('未达到逾期上报条件');
    const before = await query(m, "SELECT {id} FROM {reminders} WHERE {campaignId} = ? AND {unitId} = ? AND {recipient} = ? AND {kind} = 'escalate' AND {state} = 'sent' AND {id} <> ?", [campaign.id, unit.id, row.recipient, row.id]);
    if (before.length) return drop('已上报过');
    text = escalationText(unit.name, parent.name, campaign.year, standing);
  } else {
    const unit = await unitById(m, Number(row.unitId));
    if (!unit) return drop('单位已删除');
    const [{ standing }] = await unitStandings(m, campaign, [unit], today, { calendar });
    if (standing.handedIn) return drop('已提交');
    if (row.kind !== 'urge' && (await urgedToday(m, campaign.id, unit.id, today))) return drop('已并入催办');
    const from = row.kind === 'urge' && row.note?.startsWith(URGED_BY) ? row.note.slice(URGED_BY.length) : undefined;
    const lastWorkingDay = lastWorkingDayIfOff(standing.due, calendar);
    text = reminderText({ kind: row.kind as ReminderKind, unitName: unit.name, year: campaign.year, today, standing, ...(from && { from }), ...(lastWorkingDay && { lastWorkingDay }) });
  }
  // Worth its day only: held back past midnight (a long halt of the channel), it is given up, not sent late.
  const expiresAt = shanghaiTime(addDays(today, 1), '00:00');
  await enqueue(m, textMessages(reminderMessageKey(row.id), channel, row.recipient, text).map((message) => ({ ...message, expiresAt })), at);
  return true;
}

/** The note on a sent digest that told its recipient of years without a calendar. */
const CALENDAR_MENTIONED = '已提示未设置节假日安排：';

/** The years of the campaign's dates (each deadline and its first reminder a week before) without a calendar, not yet mentioned to this recipient in a digest of the campaign. */
async function calendarToMention(m: EntityManager, campaign: CampaignRow, recipient: string, calendar: WorkingCalendar): Promise<number[]> {
  const deadlines = [...Object.values(campaign.deadlines), ...(campaign.deadlines.default ? [] : [`${campaign.year + 1}-01-31`])];
  const years = [...new Set(deadlines.flatMap((d) => [addDays(d, -7), d]).map((d) => Number(d.slice(0, 4))))].filter((y) => !calendar.covers(y)).sort();
  if (!years.length) return [];
  const said = await query<{ note: string }>(m, "SELECT {note} FROM {reminders} WHERE {campaignId} = ? AND {recipient} = ? AND {kind} = 'digest' AND {state} = 'sent' AND {note} LIKE ?", [campaign.id, recipient, `${CALENDAR_MENTIONED}%`]);
  const mentioned = new Set(said.flatMap((r) => r.note.slice(CALENDAR_MENTIONED.length).split('、').map(Number)));
  return years.filter((y) => !mentioned.has(y));
}

/** Whether a supervisor's 催办 to the unit goes out today (the scheduled reminder is then folded into it). */
async function urgedToday(m: EntityManager, campaignId: number, unitId: number, today: string): Promise<boolean> {
  const rows = await query(m, `SELECT {id} FROM {reminders} WHERE {campaignId} = ? AND {unitId} = ? AND {kind} = 'urge' AND {state} <> 'dropped' AND {dueAt} >= ? AND {dueAt} < ?`,
    [campaignId, unitId, datetime(m, shanghaiTime(today, '00:00')), datetime(m, shanghaiTime(addDays(today, 1), '00:00'))]);
  return rows.length > 0;
}

/** What happened in these units since the recipient's previous digest of the campaign (across weekends and holidays): submissions, returns and approvals counted apart, and how many units were worked on. */
async function changesSince(m: EntityManager, campaign: CampaignRow, recipient: string, unitIds: number[], today: string, kind = 'digest'): Promise<DigestChanges> {
  const [previous] = await query<{ dueAt: unknown }>(m,
    "SELECT MAX({dueAt}) AS {dueAt} FROM {reminders} WHERE {campaignId} = ? AND {recipient} = ? AND {kind} = ? AND {state} = 'sent' AND {dueAt} < ?",
    [campaign.id, recipient, kind, datetime(m, shanghaiTime(today, '00:00'))]);
  const since = previous?.dueAt == null ? null : readDatetime(previous.dueAt);
  const rows = await query<{ unitId: number; name: string; cell: string; newValue: string | null; messageKey: string | null }>(m,
    `SELECT r.{unitId} AS {unitId}, u.{name} AS {name}, c.{cell} AS {cell}, c.{newValue} AS {newValue}, c.{messageKey} AS {messageKey} FROM {cell_changes} c
     JOIN {reports} r ON r.{id} = c.{reportId} JOIN {units} u ON u.{id} = r.{unitId} WHERE r.{year} = ?${since ? ' AND c.{at} > ?' : ''}`, [campaign.year, ...(since ? [datetime(m, since)] : [])]);
  const mine = new Set(unitIds);
  const ours = rows.filter((r) => mine.has(Number(r.unitId)));
  const status = (value: string) => [...new Set(ours.filter((r) => r.cell === 'status' && r.newValue === value && !isWithdrawalKey(r.messageKey)).map((r) => r.name))];
  return {
    ...(since && { since: shanghaiDate(since) }),
    submitted: status('"submitted"'), returned: status('"returned"'), approved: status('"approved"'),
    edited: new Set(ours.filter((r) => r.cell !== 'status').map((r) => Number(r.unitId))).size,
  };
}

/** One tick: plan today's rows, then send what is due; where to kick. */
export async function runReminderTick(db: DataSource, at: Date, calendar: WorkingCalendar, hours?: QuietWindow, policy: ReminderPolicy = defaultPolicy, channels?: ReadonlySet<string>): Promise<Destination[]> {
  await planReminders(db, at, calendar, policy);
  return sendDueReminders(db, at, calendar, hours, policy, channels);
}

/** Run the tick every minute (Asia/Shanghai), handing what it queued to the dispatcher; the calendar is read again from the database on each tick. */
export function scheduleReminderTick(db: DataSource, now: () => Date, live: LiveCalendar, hours: QuietWindow, kick: (channel: string, recipient: string) => void, log: (line: string) => void, channels?: ReadonlySet<string>, schedule: Schedule = cronSchedule): StopTick {
  // Planned once a day (at the first tick of the day, or of the process); sent every minute.
  let plannedOn = '';
  return schedule('0 * * * * *', async () => {
    try {
      const at = now();
      const calendar = await live.refresh();
      if (plannedOn !== shanghaiDate(at)) {
        await planReminders(db, at, calendar);
        plannedOn = shanghaiDate(at);
      }
      for (const { channel, recipient } of await sendDueReminders(db, at, calendar, hours, defaultPolicy, channels)) kick(channel, recipient);
    } catch (error) {
      log(`reminder tick failed; the next tick retries: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, 'reminders');
}
