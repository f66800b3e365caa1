// The supervisors' conversation (product.md, "Supervisors"): 进度/汇总, 未交, 查看 <单位…> [全文],
// 下载 <单位>, 催办 <单位…|全部未交>, 催办记录 [单位…], 退回 <单位> <原因> [修改：项目],
// 撤回退回 <单位>, 通过 <单位…>, 全部通过, 导出, in these words or the supervisors' own
// (supervise-words.ts). Pure: the engine gives the units under the supervisor as they stand and
// applies the actions this returns in the turn's transaction.
import { compactOf, normalize } from './flow/parse.ts';
import { stateWords, type ReportStanding } from './standing.ts';
import { everything, reopenedBy, reopenedLabels, splitReturn } from './supervise-return.ts';
import { afterReturn, returnedList } from './supervise-returned.ts';
import { downloadReply, fullTexts, readingLines } from './supervise-read.ts';
import { urgeWhich } from './supervise-urge.ts';
import { closestCommands, readIntent, returnText } from './supervise-words.ts';
import { findUnit, unitAtStart, unitsNamed } from './supervise-names.ts';
import type { Draft } from './turn.ts';
import { daysBetween, shanghaiDate } from '../src/calendar/working-calendar.ts';

/** One unit under the supervisor, as it stands. */
export interface UnitView {
  id: number;
  name: string;
  draft?: Draft;
  /** The stored report's id, when there is one. */
  reportId?: number;
  standing: ReportStanding;
  /** A reminder or 催办 went to its officials today. */
  remindedToday: boolean;
  /** A supervisor's 催办 went to its officials today. */
  urgedToday: boolean;
  /** How many enabled 填报人 the unit has (unknown when absent): with none, nothing can remind it. */
  filers?: number;
}

/** What the supervisors' handler reads. */
export interface SupervisionContext {
  supervisorUnit: string;
  year: number;
  units: UnitView[];
  /** Today in Asia/Shanghai, ISO. */
  today: string;
  /** The supervisor's own unit files a report in an open campaign (the engine's 填报本单位). */
  ownReport?: boolean;
  /** What to say of a due date that falls on a day off (「截止日1月31日为星期六，请于1月30日（星期五）前提交。」), '' for a working day. */
  dayOff?: (due: string) => string;
}

/** What the engine does for the supervisor, in the same transaction as the reply. */
export type SupervisorAction =
  /** 催办: the units named, or with `all` every unit (the engine keeps those 「全部未交」 means). */
  | { kind: 'urge'; unitIds: number[]; all: boolean }
  /** 退回: the reason as typed, the cells and texts reopened and their names ('all' when nothing was named); `reply` is said once it is done. */
  | { kind: 'return'; unitId: number; reason: string; reopen: string[]; labels: string[] | 'all'; reply: string }
  | { kind: 'approve'; unitId: number; reply: string }
  /** 撤回退回: undone if the official has not changed anything since. */
  | { kind: 'withdraw'; unitId: number }
  /** 下载: the unit's report as its Word file. */
  | { kind: 'download'; unitId: number }
  /** 导出: the Excel overview and the roll-up as files. */
  | { kind: 'export' }
  /** 催办记录: what was sent to these units (`all`: the whole jurisdiction was asked about); read, nothing sent. */
  | { kind: 'reminders'; unitIds: number[]; all: boolean }
  /** 「王店镇改了啥」: the unit's changes since its last return; read, nothing changed. */
  | { kind: 'changes'; unitId: number };

/** The replies and the actions of one supervisor turn. */
export interface SupervisorResult {
  replies: string[];
  actions: SupervisorAction[];
}

const HELP = [
  '审核人可用指令：',
  '· 进度 / 汇总：全部单位的填报情况和主要数据',
  '· 未交：尚未提交的单位',
  '· 查看 单位名：某个单位的进度、主要数据、检查结果和各部分文字开头（可只写简称，如“杨舍”）；“查看 单位名 全文”阅读全部文字',
  '· 下载 单位名：该单位的报告（Word 文件）',
  '· 催办 单位名（可写多个）/ 催办 全部未交（已逾期或7天内到期）：提醒填报人（每个单位每天最多一次；非工作时间在下一个工作时间发出）',
  '· 催办记录（可加单位名，如“杨舍 催办记录”）：已发出的催办和系统提醒，何时、发给谁、是否发出',
  '· 退回 单位名 原因 修改：项目：退回修改，“修改：”后写需修改的项目（不写则全部可改），如“退回 杨舍 行政复议数字有误 修改：第四部分、总体情况”',
  '· 撤回退回 单位名：填报人修改前撤回退回',
  '· 单位名 改了啥：退回后填报人改了哪些内容（每项原为多少、现为多少）',
  '· 通过 单位名（可写多个）/ 全部通过：审核通过（全部通过前会列出单位请您确认）',
  '· 导出：Excel 汇总表和全辖区汇总报告（Word），以文件发送',
].join('\n');

