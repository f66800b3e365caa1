// What the scheduler says: the reminder to a unit that has not submitted (what is missing, how
// long it takes, a way to go on at once), the list of late units for their supervisor, and the
// supervisor's morning digest. Pure: the scheduler passes in how things stand.
import { dateLabel, summaryOf, timingOf, type SupervisionContext, type UnitView } from './supervise.ts';
import { stateWords, type ReportStanding } from './standing.ts';
import { daysBetween } from '../src/calendar/working-calendar.ts';

/** Which reminder: before or on the deadline, late, asked for again (明天再提醒我), or a supervisor's 催办. */
export type ReminderKind = 'T-7' | 'T-3' | 'T-1' | 'T0' | 'overdue' | 'snooze' | 'urge';

/** What a reminder is about. */
export interface ReminderFacts {
  kind: ReminderKind;
  unitName: string;
  year: number;
  today: string;
  standing: ReportStanding;
  /** The supervising office, for `urge`. */
  from?: string;
}

/** The reminder text. */
export function reminderText(f: ReminderFacts): string {
  const { due, progress } = f.standing;
  const returned = f.standing.state === 'returned';
  const label = returned && f.standing.returnedAt ? '重新提交期限' : '截止日期';
  const days = daysBetween(f.today, due);
  const when = days > 0 ? `距${label}（${dateLabel(due)}）还有${days}天` : days === 0 ? `今天（${dateLabel(due)}）是${label}` : `已超过${label}（${dateLabel(due)}）${f.standing.daysLate}个工作日`;
  const head = f.kind === 'urge' && f.from ? `${f.from}提醒您：` : '您好！';
  const what = returned
    ? '报告已被退回修改，尚未重新提交'
    : !progress.started ? `尚未开始填报，全部完成约需${progress.minutes}分钟` : `目前还差${progress.missing}，约需${progress.minutes}分钟`;
  const tail = progress.minutes === 0 && !returned ? '内容已填写完整，回复“提交”即可提交。' : '直接回复即可从上次的位置继续填报。';
  return `${head}${f.unitName}${f.year}年度政府信息公开工作年度报告${when}，${what}。${tail}如需稍后处理，可回复“明天再提醒我”。`;
}

/** The supervisor's list of units past their own due date (the deadline of their kind, or a resubmission date) without a report handed in. */
export function lateText(supervisorUnit: string, late: UnitView[], today: string): string {
  const lines = late.slice(0, 20).map((u) => `· ${u.name}：${u.standing.state === 'returned' ? '退回修改未重新提交' : u.standing.progress.started ? `${stateWords.draft} ${u.standing.progress.percent}%` : stateWords.none}，${timingOf(u.standing, today)}`);
  return [`【${supervisorUnit}】以下${late.length}个单位已过期限仍未提交：`, ...lines, ...(late.length > 20 ? [`……另有${late.length - 20}个单位`] : []),
    '系统将在每个工作日继续提醒；可回复“催办 全部未交”立即提醒，或“查看 单位名”了解详情。'].join('\n');
}

/** The morning digest: the summary, and what changed since yesterday's. */
export function digestText(ctx: SupervisionContext, changes: { submitted: string[]; edited: number }): string {
  const since = changes.submitted.length || changes.edited
    ? `昨日以来：${changes.submitted.length ? `新提交${changes.submitted.length}个（${changes.submitted.slice(0, 6).join('、')}${changes.submitted.length > 6 ? '等' : ''}）` : '无新提交'}${changes.edited ? `，${changes.edited}个单位有填报进展` : ''}。`
    : '昨日以来：无新的填报进展。';
  return [`早上好！${summaryOf(ctx).replace(/^【/, '【每日简报 · ')}`, since].join('\n');
}
