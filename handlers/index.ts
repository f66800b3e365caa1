// The conversation of the 填报人: one user message in, the draft, the state and the replies out.
// Routing only: read-only reports, pending questions, commands, then the current question's
// handler. Pure and total: no I/O, no clock, and never an exception for any input.
import { STATE_VERSION, type ConversationState, type TurnContext, type TurnInput, type TurnResult } from './turn.ts';
import { readOnlyReason } from './changes.ts';
import { commandOf, type Command } from './commands.ts';
import { answerContact, CONTACT_HOW } from './contact.ts';
import { correct, isEdit, saysWrongAfter, WHICH_ROW } from './correct.ts';
import { answerStep, answerYes } from './fill.ts';
import { enter } from './flow/advance.ts';
import { compactOf, normalize } from './flow/parse.ts';
import { questionOf } from './flow/questions.ts';
import { formatOf, info, parseFlow, reject, type Flow, type Message, type Outcome, type Turn } from './flow/state.ts';
import { firstOpen, stepById, stepsOf } from './flow/steps.ts';
import { help, meaning } from './help.ts';
import { back, jump, next, skip, undo } from './navigate.ts';
import { answerOutcomes } from './outcomes.ts';
import { answerPending } from './pending.ts';
import { deniesWithNumber } from './correct-pending.ts';
import { dropped } from './safety.ts';
import { answerNamedColumn } from './named-column.ts';
import { answerRestatement } from './restate.ts';
import { editTextFigure } from './text-figure.ts';
import { findNames, namingLexicon } from './flow/lexicon.ts';
import { answerApplicantGroup } from './applicant-groups.ts';
import { receiveFile } from './previous-report.ts';
import { preview } from './preview.ts';
import { outOfScope } from './scope.ts';
import { progressLine, returnedItems, showProgress, whyReturned } from './progress.ts';
import { dayOffNote } from './reminders.ts';
import { compose } from './reply.ts';
import { answerShortcut } from './shortcuts.ts';
import { afterSubmit, askSubmit, cancelSubmit, confirmSubmit, submitChoice } from './submit.ts';
import { answerText, appendText, deleteLast, isProse, MAX_TEXT_MESSAGE, rewriteText, showText } from './texts.ts';
import { exampleOf } from './flow/questions.ts';
import { rowSpec } from './flow/rows.ts';
import { clip } from './flow/parse.ts';
import { chineseDate, daysBetween, shanghaiDate } from '../src/calendar/working-calendar.ts';

/** Longest message read as an answer outside the texts. */
const MAX_ANSWER = 500;
const UNKNOWN_FORMAT = '本报告的格式无法识别，暂时不能填报，请联系管理员。';
const FAILED = '抱歉，处理这条消息时出现问题，已保存的内容不受影响。请换一种说法重试，或回复“帮助”。';

const EDIT_HOW = '请直接回复要修改的项目和数值，例如“改 三（一）自然人 10”；也可以回复“跳到第三部分”逐项修改。';

/** 「生成报告」: the report as it stands goes out as a Word file; a draft is said to be one. */
function documentText(turn: Turn): string {
  const { status } = turn.draft;
  const draft = status === 'submitted' || status === 'approved' ? '' : '报告尚未提交，文件中是目前已填写的内容，未填的数字印为0。';
  // The opening paragraph ends with whom to ask: asked for until the unit sets it.
  const contact = turn.ctx.contact || turn.draft.report.texts.preface ? '' : `\n报告开头一段需要写明联系方式（如对本报告有疑问，请与…联系），目前尚未设置，文件中暂不写这一句。${CONTACT_HOW}`;
  return `好的，正在按官方版式生成 Word 文件，稍后发送给您。${draft}${contact}`;
}

/** Days from today to the unit's deadline (negative when overdue), when the campaign sets one. */
function daysLeft(turn: Turn): number | undefined {
  return turn.ctx.deadline ? daysBetween(shanghaiDate(turn.ctx.now), turn.ctx.deadline) : undefined;
}