/** The commands, with 填报本单位 when the supervisor's own unit files a report too. */
const helpOf = (ctx: SupervisionContext) => (ctx.ownReport ? `${HELP}\n· 填报本单位：填写本单位自己的年度报告（回复“返回审核”回到审核）` : HELP);


/** One supervisor message. */
export function handleSupervisorTurn(text: string, ctx: SupervisionContext): SupervisorResult {
  const norm = normalize(typeof text === 'string' ? text : '');
  const compact = compactOf(norm);
  const say = (...replies: string[]): SupervisorResult => ({ replies, actions: [] });
  if (!compact) return say(`没有收到文字内容。${helpOf(ctx)}`);
  if ([...compact].length > 300) return say('指令过长，请简短回复。回复“帮助”查看可用指令。');
  if (!ctx.units.length) return say(`您好，${ctx.supervisorUnit}下暂无需要填报${ctx.year}年度报告的单位。`);
  if (/^(?:你好|您好|hi|hello|在吗|在不在|早上好|早|下午好)$/i.test(compact)) return say(`您好，这里是${ctx.supervisorUnit}的年报审核助手。${helpOf(ctx)}`);
  const intent = readIntent(norm);
  switch (intent.kind) {
    case 'progress':
      return say(summaryOf(ctx) + dueOnDaysOff(ctx));
    case 'pending':
      return say(pending(ctx) + dueOnDaysOff(ctx));
    case 'help':
      return say(helpOf(ctx));
    case 'export':
      return { replies: [exportText(ctx)], actions: [{ kind: 'export' }] };
    case 'look':
      return look(ctx, intent.names, intent.full);
    case 'download':
      return each(ctx, intent.names, download);
    case 'urge':
      return urge(ctx, intent.names);
    case 'urgeAll':
      return { replies: [], actions: [{ kind: 'urge', unitIds: ctx.units.map((u) => u.id), all: true }] };
    case 'overdue':
      return say(overdueList(ctx));
    case 'urgeOverdue': {
      const late = ctx.units.filter((u) => u.standing.overdue);
      if (!late.length) return say('目前没有逾期未交的单位，没有发出催办。回复“未交”查看尚未提交的单位。');
      return { replies: [], actions: [{ kind: 'urge', unitIds: late.map((u) => u.id), all: false }] };
    }
    case 'ask':
      return askFirst(ctx, intent.verb, intent.names, norm);
    case 'returned':
      return say(returnedList(ctx.units));
    case 'reminders': {
      if (!intent.names) return { replies: [], actions: [{ kind: 'reminders', unitIds: ctx.units.map((u) => u.id), all: true }] };
      const named = unitsNamed(ctx.units, intent.names);
      if (named.kind === 'problem') return say(named.reply);
      return { replies: [], actions: [{ kind: 'reminders', unitIds: named.units.map((u) => u.id), all: false }] };
    }
    case 'changes':
      return each(ctx, intent.names, (unit) => ({ replies: [], actions: [{ kind: 'changes', unitId: unit.id }] }));
    case 'hold':
      return say('好的，本次没有办理任何操作。');
    case 'return':
      // 退回 keeps its reason exactly as typed: it is read from the message, not its normalized form.
      return returnUnit(ctx, returnText(typeof text === 'string' ? text : '') ?? '');
    case 'withdraw':
      return each(ctx, intent.names, (unit) => withdraw(unit), true);
    case 'approve': {
      // 「通过」 alone: which report is not guessed, even when one waits.
      const waiting = ctx.units.filter(awaitingReview);
      if (!intent.names) return say(waiting.length ? `请写明通过哪个单位的报告，如“通过 ${waiting[0].name}”。待审核的有：${waiting.map((u) => u.name).join('、')}。` : '目前没有待审核的报告。');
      return each(ctx, intent.names, approve, true);
    }
    case 'approveAll':
      return approveAll(ctx);
    case 'confirmApproveAll':
      return approveAll(ctx, intent.code);
    case 'unknown': {
      // A unit's name alone (「杨舍镇」): its report, as 查看 shows it.
      // Found as 查看 finds names, but only as the start of one unit's name: any other text is not taken for one.
      const alone = findUnit(ctx.units, compact);
      return alone.length === 1 && [...compact].length >= 2 && alone[0].name.startsWith(compact) ? look(ctx, alone[0].name, false) : say(notUnderstood(norm));
    }
  }
}

