// The roll-up of a jurisdiction: the cell-by-cell sum of its units' handed-in reports as one
// report of the same format, checked again by the report core. A unit that has not handed in,
// or files in the other format, is listed with the reason, never silently summed. Its opening
// paragraph and 总体情况 are written from the count of units and the totals; it has no 五 or 六.
import { isHandedIn, type ReportState } from '../../handlers/standing.ts';
import { checkReport, withoutMissingSections } from '../report/check.ts';
import { formats } from '../report/formats.ts';
import { valueOf, type Finding, type FormatId, type Report } from '../report/report.ts';

/** One unit as the roll-up sees it: its status and, if it has one, its report. */
export interface RollUpUnit {
  unit: string;
  status: ReportState;
  report?: Report;
}

/** The summed report, the report core's findings on it, and which units are in it and which not. */
export interface RollUp {
  report: Report;
  findings: Finding[];
  included: string[];
  left: { unit: string; reason: string }[];
}

const notHandedIn: Record<ReportState, string> = {
  none: '尚未开始填报', draft: '尚未提交', returned: '已退回修改，尚未重新提交', submitted: '', approved: '', imported: '',
};

// A province sums thousands of units: the preface names the first ones, the overview lists all.
const NAMED = 30;
const listed = (items: string[]) => (items.length > NAMED ? `${items.slice(0, NAMED).join('、')}等${items.length}个（全部名单见 Excel 汇总表）` : items.join('、'));

/** Sum the handed-in reports of `units` (in the given order) into the report of `name`. */
export function rollUp(name: string, year: number, format: FormatId, units: RollUpUnit[]): RollUp {
  const included: Report[] = [];
  const left: RollUp['left'] = [];
  for (const u of units) {
    if (!isHandedIn(u.status) || !u.report) left.push({ unit: u.unit, reason: notHandedIn[u.status] || '没有报告' });
    else if (u.report.format !== format) left.push({ unit: u.unit, reason: `按${u.report.format}年格式填报，与汇总的${format}年格式不同` });
    else if (u.report.year !== year) left.push({ unit: u.unit, reason: `报告年度为${u.report.year}年，不是${year}年` });
    else included.push(u.report);
  }
  const values: Report['values'] = {};
  for (const cell of formats[format].cells) {
    const present = included.map((r) => r.values[cell.id]).filter((v): v is number => v !== undefined && v !== null);
    if (!present.length) continue;
    const sum = present.reduce((a, b) => a + b, 0);
    values[cell.id] = cell.kind === 'money' ? Math.round(sum * 100) / 100 : sum;
  }
  const names = included.map((r) => r.unit);
  const handedIn = units.filter((u) => isHandedIn(u.status)).length;
  const { name: formatName, notice } = formats[format];
  const preface = `本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《${formatName}》（${notice}）要求，由各单位已提交的${year}年度政府信息公开工作年度报告逐项汇总编制而成。本报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`;
  const overview = [
    `${year}年度，本汇总范围内共有${units.length}个单位填报政府信息公开工作年度报告，已提交${handedIn}个，计入本汇总${names.length}个${names.length ? `：${listed(names)}` : ''}。`,
    ...(left.length ? [`未计入汇总的单位（${left.length}个）：${listed(left.map((l) => `${l.unit}（${l.reason}）`))}。`] : []),
  ];
  const report: Report = { format, year, unit: name, values, texts: { preface } };
  report.texts.overview = [...overview, totalsText(report)].join('\n');
  // Its texts are the opening and the overview alone: the numbers are what it checks.
  return { report, findings: withoutMissingSections(checkReport(report)), included: names, left };
}

/** The totals in words: what was made and published, the requests received and handled, the appeals. */
function totalsText(report: Report): string {
  const n = (id: string) => Number(valueOf(report, id));
  const { active } = formats[report.format];
  const made = active[0].columns[0];
  const [rules, norms] = active[0].rows;
  return [
    `各单位合计：本年${made.label.replace(/^本年/, '')}${rules.label}${n(`active.${rules.key}.${made.key}`)}件、${norms.label}${n(`active.${norms.key}.${made.key}`)}件；`,
    `本年新收政府信息公开申请${n('requests.received.total')}件，上年结转${n('requests.carriedOver.total')}件，`,
    `本年办结${n('requests.total.total')}件（其中予以公开${n('requests.granted.total')}件、部分公开${n('requests.partlyGranted.total')}件），结转下年度继续办理${n('requests.carriedForward.total')}件；`,
    `因政府信息公开被申请行政复议${n('appeals.review.total')}件，被提起行政诉讼${n('appeals.directSuit.total') + n('appeals.suitAfterReview.total')}件。`,
  ].join('');
}