/** 「已逾期3个工作日」, as the reminders and the supervisors count it (calendar days where the turn has no calendar). */
function overdue(turn: Turn, days: number): string {
  const late = turn.ctx.daysLate?.();
  return late === undefined ? `已逾期${-days}天` : `已逾期${late}个工作日`;
}

/** 「截止」: the unit's deadline and how long is left. */
function deadlineText(turn: Turn): string {
  const { deadline } = turn.ctx;
  const days = daysLeft(turn);
  if (!deadline || days === undefined) return '本次填报任务未设置截止日期，请以上级政务公开办的通知为准。';
  const left = days > 0 ? `还有${days}天` : days === 0 ? '就是今天' : `${overdue(turn, days)}，请尽快提交`;
  return `本单位年度报告的填报截止日期为${chineseDate(deadline)}，${left}。${days >= 0 ? dayOffNote(deadline, turn.ctx.lastWorkingDay) : ''}`;
}

const blankFlow = (): Flow => ({ step: 'review', undo: [], last: 'start' });

/** The state a conversation starts with: the first open question of the draft. */
export function initialState(ctx: TurnContext): ConversationState {
  try {
    const format = formatOf(ctx.draft);
    if (!format) return { version: STATE_VERSION, flow: blankFlow() };
    const turn: Turn = { ctx: { ...ctx, previous: usable(ctx.previous) }, draft: ctx.draft, flow: blankFlow(), format };
    return { version: STATE_VERSION, flow: enter(turn, firstOpen(turn)) };
  } catch {
    return { version: STATE_VERSION, flow: blankFlow() };
  }
}

/** One turn of the conversation. */
export function handleTurn(input: TurnInput, state: ConversationState | undefined, ctx: TurnContext): TurnResult {
  try {
    return turnOf(input, state, ctx);
  } catch (failure) {
    const flow = { ...(parseFlow(state?.flow) ?? blankFlow()), last: 'failed' as const };
    return { kind: 'reply', replies: [FAILED], state: { version: STATE_VERSION, flow }, draft: ctx.draft, failure };
  }
}

function welcome(turn: Turn): string {
  const { unit, year } = turn.draft.report;
  const started = Object.values(turn.draft.report.values).some((v) => v !== null && v !== undefined);
  if (turn.draft.status === 'submitted' || turn.draft.status === 'approved') {
    return `您好，${unit}${year}年度政府信息公开工作年度报告${turn.draft.status === 'submitted' ? '已提交，正在等待审核' : '已审核通过'}。`;
  }
  if (turn.draft.status === 'returned') {
    return `您好，${unit}${year}年度政府信息公开工作年度报告已被审核人退回${turn.ctx.returnReason ? `（原因：${turn.ctx.returnReason}）` : ''}。${returnedItems(turn)}`;
  }
  return started
    ? `您好，欢迎继续填报${unit}${year}年度政府信息公开工作年度报告，已保存的内容都在。随时回复“帮助”查看指令。`
    : `您好！现在开始填报${unit}${year}年度政府信息公开工作年度报告（${turn.format.notice}格式）。随时回复“帮助”查看指令。`;
}