function notUnderstood(norm: string): string {
  const compact = compactOf(norm);
  return `抱歉，没有理解“${[...compact].slice(0, 20).join('')}${[...compact].length > 20 ? '…' : ''}”。您可能想用：\n${closestCommands(norm).map((c) => `· ${c}`).join('\n')}\n回复“帮助”查看全部指令。`;
}

/** 「钱集镇可以了」, 「胡集镇不行」: what was understood, and the exact command that would do it; nothing is done. */
function askFirst(ctx: SupervisionContext, verb: 'approve' | 'return', names: string, norm: string): SupervisorResult {
  const found = names ? unitsNamed(ctx.units, names, '尚未办理任何操作。') : undefined;
  if (!found) return { replies: [notUnderstood(norm)], actions: [] };
  if (found.kind === 'problem') return { replies: [found.reply.includes('对应多个') ? found.reply : notUnderstood(norm)], actions: [] };
  const list = found.units.map((u) => u.name).join('、');
  const one = found.units.map((u) => u.name).join(' ');
  const question = verb === 'approve'
    ? `请问是要审核通过${list}的报告吗？尚未办理。确认请回复“通过 ${one}”；如需先看内容，请回复“查看 ${found.units[0].name}”。`
    : `请问是要退回${list}的报告吗？尚未办理。确认请回复“退回 ${found.units[0].name} 原因 修改：项目”，如“退回 ${found.units[0].name} 行政复议数字与台账不符 修改：第四部分”；如需先看内容，请回复“查看 ${found.units[0].name}”。`;
  return { replies: [question], actions: [] };
}

/** The same command for each unit named (「通过 甲镇 乙镇」), its replies and actions together. */
function each(ctx: SupervisionContext, names: string, then: (unit: UnitView) => SupervisorResult, acting = false): SupervisorResult {
  if (!names) return { replies: ['请写明单位名称（可只写简称，如“杨舍”；可写多个，用空格分开）。'], actions: [] };
  const found = unitsNamed(ctx.units, names, acting ? '本次未办理任何单位。' : '');
  if (found.kind === 'problem') return { replies: [found.reply], actions: [] };
  const results = found.units.map(then);
  return { replies: results.flatMap((r) => r.replies), actions: results.flatMap((r) => r.actions) };
}

/** A short code for a set of units, so that a confirmation applies to exactly the set it was asked about. */
const codeOf = (units: UnitView[]) => String(1000 + units.map((u) => u.id).sort((a, b) => a - b).reduce((h, id) => (h * 31 + id) % 9000, 7));

/** 全部通过: the units waiting for review listed with a code; 「确认通过 <code>」 approves exactly them. */
function approveAll(ctx: SupervisionContext, code?: string): SupervisorResult {
  const waiting = ctx.units.filter(awaitingReview);
  if (!waiting.length) return { replies: ['目前没有待审核的报告（已提交、尚未通过的）。'], actions: [] };
  if (code === codeOf(waiting)) return { replies: [`已审核通过以下${waiting.length}个单位的报告，填报人会收到通知：${waiting.map((u) => u.name).join('、')}。`], actions: waiting.map((u) => ({ kind: 'approve' as const, unitId: u.id, reply: '' })) };
  const lines = waiting.map((u) => `· ${u.name}：${timingOf(u.standing, ctx.today)}${u.standing.progress.errors ? `，勾稽有误${u.standing.progress.errors}处` : ''}`);
  return {
    replies: [[
      ...(code ? ['待审核的单位已有变化，请按下面的清单重新确认。'] : []),
      `以下${waiting.length}个单位的报告已提交、待审核：`, ...lines,
      `确认全部审核通过，请回复“确认通过 ${codeOf(waiting)}”；只通过其中几个，可回复“通过 单位名 单位名”。`,
    ].join('\n')],
    actions: [],
  };
}

