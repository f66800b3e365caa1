// 催办 as the supervisor hears of it: which units 「全部未交」 means, and the reply that lists
// exactly what was queued (and when it goes out) and, for every other unit, why it was not
// reminded. Pure: the engine decides each unit's outcome and passes them in.
import { dateLabel, timingOf, type UnitView } from './supervise.ts';
import { shanghaiDate } from '../src/calendar/working-calendar.ts';
import { daysBetween } from '../src/calendar/working-calendar.ts';

/** 「全部未交」: the units not handed in that are late or due within this many days. */
export const URGE_WITHIN_DAYS = 7;

/** What became of one unit of a 催办. */
export type UrgeOutcome =
  | { kind: 'queued'; unit: UnitView; recipients: number }
  | { kind: 'handedIn' | 'urgedAlready' | 'noFiler' | 'unreachable' | 'notDue'; unit: UnitView };

/** Whether 「全部未交」 takes the unit: not handed in, and late or due within URGE_WITHIN_DAYS. */
export function dueForUrging(unit: UnitView, today: string): boolean {
  return !unit.standing.handedIn && (unit.standing.overdue || daysBetween(today, unit.standing.due) <= URGE_WITHIN_DAYS);
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 「1月26日（星期一）09:00」 of an instant, in Shanghai. */
export function whenLabel(at: Date): string {
  const date = shanghaiDate(at);
  const clock = new Date(at.getTime() + 8 * 3_600_000);
  return `${dateLabel(date)}（${WEEKDAYS[clock.getUTCDay()]}）${clock.toISOString().slice(11, 16)}`;
}

const names = (units: UnitView[]) => units.map((u) => u.name).join('、');

/** The reply to a 催办: what was queued, when it goes out, and why each other unit was not reminded. */
export function urgeReply(outcomes: UrgeOutcome[], { today, sendAt, all }: { today: string; sendAt: Date | null; all: boolean }): string {
  const of = (kind: UrgeOutcome['kind']) => outcomes.filter((o) => o.kind === kind).map((o) => o.unit);
  const queued = outcomes.filter((o): o is Extract<UrgeOutcome, { kind: 'queued' }> => o.kind === 'queued');
  const lines: string[] = [];
  if (all) lines.push(`「全部未交」指尚未提交、已逾期或${URGE_WITHIN_DAYS}天内到期的单位。`);
  if (queued.length) {
    lines.push(sendAt
      ? `现在不在发送时间内，已安排${queued.length}个单位的催办，将于${whenLabel(sendAt)}发出：`
      : `已向${queued.length}个单位发出催办：`);
    lines.push(...queued.map((o) => `· ${o.unit.name}（${o.recipients}名填报人）：${timingOf(o.unit.standing, today)}`));
  } else lines.push('没有发出催办。');
  const skipped: [UrgeOutcome['kind'], string][] = [
    ['urgedAlready', '今天已催办过（每个单位每天一次）'],
    ['noFiler', '没有登记填报人，无法催办（请联系管理员添加）'],
    ['unreachable', '填报人收不到消息（未配置自建应用，且填报人尚未与机器人对话），无法催办；请填报人先在企业微信中打开机器人发送任意一条消息'],
    ['handedIn', '已提交，无需催办'],
    ['notDue', `截止日期在${URGE_WITHIN_DAYS}天以后，未列入“全部未交”`],
  ];
  const not = skipped.filter(([kind]) => of(kind).length);
  if (not.length) {
    lines.push(queued.length ? '未催办：' : '原因：');
    for (const [kind, why] of not) {
      const units = of(kind);
      const listed = kind === 'notDue' ? units.map((u) => `${u.name}（${dateLabel(u.standing.due)}截止）`).join('、') : names(units);
      lines.push(`· ${why}：${listed}`);
    }
    if (of('notDue').length) lines.push(`如需提前催办，可回复“催办 ${of('notDue')[0].name}”。`);
  }
  return lines.join('\n');
}

/** The question a bare 「催办」 asks. */
export function urgeWhich(units: UnitView[], today: string): string {
  const due = units.filter((u) => dueForUrging(u, today));
  return [
    '请问催办哪些单位？',
    '· 回复“催办 单位名”，可写多个，如“催办 甲镇 乙镇”；',
    `· 回复“催办 全部未交”，即尚未提交、已逾期或${URGE_WITHIN_DAYS}天内到期的单位${due.length ? `（现有${due.length}个：${names(due.slice(0, 10))}${due.length > 10 ? '等' : ''}）` : '（目前没有）'}。`,
  ].join('\n');
}