function turnOf(input: TurnInput, state: ConversationState | undefined, ctx: TurnContext): TurnResult {
  const format = formatOf(ctx.draft);
  const stored = state?.version === STATE_VERSION ? parseFlow(state.flow) : undefined;
  if (!format) return { kind: 'reply', replies: [UNKNOWN_FORMAT], state: { version: STATE_VERSION, flow: { ...(stored ?? blankFlow()), last: 'rejected' } }, draft: ctx.draft };
  const known = stored && stepsOf(format).some((s) => s.id === stored.step) ? stored : undefined;
  const fresh = !known;
  const turn: Turn = { ctx: { ...ctx, previous: usable(ctx.previous) }, draft: ctx.draft, flow: known ?? blankFlow(), format };
  if (fresh) turn.flow = enter(turn, firstOpen(turn));

  const raw = typeof input === 'string' ? input : '';
  const norm = normalize(raw);
  const msg: Message = { raw, norm, compact: compactOf(norm) };
  const outcome = typeof input === 'string' ? route(turn, msg) : input.kind === 'file' ? receiveFile(turn, input) : info(turn, [welcome(turn)]);
  const nextTurn: Turn = { ...turn, draft: outcome.draft, flow: { ...outcome.flow, last: outcome.tag } };
  const greeting = welcome(turn);
  const say = fresh && outcome.tag !== 'changed' && outcome.say[0] !== greeting ? [greeting, ...outcome.say] : outcome.say;
  const replies = outcome.ask
    ? compose(progressLine(nextTurn), say, outcome.question ?? questionOf(nextTurn))
    : compose(undefined, say, undefined);
  return {
    kind: 'reply', replies: replies.length ? replies : [questionOf(nextTurn)], ...(outcome.choice && { choice: outcome.choice }), ...(outcome.actions && { actions: outcome.actions }),
    state: { version: STATE_VERSION, flow: nextTurn.flow }, draft: nextTurn.draft,
  };
}

/** Last year's report when it is one this build can read (a malformed one is ignored, not a crash). */
function usable(previous: TurnContext['previous']): TurnContext['previous'] {
  if (!previous || typeof previous !== 'object' || typeof previous.year !== 'number') return undefined;
  return formatOf({ report: previous, status: 'approved' }) ? previous : undefined;
}

// 「行政处罚少算了2件」, 「许可再加5件」: a change by a difference, which would need arithmetic on a
// value the official may misremember; never stored as the number said (「总体情况再加一段」 is no number).
const RELATIVE = /(?:少|多|漏)(?:算|填|报|统计|记|写|录|了)|(?:再|还要|还得|需要|要)?(?:加上|加|增加|减去|减掉|减少|扣掉|扣除)(?=[\d零一二两三四五六七八九十])(?!一(?:段|句|些|点|下))/;
// New applications named while 上年结转 is asked: 「收到申请一共15件」, 「今年收到7件」.
const NEW_APPLICATIONS = /(?:今年|本年|新)(?:共|一共|总共)?(?:收到|收|受理)|收到(?:了)?(?:申请|的申请)?(?:一共|共|总共)?[\d零一二两三四五六七八九十]|新收/;

/** A number that must not be taken as the answer it looks like: a difference, or this year's applications asked for last year's. Nothing is stored. */
function notAValue(turn: Turn, msg: Message): Outcome | undefined {
  const step = stepById(turn.format, turn.flow.step);
  // Report prose (「较上年增加5件」) is text; a short line in a text step may still be a value.
  if ((step.kind === 'text' && isProse(msg.raw)) || !/[\d零一二两三四五六七八九十]/.test(msg.compact)) return undefined;
  if (RELATIVE.test(msg.compact)) {
    return reject(turn, ['“少算了2件”“再加5件”这类说法需要在原数上加减，为免记错，本条未记录。请直接告诉我改后的数字，例如“行政处罚处理决定数量改为84”。']);
  }
  if (step.kind === 'carriedOver' && !turn.flow.pending && NEW_APPLICATIONS.test(msg.compact) && !/结转|去年|上年/.test(msg.compact) && !/^(?:一、)?(?:本年新收|今年新收|新收)/.test(msg.compact)) {
    return reject(turn, ['这一项问的是上年结转（上年没有办结、转到本年继续办理的申请）；您说的似乎是本年新收的申请，本条未记录。请先回答上年结转（没有请回复“无”），本年新收的数字接下来会问。']);
  }
  return undefined;
}

