// What became of a 退回, as the supervisor reads it (「王店镇改好了吗」 is 查看, 「退回的都改好了吗」 the
// list): when and why the report was returned, and what is still to change, or when it came back.
// Pure: the reason and the dates are the standing's (standing.ts).
import { dateLabel, type UnitView } from './supervise.ts';
import { reopenedNames } from './supervise-return.ts';
import { shanghaiDate } from '../src/calendar/working-calendar.ts';

/** 「1月21日退回修改（原因：「…」），尚未重新提交；需修改4项：…。」 or 「…，1月22日已重新提交，待审核。」 */
export function afterReturn(unit: UnitView, returnedAt: Date): string {
  const { state, returnReason, submittedAt } = unit.standing;
  const returned = `${dateLabel(shanghaiDate(returnedAt))}退回修改${returnReason ? `（原因：「${returnReason}」）` : ''}`;
  if (state === 'returned') {
    const names = reopenedNames(unit.draft?.report.format ?? '2021', unit.draft?.reopened ?? []);
    return `${returned}，尚未重新提交；${names.length ? `需修改${names.length}项：${names.slice(0, 10).join('、')}${names.length > 10 ? '等' : ''}` : '全部内容可修改'}。`;
  }
  return `${returned}，${submittedAt ? dateLabel(shanghaiDate(submittedAt)) : ''}已重新提交，${state === 'approved' ? '已审核通过' : '待审核'}。`;
}

/** 「退回的都改好了吗」: each report returned (the return not withdrawn), and whether it came back. */
export function returnedList(units: UnitView[]): string {
  const back = units.flatMap((u) => (u.standing.returnedAt ? [{ u, at: u.standing.returnedAt }] : []));
  if (!back.length) return '目前没有被退回修改的报告。';
  const open = back.filter(({ u }) => u.standing.state === 'returned').length;
  return [
    `退回修改过的报告${back.length}份${open ? `，其中${open}份尚未重新提交` : '，均已重新提交'}：`,
    ...back.slice(0, 30).map(({ u, at }) => `· ${u.name}：${afterReturn(u, at)}`),
    ...(back.length > 30 ? [`……另有${back.length - 30}个单位（回复“导出”获取完整名单）`] : []),
    '回复“查看 单位名”查看详情。',
  ].join('\n');
}
