// Always oriented (product.md, principle 5): the first line of every prompt
// (「第三部分 12/22 行 · 总进度 68% · 勾稽 ✔」) and the 「进度」 command, which lists what is missing.
import { applicantColumns } from '../src/report/formats.ts';
import { outcomeRowIds, remainder } from './changes.ts';
import { errorCount } from './checks.ts';
import { charCount } from './echo.ts';
import { info, type Outcome, type Turn } from './flow/state.ts';
import { isFilled, known, stepById, stepsOf, textSteps } from './flow/steps.ts';
import { percentDone, stateWords } from './standing.ts';
import { reopenedNames } from './supervise-return.ts';
import type { Draft } from './turn.ts';
import type { ReportFormat } from '../src/report/formats.ts';

const SECTION_NAMES = { 一: '第一部分', 二: '第二部分', 三: '第三部分', 四: '第四部分', 五: '第五部分', 六: '第六部分' } as const;

/** The table rows of a section as lists of input cells (section 三 row by row, not as the outcome block). */
function tableRows(format: ReportFormat, section: '二' | '三' | '四'): { label: string; cells: string[] }[] {
  if (section === '二') return format.active.flatMap((t) => t.rows.map((r) => ({ label: r.label, cells: t.columns.map((c) => `active.${r.key}.${c.key}`) })));
  if (section === '三') {
    return format.requestRows.filter((r) => r.role !== 'total')
      .map((r) => ({ label: r.short.replace(/^[一二四]、/, ''), cells: applicantColumns.map((c) => `requests.${r.id}.${c}`) }));
  }
  return format.appealGroups.map((g) => ({ label: g.label, cells: ['upheld', 'corrected', 'other', 'pending'].map((o) => `appeals.${g.key}.${o}`) }));
}

/** Applications still to place in the outcome rows (over-placed ones count too): the outcome rows are not done while any is. */
function unplaced(format: ReportFormat, draft: Draft): { short: number; over: number } {
  const left = remainder(format, draft.report.values);
  if (!left) return { short: 0, over: 0 };
  return { short: Object.values(left).reduce((a, n) => a + Math.max(0, n), 0), over: Object.values(left).reduce((a, n) => a + Math.max(0, -n), 0) };
}

/** Whether a cell counts as answered: an outcome cell only once no application is left to place (more placed is an error, not a gap). */
function answered(format: ReportFormat, draft: Draft, id: string): boolean {
  if (!known(draft, id)) return false;
  return !outcomeCell(format, id) || unplaced(format, draft).short === 0;
}

const outcomeCell = (format: ReportFormat, id: string) => id.startsWith('requests.') && outcomeRowIds(format).includes(id.split('.').slice(1, -1).join('.'));

/** Share of the input cells of sections 二–四 that hold a value, in whole percent (rounded down). */

/** 「第三部分 12/22 行 · 总进度 68% · 勾稽 ✔」: the share of the questions answered, as supervisors see it (percentDone). */
export function progressLine(turn: Turn): string {
  const step = stepById(turn.format, turn.flow.step);
  const { short, over } = unplaced(turn.format, turn.draft);
  // More placed than there is to place is a mismatch the header says too, while the block is open.
  const errors = errorCount(turn) + (turn.flow.step === 'requests.outcomes' && over > 0 ? 1 : 0);
  const tail = `总进度 ${percentDone(turn.format, turn.draft)}% · 勾稽 ${errors ? `✖${errors}` : '✔'}`;
  let head: string;
  if (turn.draft.status === 'submitted') head = '已提交';
  else if (turn.draft.status === 'approved') head = '已审核通过';
  else if (step.section === '二' || step.section === '三' || step.section === '四') {
    const rows = tableRows(turn.format, step.section);
    head = `${SECTION_NAMES[step.section]} ${rows.filter((r) => r.cells.every((id) => answered(turn.format, turn.draft, id))).length}/${rows.length} 行`;
    if (step.section === '三' && (short || over)) head += ` · ${[short && `待归入${short}件`, over && `多出${over}件`].filter(Boolean).join('、')}`;
  } else if (step.text) {
    const text = turn.draft.report.texts[step.text] ?? '';
    head = `${SECTION_NAMES[step.section!]} ${step.label} ${charCount(text)}字`;
  } else head = turn.draft.status === 'returned' ? '退回修改' : '预览提交';
  return `${head} · ${tail}`;
}