function route(turn: Turn, msg: Message): Outcome {
  const step = stepById(turn.format, turn.flow.step);
  const length = [...msg.raw].length;
  // A text may be long (answerText takes up to MAX_TEXT_MESSAGE characters per message); an answer is short.
  if (length > (step.kind === 'text' && !readOnlyReason(turn.draft) ? MAX_TEXT_MESSAGE * 4 : MAX_ANSWER)) {
    return reject(turn, [step.kind === 'text' ? `单条内容过长（${length}字），请分几条发送，每条不超过${MAX_TEXT_MESSAGE}字。` : `回复内容过长（${length}字），请按提示简短回复。`]);
  }
  if (msg.compact === '') return reject(turn, ['没有收到文字内容。']);
  // 「联系方式：县政府办公室…」 names an office and 「修改开头：…」 is a text: read before anything else.
  const contact = answerContact(turn, msg);
  if (contact) return contact;
  const why = whyReturned(turn, msg.compact);
  if (why) return why;
  // In a text, other bodies are named freely (「县政府办公室」); a short command naming one is refused.
  if (step.kind !== 'text' || (length <= 40 && /^(?:请)?(?:改|修改|更正|查看|看看|催办|退回|通过|导出)/.test(msg.compact))) {
    const refused = outOfScope(turn, msg);
    if (refused) return refused;
  }
  const command = commandOf(msg.compact);
  const locked = readOnlyReason(turn.draft);
  if (locked) return readOnly(turn, command, locked);

  const misread = notAValue(turn, msg);
  if (misread) return misread;
  const answered = answerPending(turn, msg, command);
  if (answered) return answered;
  // 「不是，…5」 to a reading said back that no reader placed: never the current question's answer.
  if (turn.flow.pending?.kind === 'confirm' && deniesWithNumber(msg.norm)) {
    return { tag: 'info', draft: turn.draft, flow: turn.flow, say: [], ask: true, question: '请说明要改哪一项，如“有效的改为13”；上面的理解无误请回复“是”。' };
  }
  const outcome = routeNew(turn, msg, command);
  // A reading asked about and answered by another message is not stored: said so, never dropped silently.
  const pending = turn.flow.pending;
  const reading = pending?.kind === 'confirm' ? pending : pending?.kind === 'column' ? pending.reading : undefined;
  return reading ? { ...outcome, say: [dropped(turn, reading), ...outcome.say] } : outcome;
}

