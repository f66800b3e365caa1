// 催办记录 (「催了几次」, 「杨舍镇提醒过没有」): the 催办 and the scheduler's reminders a campaign sent
// to the units' officials, as the reminders table and the outbox hold them; nothing is inferred.
// A 催办 counts once a unit and day, however many officials it went to. Pure: the engine reads the
// rows (src/bot/reminder-history.ts).
import type { ReminderKind } from './reminders.ts';
import { dateLabel, headline, type UnitView } from './supervise.ts';
import { whenLabel } from './supervise-urge.ts';
import { shanghaiDate } from '../src/calendar/working-calendar.ts';

/** What became of one message: waiting for its time, handed to WeCom, still in the outbox, given up by the outbox, or not sent at all (the note says why). */
export type ReminderFate = 'planned' | 'sent' | 'sending' | 'failed' | 'dropped';

/** One reminder or 催办 to one official, as stored. */
export interface SentReminder {
  unitId: number;
  /** The official's name, or their userid when no member has it any more. */
  to: string;
  kind: ReminderKind;
  /** When it was sent or is due. */
  at: Date;
  fate: ReminderFate;
  /** A 催办's 「催办：<单位>」, or why a message was dropped. */
  note: string | null;
}

const KIND_WORDS: Record<Exclude<ReminderKind, 'urge'>, string> = {
  'T-7': '截止前7天提醒', 'T-3': '截止前3天提醒', 'T-1': '截止前1天提醒', T0: '截止当天提醒', overdue: '逾期提醒', snooze: '填报人要求的“明天再提醒”',
};

// A planned one is listed at the time it goes out (a 催办 outside the sending hours).
const FATE_WORDS: Record<Exclude<ReminderFate, 'dropped'>, string> = { planned: '待发出', sent: '已发出', sending: '正在发送', failed: '发送失败' };

/** The messages of one unit on one day, of one sort (催办, or a scheduled reminder). */
interface Occasion {
  unitId: number;
  at: Date;
  rows: SentReminder[];
}

/** The rows grouped by unit, day and sort, in order of time. */
function occasions(rows: SentReminder[]): Occasion[] {
  const out = new Map<string, Occasion>();
  for (const row of [...rows].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const key = `${row.unitId}|${shanghaiDate(row.at)}|${row.kind === 'urge'}`;
    const found = out.get(key) ?? { unitId: row.unitId, at: row.at, rows: [] };
    found.rows.push(row);
    out.set(key, found);
  }
  return [...out.values()];
}

/** 「发给张三、李四，已发出」, or each official with their own fate when they differ. */
function recipients(rows: SentReminder[]): string {
  const fates = new Set(rows.map((r) => r.fate));
  const fate = (r: SentReminder) => (r.fate === 'dropped' ? `未发出（${r.note ?? '原因未记录'}）` : FATE_WORDS[r.fate]);
  if (fates.size === 1) return `发给${rows.map((r) => r.to).join('、')}，${fate(rows[0])}`;
  return `发给${rows.map((r) => `${r.to}（${fate(r)}）`).join('、')}`;
}

/** Who urged, from the row's note (「催办：某县政务公开办」). */
const urgedBy = (o: Occasion) => o.rows.map((r) => /^催办：(.+)$/.exec(r.note ?? '')?.[1]).find(Boolean);

/** One 催办: 「1月26日（星期一）10:00 某县政务公开办催办，发给张三，已发出」. */
const urgeLine = (o: Occasion) => `${whenLabel(o.at)} ${urgedBy(o) ?? ''}催办，${recipients(o.rows)}`;

/** A scheduled reminder that went out (or was attempted): those planned or dropped were never sent. */
const attempted = (r: SentReminder) => r.kind !== 'urge' && r.fate !== 'planned' && r.fate !== 'dropped';

/** 「杨舍镇催办记录」: the unit as it stands, each 催办 and each reminder sent. */
function unitHistory(unit: UnitView, rows: SentReminder[], today: string): string {
  const mine = rows.filter((r) => r.unitId === unit.id);
  const urges = occasions(mine.filter((r) => r.kind === 'urge'));
  const reminders = occasions(mine.filter(attempted));
  const lines = [headline(unit, today)];
  lines.push(urges.length ? `催办${urges.length}次：` : '尚未催办过。', ...urges.map((o) => `· ${urgeLine(o)}`));
  if (reminders.length) {
    lines.push(`系统自动提醒${reminders.length}次：`, ...reminders.map((o) => `· ${whenLabel(o.at)} ${KIND_WORDS[o.rows[0].kind as keyof typeof KIND_WORDS]}，${recipients(o.rows)}`));
  } else lines.push('系统尚未发出过自动提醒。');
  return lines.join('\n');
}

/** The most 催办 the whole jurisdiction's record lists, the latest kept. */
const LISTED = 30;

/** 催办记录 of the units asked about (`all`: the whole jurisdiction, summed up; else each unit in full). */
export function reminderHistory(units: UnitView[], rows: SentReminder[], { all, year, today }: { all: boolean; year: number; today: string }): string[] {
  if (!all) return units.map((u) => unitHistory(u, rows, today));
  const nameOf = new Map(units.map((u) => [u.id, u.name]));
  const urges = occasions(rows.filter((r) => r.kind === 'urge'));
  const reminders = occasions(rows.filter(attempted));
  const reached = new Set([...urges, ...reminders].map((o) => o.unitId));
  const lines = [`【催办和提醒记录】${year}年度报告`];
  if (urges.length) {
    lines.push(`催办共${urges.length}次（${new Set(urges.map((o) => o.unitId)).size}个单位）${urges.length > LISTED ? `，以下是最近${LISTED}次` : ''}：`);
    lines.push(...urges.slice(-LISTED).map((o) => `· ${nameOf.get(o.unitId)}：${urgeLine(o)}`));
  } else lines.push('尚未催办过任何单位。');
  if (reminders.length) {
    const byUnit = units.map((u) => ({ u, sent: reminders.filter((o) => o.unitId === u.id) })).filter((x) => x.sent.length);
    const failed = reminders.filter((o) => o.rows.some((r) => r.fate === 'failed')).length;
    lines.push(`系统自动提醒共${reminders.length}次（${byUnit.length}个单位${failed ? `，其中${failed}次发送失败` : ''}）：${byUnit.map(({ u, sent }) => `${u.name}${sent.length}次（最近${dateLabel(shanghaiDate(sent.at(-1)!.at))}）`).join('、')}。`);
  } else lines.push('系统尚未发出过自动提醒。');
  const never = units.filter((u) => !u.standing.handedIn && !reached.has(u.id));
  if (reached.size && never.length) lines.push(`尚未提交、也没有催办或提醒过的单位：${never.slice(0, 20).map((u) => u.name).join('、')}${never.length > 20 ? `等${never.length}个` : ''}。`);
  if (reached.size) lines.push(`回复“${nameOf.get([...reached][0])}催办记录”可查看某个单位的每一次催办和提醒。`);
  return [lines.join('\n')];
}