/** What is still missing, section by section: rows of 二–四 and the texts. */
export function missing(turn: Turn): string[] {
  const lines: string[] = [];
  for (const section of ['二', '三', '四'] as const) {
    const rows = tableRows(turn.format, section);
    const open = rows.filter((r) => !r.cells.every((id) => answered(turn.format, turn.draft, id)));
    const title = turn.format.sections.find((s) => s.id === section)!.title;
    if (!open.length) lines.push(`✔ ${title}`);
    else lines.push(`✖ ${title}：还差${open.length}行（${open.slice(0, 4).map((r) => r.label).join('、')}${open.length > 4 ? '等' : ''}）`);
  }
  for (const text of textSteps) {
    const title = turn.format.sections.find((s) => s.id === text.section)!.title;
    const done = isFilled(stepsOf(turn.format).find((s) => s.text === text.id)!, turn.draft);
    lines.push(done ? `✔ ${title}（${charCount(turn.draft.report.texts[text.id]!)}字）` : `✖ ${title}：未填写`);
  }
  return lines;
}

/** 「进度」: what is missing, errors, then the current question again. */
export function showProgress(turn: Turn): Outcome {
  const errors = errorCount(turn);
  const lines = ['填报进度：', ...missing(turn)];
  if (errors) lines.push(`勾稽检查：${errors}处错误，回复“预览”查看详情。`);
  if (turn.draft.status === 'returned' && turn.ctx.returnReason) lines.push(`退回原因：${turn.ctx.returnReason}`);
  if (turn.draft.status === 'returned') lines.push(returnedItems(turn));
  return info(turn, [lines.join('\n')]);
}

// 「为什么退回了」, 「退回原因是什么」, 「被退回的理由」, 「为啥打回来」.
const WHY_RETURNED = /(?:为什么|为啥|为何|因为什么|因为啥|什么原因|啥原因)(?:被|要|会|给)?(?:退回|打回|驳回)|怎么(?:被|给)(?:退回|打回|驳回)|(?:退回|打回|驳回)(?:来)?(?:的)?(?:原因|理由|意见)|(?:退回|打回|驳回)(?:来)?(?:了)?(?:是|是因为|因为)?(?:为什么|为啥|什么原因|啥原因|什么|啥)$/;

// Asked of a returned report, the same question in fewer words: 「怎么了」, 「哪里不对」, 「要改什么」.
const WHAT_WRONG = /^(?:这是)?(?:怎么了|咋了|怎么回事|咋回事|啥情况|什么情况|出什么问题了|出啥问题了|有什么问题|有啥问题|哪里不对|哪儿不对|哪里有问题|哪有问题|哪里错了|要改什么|要改啥|改什么|改啥|改哪里|改哪儿|改哪些|要改哪些|需要改什么|需要改哪些|需要修改什么|需要修改哪些)(?:呀|啊|呢|吗|了|地方)*$/;

/** 「为什么退回了」 (or, once returned, 「怎么了」): the supervisor's reason and what to change, or that the report is not returned. */
export function whyReturned(turn: Turn, compact: string): Outcome | undefined {
  const returned = turn.draft.status === 'returned';
  if ([...compact].length > 30 || !(WHY_RETURNED.test(compact) || (returned && WHAT_WRONG.test(compact.replace(/[?？!！。.]+$/, ''))))) return undefined;
  if (!returned) return info(turn, [`本报告目前${stateWords[turn.draft.status]}，没有被退回。`]);
  const reason = turn.ctx.returnReason ? `审核人退回的原因：${turn.ctx.returnReason}` : '审核人退回时写的原因未能查到，请查看退回通知，或与审核人联系。';
  const items = returnedItems(turn);
  return info(turn, [`${reason}
${items}
改好后回复“提交”重新提交。`]);
}

/** What a returned report may change, as the official is told it. */
export function returnedItems(turn: Turn): string {
  const names = reopenedNames(turn.format.id, turn.draft.reopened ?? []);
  return names.length ? `需修改的项目：${names.join('、')}` : '全部内容均可修改。';
}