/** A message that answers no question asked in passing. */
function routeNew(turn: Turn, msg: Message, command: Command | undefined): Outcome {
  const step = stepById(turn.format, turn.flow.step);
  // After 「提交」 asked for confirmation, 「确认」/「是」 confirms and 「不」 cancels, as 确认提交/暂不提交 do.
  if (turn.flow.pending?.kind === 'submit' && (command?.kind === 'yes' || command?.kind === 'submit')) return confirmSubmit(turn);
  if (turn.flow.pending?.kind === 'submit' && command?.kind === 'no') return cancelSubmit(turn);
  const keepSubmit = turn.flow.pending?.kind === 'submit' && (command?.kind === 'confirmSubmit' || command?.kind === 'cancelSubmit');
  // 「稍等，我看看」 while asked which 法人 columns: the question stays, so that the count sent next is not taken for the current row.
  const keepGroup = turn.flow.pending?.kind === 'group' && command?.kind === 'smalltalk';
  const current: Turn = keepSubmit || keepGroup || !turn.flow.pending ? turn : { ...turn, flow: { ...turn.flow, pending: undefined } };
  if (command) {
    const out = runCommand(current, msg, command);
    if (out) return out;
  }
  const group = step.kind === 'text' ? undefined : answerApplicantGroup(current, msg);
  if (group) return group;
  const restated = step.kind === 'text' ? undefined : answerRestatement(current, msg);
  if (restated) return restated;
  const namedColumn = step.kind === 'text' && isProse(msg.raw) ? undefined : answerNamedColumn(current, msg);
  if (namedColumn) return namedColumn;
  const editing = isEdit(msg.compact);
  if (step.kind === 'text') {
    // 「主动公开条数改成120」 while the text is open: that figure of the text, asked about (never the whole text replaced by this line).
    const figure = editing && step.text && !namesCells(turn, msg) ? editTextFigure(current, step.text, msg.compact.replace(/^(?:请|把|将)+/, '')) : undefined;
    if (figure && turn.draft.report.texts[step.text!]?.trim()) return figure;
    // A value inside a text (「财政所说收费没有，填0」) is acted on only after a 是.
    if (!isProse(msg.raw) && /\d|没有|无|零/.test(msg.compact)) {
      const corrected = correct(current, msg, editing ? undefined : `（您正在填写${step.label}，这条消息中的数字不会写入正文。）`);
      if (corrected && corrected.tag !== 'rejected') return corrected;
    }
    return answerText(current, msg, undefined) ?? notUnderstood(current, msg);
  }
  if (editing) {
    const corrected = correct(current, msg);
    if (corrected) return corrected;
  }
  if (step.kind === 'outcomes') {
    const out = answerOutcomes(current, msg, undefined);
    if (out) return out;
  }
  const shortcut = answerShortcut(current, msg);
  if (shortcut) return shortcut;
  // A sentence that names its own row (「复议1件，结果是维持」) is an answer when the row reader could not take it.
  const corrected = correct(current, msg);
  if (corrected && corrected.tag !== 'rejected') return corrected;
  // 「不对 废止的是2个」 while 行政许可 is asked: a correction of an earlier answer that no reader
  // could place is asked about, never taken for the answer to this question.
  if ((CORRECTING.test(msg.compact) || saysWrongAfter(msg.norm)) && /[\d零一二两三四五六七八九十]/.test(msg.compact)) return corrected ?? reject(current, [WHICH_ROW]);
  const stepAnswer = answerStep(current, msg);
  if (stepAnswer && (stepAnswer.tag !== 'rejected' || !corrected)) return stepAnswer;
  return corrected ?? notUnderstood(current, msg);
}


// A message that opens by saying something before was wrong (「不好意思，上一个填错了」).
const CORRECTING = /^(?:(?:不好意思|抱歉|哎呀)[,，]?)?(?:不对|不是的|错了|填错|写错|搞错|弄错|输错|打错|刚才|刚刚|上一个|上一项|上一条|上面|前面|之前|更正|纠正)/;

/** Whether a message names a row or a cell of the tables (「行政处罚改成3」 changes the table, not a text). */
function namesCells(turn: Turn, msg: Message): boolean {
  return findNames(msg.compact, namingLexicon(turn.format)).some((h) => h.target.kind !== 'column' && h.target.kind !== 'text');
}

function runCommand(turn: Turn, msg: Message, command: Command): Outcome | undefined {
  const step = stepById(turn.format, turn.flow.step);
  switch (command.kind) {
    case 'help': return help(turn);
    case 'progress': return showProgress(turn);
    case 'preview': return { ...preview(turn), choice: submitChoice(turn) };
    case 'submit': return askSubmit(turn);
    case 'afterSubmit': return afterSubmit(turn);
    case 'confirmSubmit': return confirmSubmit(turn);
    case 'cancelSubmit': return cancelSubmit(turn);
    case 'edit': return info(turn, [EDIT_HOW]);
    case 'deadline': return info(turn, [deadlineText(turn)]);
    case 'document': return { ...info(turn, [documentText(turn)], false), actions: [{ kind: 'document' }] };
    case 'snooze': return { ...info(turn, ['好的，明天上午再提醒您。已填写的内容都已保存，随时回复即可继续。'], false), actions: [{ kind: 'snooze' }] };
    case 'back': return back(turn);
    case 'next': return next(turn);
    // 「等下 我问问领导」 while a text is written: the text stays open, so that what comes next is not taken for the next section.
    case 'skip': return step.kind === 'text' && !/跳过|空着|放着|不填|放一放/.test(msg.compact) ? info(turn, [`好的，${pressing(turn) ?? '不着急。'}${step.label}仍在填写中，您可以稍后继续发送，写完后回复“完成”；如要先填下一部分，请回复“跳过”。`], false) : skip(turn);
    case 'undo': return undo(turn);
    case 'jump': return jump(turn, command.to);
    case 'meaning': return meaning(turn, command.about);
    case 'greet': return info(turn, [welcome(turn)]);
    case 'smalltalk': return acknowledge(turn);
    case 'no': return info(turn, ['好的。']);
    case 'showText': return showText(turn, command.text);
    case 'deleteLast': return deleteLast(turn, command.text);
    case 'rewriteText': return rewriteText(turn, command.text);
    case 'appendText': return appendText(turn, command.text);
    case 'yes': return step.kind === 'text' ? info(turn, ['好的，请继续发送正文，写完后回复“完成”。'], false) : answerYes(turn);
    case 'done':
      if (step.kind === 'outcomes') return answerOutcomes(turn, msg, command);
      if (step.kind === 'text') return answerText(turn, msg, command);
      return reject(turn, ['当前这一项不需要回复“完成”，请按提示回复。']);
  }
}