/** 「导出」: what is coming, and what the roll-up leaves out. */
function exportText(ctx: SupervisionContext): string {
  const handedIn = ctx.units.filter(isIn).length;
  return `好的，正在生成${ctx.supervisorUnit}所属${ctx.units.length}个单位的 Excel 汇总表（每个单位一行，另附逐项汇总、问题清单、内容雷同和图表）和全辖区汇总报告（Word），稍后以文件发送。`
    + `汇总报告只计入已提交的${handedIn}个单位${handedIn < ctx.units.length ? `，其余${ctx.units.length - handedIn}个单位列于报告开头` : ''}。`;
}

const isIn = (u: UnitView) => u.standing.handedIn;
/** Handed in and not yet approved: what 通过 may act on. */
const awaitingReview = (u: UnitView) => u.standing.state === 'submitted' || u.standing.state === 'imported';

/** The due dates still ahead of units not handed in that fall on a day off, each said once: 「\n截止日1月31日为星期六，…」. */
function dueOnDaysOff(ctx: SupervisionContext): string {
  const dues = [...new Set(ctx.units.filter((u) => !isIn(u) && u.standing.due >= ctx.today).map((u) => u.standing.due))].sort();
  const notes = dues.map((due) => ctx.dayOff?.(due) ?? '').filter(Boolean);
  return notes.map((n) => `\n${n}`).join('');
}

/** A unit not handed in that no reminder or 催办 can reach: nobody files for it. */
const unreachable = (u: UnitView) => !isIn(u) && u.filers === 0;

/** Said of a unit nobody files for, so that a supervisor knows to call it. */
export const NO_FILER = '尚未设置填报人员，无法提醒';

const noFilerNote = (u: UnitView) => (unreachable(u) ? `（${NO_FILER}）` : '');

/** 「逾期」: the units late past their due date, the latest first. */
function overdueList(ctx: SupervisionContext): string {
  const late = ctx.units.filter((u) => u.standing.overdue).sort((a, b) => b.standing.daysLate - a.standing.daysLate);
  if (!late.length) return `目前没有逾期未交的单位。${ctx.units.some((u) => !isIn(u)) ? '回复“未交”查看尚未提交的单位。' : `全部${ctx.units.length}个单位均已提交。`}`;
  return [
    `逾期未交${late.length}个单位：`,
    ...late.slice(0, 30).map((u) => `· ${u.name}：${stateOf(u)}，${timingOf(u.standing, ctx.today)}${noFilerNote(u)}`),
    ...(late.length > 30 ? [`……另有${late.length - 30}个单位（回复“导出”获取完整名单）`] : []),
    '回复“催一下逾期的”可催办这些单位。',
  ].join('\n');
}

/** When a unit handed in and whether on time, or how long it has left (or how late it is): 「截止1月20日，还有6天」. */
export function timingOf(s: ReportStanding, today: string): string {
  if (s.handedIn) {
    if (!s.submittedAt) return '由已公开的报告导入，视同按时提交';
    return `${dateLabel(shanghaiDate(s.submittedAt))}提交，${s.daysLate ? `逾期${s.daysLate}个工作日` : '按时'}`;
  }
  const again = s.state === 'returned' && s.returnedAt !== null;
  const days = daysBetween(today, s.due);
  if (days > 0) return `${again ? `应于${dateLabel(s.due)}前重新提交` : `截止${dateLabel(s.due)}`}，还有${days}天`;
  if (days === 0) return `今天（${dateLabel(s.due)}）${again ? '应重新提交' : '截止'}`;
  return `已逾期${s.daysLate}个工作日（${again ? '重新提交期限' : '截止'}${dateLabel(s.due)}）`;
}

/** 「填报中 45%」, 「未开始」, 「已提交」. */
function stateOf(u: UnitView): string {
  const { state, progress } = u.standing;
  if (state === 'draft' && !progress.started) return stateWords.none;
  return `${stateWords[state]}${state === 'draft' || state === 'returned' ? ` ${progress.percent}%` : ''}`;
}

/** 「1月20日」. */
export function dateLabel(iso: string): string {
  const [, month, day] = iso.split('-').map(Number);
  return `${month}月${day}日`;
}

