// What the scheduler says: the reminder to a unit that has not submitted (what is missing, how
// long it takes, a way to go on at once), the list of late units for their supervisor, and the
// supervisor's morning digest. Pure: the scheduler passes in how things stand.
import { dateLabel, summaryOf, timingOf, type SupervisionContext, type UnitView } from './supervise.ts';
import { stateWords, type ReportStanding } from './standing.ts';
import { daysBetween, isWeekend, weekdayLabel } from '../src/calendar/working-calendar.ts';

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
  /** The last working day before the due date, when the due date is a day off. */
  lastWorkingDay?: string;
}

/** 「截止日1月31日为周日，请于1月29日（周五）前提交。」 when the due date is a day off (lastWorkingDay given); '' otherwise. */
export function dayOffNote(due: string, lastWorkingDay: string | undefined): string {
  if (!lastWorkingDay) return '';
  return `截止日${dateLabel(due)}为${isWeekend(due) ? weekdayLabel(due) : '法定节假日'}，请于${dateLabel(lastWorkingDay)}（${weekdayLabel(lastWorkingDay)}）前提交。`;
}

/** 「提示：2027年节假日安排尚未设置……」: the campaign's dates fall in years without a calendar (said once per campaign and year). */
export function missingCalendarNote(years: number[]): string {
  const list = years.join('、');
  return `提示：${list}年节假日安排尚未设置，本任务的提醒日期和逾期工作日暂按无调休计算（周六、周日休息，周一至周五上班）。国务院办公厅发布通知后，请管理员运行 nianbao calendar set ${years[0]} 通知文件 设置。`;
}

/** The reminder text: before the due date friendly, with 明天再提醒我; after it firmer, without. */
export function reminderText(f: ReminderFacts): string {
  const { due, progress } = f.standing;
  const returned = f.standing.state === 'returned';
  const label = returned && f.standing.returnedAt ? '重新提交期限' : '截止日期';
  const days = daysBetween(f.today, due);
  const late = days < 0;
  const when = days > 0 ? `距${label}（${dateLabel(due)}）还有${days}天` : days === 0 ? `今天（${dateLabel(due)}）是${label}` : `已超过${label}（${dateLabel(due)}）${f.standing.daysLate}个工作日`;
  const head = f.kind === 'urge' && f.from ? `${f.from}提醒您：` : late ? '请注意：' : '您好！';
  const what = returned
    ? '报告已被退回修改，尚未重新提交'
    : !progress.started ? `尚未开始填报，全部完成约需${progress.minutes}分钟`
      : progress.minutes === 0 ? '内容已填写完整，尚未提交' : `目前还差${progress.missing}，约需${progress.minutes}分钟`;
  const tail = progress.minutes === 0 && !returned ? '回复“提交”即可提交。' : '直接回复即可从上次的位置继续填报。';
  const note = late ? '' : dayOffNote(due, f.lastWorkingDay);
  if (late) return `${head}${f.unitName}${f.year}年度政府信息公开工作年度报告${when}，${what}。请尽快完成并提交。${tail}如有困难，请及时联系上级政务公开主管部门。`;
  return `${head}${f.unitName}${f.year}年度政府信息公开工作年度报告${when}，${what}。${note}${tail}如需稍后处理，可回复“明天再提醒我”。`;
}

/** To the supervisors one level above a unit's own: the unit is long overdue. */
export function escalationText(unitName: string, parentName: string, year: number, standing: ReportStanding): string {
  return `【逾期提示】${parentName}所属的${unitName}${year}年度政府信息公开工作年度报告已逾期${standing.daysLate}个工作日仍未提交（${standing.state === 'returned' ? `退回后应于${dateLabel(standing.due)}前重新提交` : `截止${dateLabel(standing.due)}`}）。系统持续提醒该单位，${parentName}每天收到逾期名单；您可回复“查看 ${unitName}”了解详情，或“催办 ${unitName}”。`;
}

/** The supervisor's list of units past their own due date (the deadline of their kind, or a resubmission date) without a report handed in. */
export function lateText(supervisorUnit: string, late: UnitView[], today: string): string {
  const lines = late.slice(0, 20).map((u) => `· ${u.name}：${u.standing.state === 'returned' ? '退回修改未重新提交' : u.standing.progress.started ? `${stateWords.draft} ${u.standing.progress.percent}%` : stateWords.none}，${timingOf(u.standing, today)}`);
  return [`【${supervisorUnit}】以下${late.length}个单位已过期限仍未提交：`, ...lines, ...(late.length > 20 ? [`……另有${late.length - 20}个单位`] : []),
    '系统会继续提醒这些单位（逾期一周后每隔一个工作日提醒一次）；可回复“催办 全部未交”催办，或“查看 单位名”了解详情。'].join('\n');
}

/** What happened in a supervisor's units since their previous digest. */
export interface DigestChanges {
  /** The previous digest's day (ISO); absent for the first one. */
  since?: string;
  submitted: string[];
  returned: string[];
  approved: string[];
  /** Units whose officials changed something. */
  edited: number;
}

const few = (names: string[]) => `（${names.slice(0, 6).join('、')}${names.length > 6 ? '等' : ''}）`;

/** What the digest says of the calendar: the last working day before a due date that is a day off, and years without a calendar to mention. */
export interface DigestCalendar {
  lastWorkingDay?: (due: string) => string | undefined;
  missingYears?: number[];
}

/** The morning digest: the summary, what happened since the previous digest, every overdue unit with its days late, the next deadline (and its last working day when it is a day off), and a year without a calendar. */
export function digestText(ctx: SupervisionContext, changes: DigestChanges, calendar: DigestCalendar = {}): string {
  const counted = ([['新提交', changes.submitted], ['退回', changes.returned], ['审核通过', changes.approved]] as const)
    .filter(([, names]) => names.length).map(([word, names]) => `${word}${names.length}个${few(names)}`);
  const head = changes.since ? `${dateLabel(changes.since)}简报以来` : '本次简报';
  const since = counted.length || changes.edited
    ? `${head}：${counted.join('，') || '无新提交'}${changes.edited ? `；${changes.edited}个单位有填报进展` : ''}。`
    : `${head}：无新的进展。`;
  const overdue = ctx.units.filter((u) => u.standing.overdue).sort((a, b) => b.standing.daysLate - a.standing.daysLate);
  const next = ctx.units.filter((u) => !u.standing.handedIn && u.standing.due >= ctx.today).map((u) => u.standing.due).sort()[0];
  const nextLine = next ? [`下一个截止日期：${dateLabel(next)}，${ctx.units.filter((u) => !u.standing.handedIn && u.standing.due === next).length}个单位尚未提交。${dayOffNote(next, calendar.lastWorkingDay?.(next))}`] : [];
  return [
    `早上好！${summaryOf(ctx, { overdue: false }).replace(/^【/, '【每日简报 · ')}`,
    since,
    ...(overdue.length ? [`逾期未交${overdue.length}个：`, ...overdue.map((u) => `· ${u.name}：逾期${u.standing.daysLate}个工作日（${u.standing.state === 'returned' ? '退回后未重新提交' : `截止${dateLabel(u.standing.due)}`}）`)] : ['目前没有逾期未交的单位。']),
    ...nextLine,
    ...(calendar.missingYears?.length ? [missingCalendarNote(calendar.missingYears)] : []),
  ].join('\n');
}