/** Days before the deadline from which the bot no longer says 「不着急」. */
const DUE_SOON_DAYS = 3;

/** 「本单位年度报告已逾期5天，请尽快填报。」 when the report is overdue or due within DUE_SOON_DAYS, else undefined. */
function pressing(turn: Turn): string | undefined {
  const days = daysLeft(turn);
  if (days === undefined || days > DUE_SOON_DAYS) return undefined;
  return `本单位年度报告${days < 0 ? overdue(turn, days) : days === 0 ? '今天截止' : `还有${days}天截止`}，请尽快填报。`;
}

/** 「收到了，马上填」, 「稍等」: 「不着急」 while there is time; overdue or nearly due, the days said and the question asked again. */
function acknowledge(turn: Turn): Outcome {
  const urge = pressing(turn);
  if (!urge) return info(turn, ['好的，不着急。已填写的内容都已保存，您准备好后直接回复即可。'], false);
  return info(turn, [`好的。${urge}已填写的内容都已保存。`]);
}

function readOnly(turn: Turn, command: Command | undefined, locked: string): Outcome {
  switch (command?.kind) {
    case 'help': return help(turn);
    case 'progress': return showProgress(turn);
    case 'preview': return preview(turn);
    case 'meaning': return meaning(turn, command.about);
    case 'greet': return info(turn, [welcome(turn)]);
    case 'showText': return showText(turn, command.text);
    case 'document': return { ...info(turn, [documentText(turn)], false), actions: [{ kind: 'document' }] };
    case 'deadline': return info(turn, [deadlineText(turn)]);
    case 'smalltalk': return info(turn, ['好的。'], false);
    case 'afterSubmit': return afterSubmit(turn);
    case 'submit':
    case 'confirmSubmit': return askSubmit(turn);
    default: return reject(turn, [locked]);
  }
}

/** A refusal that quotes what was not understood and gives an example fitting the current question. */
function notUnderstood(turn: Turn, msg: Message): Outcome {
  const step = stepById(turn.format, turn.flow.step);
  const quote = `未能理解“${clip(msg.norm)}”。`;
  if (step.kind === 'review') return reject(turn, [`${quote}如需修改，请说“改 项目 数字”，如“改 行政处罚 82”；确认无误请回复“提交”。`]);
  if (step.kind === 'outcomes') return reject(turn, [`${quote}请列出办理结果及件数，如“予以公开2 不掌握1”；不清楚某一项的含义可以问“不掌握是什么意思”。`]);
  if (step.kind === 'text') return reject(turn, [`${quote}请发送${step.label}的正文，写完后回复“完成”。`]);
  const row = step.row ? rowSpec(turn.format, step.section as '二' | '三' | '四', step.row) : undefined;
  const example = row ? `，如 ${exampleOf(turn.format, row)}` : '';
  return reject(turn, [`${quote}请回复${step.label}的数字${example}；暂时不清楚可以回复“先跳过”。`]);
}