/** 进度: the jurisdiction at a glance. */
export function summaryOf(ctx: SupervisionContext, { overdue: listOverdue = true } = {}): string {
  const count = (f: (u: UnitView) => boolean) => ctx.units.filter(f).length;
  const filling = ctx.units.filter((u) => u.standing.state === 'draft' && u.standing.progress.started);
  const average = filling.length ? Math.round(filling.reduce((s, u) => s + u.standing.progress.percent, 0) / filling.length) : 0;
  const total = (key: keyof ReportStanding['progress']['figures']) => ctx.units.filter(isIn).reduce((s, u) => s + u.standing.progress.figures[key], 0);
  const wrong = ctx.units.filter((u) => u.standing.progress.errors > 0 && u.standing.state !== 'approved');
  const overdue = ctx.units.filter((u) => u.standing.overdue);
  const alone = ctx.units.filter(unreachable);
  return [
    `【${ctx.supervisorUnit} · ${ctx.year}年度报告】共${ctx.units.length}个单位`,
    `已提交${count(isIn)}（其中已通过${count((u) => u.standing.state === 'approved')}${count((u) => u.standing.state === 'imported') ? `、导入${count((u) => u.standing.state === 'imported')}` : ''}）、填报中${filling.length}${filling.length ? `（平均${average}%）` : ''}、未开始${count((u) => u.standing.state === 'none' || (u.standing.state === 'draft' && !u.standing.progress.started))}、退回修改${count((u) => u.standing.state === 'returned')}`,
    ...(overdue.length && listOverdue ? [`逾期未交${overdue.length}个：${overdue.slice(0, 6).map((u) => `${u.name}（${u.standing.daysLate}个工作日）`).join('、')}${overdue.length > 6 ? '等' : ''}`] : []),
    ...(alone.length ? [`${NO_FILER}（请电话联系）：${alone.slice(0, 10).map((u) => u.name).join('、')}${alone.length > 10 ? `等${alone.length}个单位` : ''}`] : []),
    ...(wrong.length ? [`勾稽有误：${wrong.slice(0, 6).map((u) => `${u.name}（${u.standing.progress.errors}处）`).join('、')}${wrong.length > 6 ? '等' : ''}`] : []),
    `已提交单位合计：新收申请${total('received')}件，办结${total('concluded')}件，结转下年度${total('carriedForward')}件；行政复议${total('reviews')}件，行政诉讼${total('suits')}件。`,
    '回复“未交”查看未提交的单位，“查看 单位名”查看详情。',
  ].join('\n');
}

function pending(ctx: SupervisionContext): string {
  const open = ctx.units.filter((u) => !isIn(u));
  if (!open.length) return `全部${ctx.units.length}个单位均已提交。`;
  const lines = open.slice(0, 30).map((u) => `· ${u.name}：${stateOf(u)}，${timingOf(u.standing, ctx.today)}${noFilerNote(u)}`);
  return [`未提交${open.length}个单位：`, ...lines, ...(open.length > 30 ? [`……另有${open.length - 30}个单位（回复“导出”获取完整名单）`] : []), '回复“催办 全部未交”可催办已逾期或7天内到期的单位。'].join('\n');
}

/** 「【杨舍镇】填报中 45%，截止1月20日，还有6天」: the first line of what is said of one unit. */
export function headline(unit: UnitView, today: string): string {
  return `【${unit.name}】${stateOf(unit)}，${timingOf(unit.standing, today)}${noFilerNote(unit)}`;
}

function details(unit: UnitView, ctx: SupervisionContext): string {
  const standing = unit.standing.progress;
  const lines = [headline(unit, ctx.today)];
  if (unit.standing.returnedAt) lines.push(afterReturn(unit, unit.standing.returnedAt));
  if (!isIn(unit) && standing.missing) lines.push(`还差${standing.missing}，约${standing.minutes}分钟。`);
  lines.push(...readingLines(unit));
  if (unit.standing.state === 'submitted' || unit.standing.state === 'imported') lines.push(`可回复“通过 ${unit.name}”或“退回 ${unit.name} 原因 修改：项目”。`);
  return lines.join('\n');
}

/** 查看 <单位…> [全文]; a name that fits several units lists them, each with its standing. */
function look(ctx: SupervisionContext, names: string, full: boolean): SupervisorResult {
  if (!names) return { replies: ['请写明要查看的单位，例如“查看 杨舍镇”（可只写简称）。'], actions: [] };
  const several = names.split(/\s+/).length === 1 ? findUnit(ctx.units, names) : [];
  if (several.length > 1) {
    return { replies: [[`「${names}」对应${several.length}个单位：`, ...several.slice(0, 20).map((u) => `· ${u.name}：${stateOf(u)}，${timingOf(u.standing, ctx.today)}`), `请回复“查看 ${several[0].name}”等查看详情。`].join('\n')], actions: [] };
  }
  return each(ctx, names, (unit) => ({ replies: full ? fullTexts(unit) : [details(unit, ctx)], actions: [] }));
}

/** 下载 <单位>: the unit's Word file. */
function download(unit: UnitView): SupervisorResult {
  return { replies: [downloadReply(unit)], actions: unit.draft && unit.reportId !== undefined ? [{ kind: 'download', unitId: unit.id }] : [] };
}

/** 催办 <单位…> (「全部未交」 is read as its own intent); a bare 催办 asks which. */
function urge(ctx: SupervisionContext, names: string): SupervisorResult {
  if (!names.trim()) return { replies: [urgeWhich(ctx.units, ctx.today)], actions: [] };
  const named = unitsNamed(ctx.units, names, '本次未催办任何单位。');
  if (named.kind === 'problem') return { replies: [named.reply], actions: [] };
  return { replies: [], actions: [{ kind: 'urge', unitIds: named.units.map((u) => u.id), all: false }] };
}

/** 退回 <单位> <原因> [修改：项目、…]: see supervise-return.ts for the form. */
function returnUnit(ctx: SupervisionContext, raw: string): SupervisorResult {
  const named = unitAtStart(ctx.units, raw);
  if (named.kind === 'problem') return { replies: [named.reply], actions: [] };
  const { unit, after } = named;
  if (!isIn(unit)) return { replies: [`${unit.name}的报告${stateOf(unit)}，尚未提交，不能退回。`], actions: [] };
  const { reason, items } = splitReturn(after);
  const example = `例如“退回 ${unit.name} 行政复议数字与台账不符 修改：第四部分”`;
  if ([...reason].length < 2) return { replies: [`请写明退回原因，${example}。`], actions: [] };
  const formatId = unit.draft?.report.format ?? '2021';
  let reopen: string[];
  let labels: string[] | 'all';
  if (items === undefined) {
    reopen = everything(formatId);
    labels = 'all';
  } else {
    const read = reopenedBy(formatId, items);
    if (read.kind === 'unknown') {
      return { replies: [`未能识别需修改的项目：${read.items.map((i) => `「${i}」`).join('、')}，报告未退回。项目可写部分（“第四部分”）、行（“行政复议”“予以公开”）、行和列（“予以公开 自然人”）或文字（“总体情况”），用顿号分开，${example}。`], actions: [] };
    }
    reopen = read.ids;
    labels = reopenedLabels(formatId, reopen);
    if (!labels.length) return { replies: [`“修改：”后没有写明项目，${example}；不写“修改：”则全部内容可修改。`], actions: [] };
  }
  const scope = labels === 'all' ? '全部内容可修改' : `需修改${labels.length}项：${labels.slice(0, 10).join('、')}${labels.length > 10 ? '等' : ''}`;
  const reply = `已退回${unit.name}的报告（${scope}），原因：「${reason}」。填报人会收到通知和完整的修改清单，重新提交后将告知您；填报人修改前可回复“撤回退回 ${unit.name}”撤回。`;
  return { replies: [], actions: [{ kind: 'return', unitId: unit.id, reason, reopen, labels, reply }] };
}

/** 撤回退回 <单位>: the engine withdraws the return when the official has not changed anything since. */
function withdraw(unit: UnitView): SupervisorResult {
  if (unit.standing.state !== 'returned') return { replies: [`${unit.name}的报告${stateOf(unit)}，没有可撤回的退回。`], actions: [] };
  return { replies: [], actions: [{ kind: 'withdraw', unitId: unit.id }] };
}

function approve(unit: UnitView): SupervisorResult {
  if (unit.standing.state === 'approved') return { replies: [`${unit.name}的报告已审核通过。`], actions: [] };
  if (!isIn(unit)) return { replies: [`${unit.name}的报告${stateOf(unit)}，提交后才能审核通过。`], actions: [] };
  return { replies: [], actions: [{ kind: 'approve', unitId: unit.id, reply: `已审核通过${unit.name}的报告，填报人会收到通知。` }] };
}
