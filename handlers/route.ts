// Which conversation a message belongs to, decided from who sent it and what it is: a stranger,
// a disabled account and a unit without an open campaign are answered here; a supervisor reviews
// their jurisdiction, or turns to filing their own unit's report (填报本单位) and back (返回审核);
// a filer files. The engine loads what the chosen mode needs and runs it; nothing here does I/O.
import { memberSwitch } from './commands.ts';
import { handleTurn } from './index.ts';
import { SUPERVISOR_FILE } from './previous-report.ts';
import type { ConversationState, FileRead, TurnContext, TurnResult } from './turn.ts';

/** Who sent a message, as the engine found them. */
export type Sender =
  | { kind: 'unknown' }
  | { kind: 'disabled' }
  | {
    kind: 'member';
    role: 'filer' | 'supervisor';
    unitName: string;
    /** The unit files in an open campaign. */
    campaign: boolean;
    /** Without an open campaign: the year of the closed one the unit filed in, if any. */
    closedYear?: number;
    /** A supervisor whose conversation points at their own unit's report (after 填报本单位). */
    filingOwn: boolean;
  };

/** A message as the engine journaled it. */
export type Incoming =
  | { kind: 'text'; text: string }
  | { kind: 'button'; key: string }
  | { kind: 'file'; fileName: string; read?: FileRead }
  | { kind: 'unsupported' }
  | { kind: 'opened' }
  /** An @-mention in a group chat (智能机器人), the mention left out. */
  | { kind: 'group'; chatId: string; text: string };

/** What the engine does with a message. */
export type Route =
  /** Answered as it is: nothing is stored. */
  | { kind: 'reply'; replies: string[] }
  /** A file for a report being filed: download and read it first, outside the turn, then run the turn again. */
  | { kind: 'readFile' }
  /** A supervisor leaves their own unit's report: the conversation points at no report again. */
  | { kind: 'backToReview'; replies: string[] }
  /** A supervisor's command about their jurisdiction (src/bot/supervision.ts). */
  | { kind: 'supervise'; text: string }
  /** An @-mention in a group chat: answered in the group, whoever asks (src/bot/aibot-groups.ts). */
  | { kind: 'group'; chatId: string; text: string }
  /** The filing conversation over the unit's report (converse); `entering` after 填报本单位. */
  | { kind: 'converse'; entering: boolean };

const NOT_REGISTERED = '您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。';
const ACCOUNT_DISABLED = '您好，您的账号已被管理员停用，暂时不能填报或审核年度报告。如需恢复，请联系本单位或上级政务公开管理员。';
const NO_CAMPAIGN = '您好，目前没有需要您单位填报的政府信息公开工作年度报告。如有疑问，请联系上级政务公开办。';
const closedCampaign = (year: number) => `您好，${year}年度政府信息公开工作年度报告的填报已结束，系统不再接收报告，您单位已保存的内容不会丢失。如需修改或补报，请联系上级政务公开办。`;
const TEXT_ONLY = '抱歉，目前只能识别文字消息，请直接发送文字回复。如需帮助，请回复“帮助”。';
const noOwnReport = (unitName: string) => `您好，${unitName}目前没有需要填报的年度报告。回复“帮助”查看审核指令。`;
const BACK_TO_REVIEW = '已返回审核。回复“进度”查看各单位填报情况，回复“帮助”查看审核指令。';
const entered = (unitName: string) => `现在填报${unitName}的年度报告（回复“返回审核”可回到审核）。`;
const UNREAD_FILE = '文件未能读取，请重新发送。';

// Opening the chat after this long a pause brings the welcome and the current question back.
const RESUME_AFTER_MS = 12 * 3600_000;

const reply = (replies: string[]): Route => ({ kind: 'reply', replies });

/** The mode of a message; `readsFiles` when the engine can download a file before its turn. */
export function routeMessage(sender: Sender, message: Incoming, readsFiles: boolean): Route {
  // In a group, a stranger too is answered there (that they are not registered), never in their own chat.
  if (message.kind === 'group') return { kind: 'group', chatId: message.chatId, text: message.text };
  const opened = message.kind === 'opened';
  if (sender.kind === 'unknown') return reply(opened ? [] : [NOT_REGISTERED]);
  // A disabled member is answered as one and otherwise treated as unknown: nothing of theirs is stored.
  if (sender.kind === 'disabled') return reply(opened ? [] : [ACCOUNT_DISABLED]);
  const { campaign, filingOwn, unitName } = sender;
  const supervising = sender.role === 'supervisor';
  const switching = message.kind === 'text' ? memberSwitch(message.text) : undefined;
  const entering = supervising && !filingOwn && switching === 'fileOwn';
  const filing = campaign && (!supervising || filingOwn || entering);
  // A file for a report being filed, not read yet, is read first; anyone else's is answered without it.
  if (readsFiles && message.kind === 'file' && !message.read && filing) return { kind: 'readFile' };
  if (entering && !campaign) return reply([noOwnReport(unitName)]);
  // Pointing at no report: its flow is dropped, its values stay; the next 填报本单位 resumes at the first open question.
  if (filingOwn && switching === 'backToReview') return { kind: 'backToReview', replies: [BACK_TO_REVIEW] };
  if (supervising && !filingOwn && !entering && !opened) {
    if (message.kind === 'unsupported') return reply([TEXT_ONLY]);
    if (message.kind === 'file') return reply([SUPERVISOR_FILE]);
    return { kind: 'supervise', text: message.kind === 'text' ? message.text : message.key };
  }
  if (filing) return { kind: 'converse', entering };
  if (opened) return reply([]);
  return reply([sender.closedYear ? closedCampaign(sender.closedYear) : NO_CAMPAIGN]);
}

/** A message answered without touching the report or the conversation: an image, or the chat opened again soon after. */
export type Unchanged = { kind: 'unchanged'; replies: string[] };

/** What the engine loaded for the filing conversation. */
export interface Loaded {
  /** The conversation's state when it belongs to this report and this build (else it starts afresh). */
  state: ConversationState | undefined;
  ctx: TurnContext;
  /** When the conversation last changed. */
  lastTurnAt: Date;
  /** After 填报本单位: the supervisor is told which report they now file. */
  entering: boolean;
}

/** One turn of the filing conversation; `handle` is the conversation's handler (tests make it throw). */
export function converse(message: Incoming, loaded: Loaded, handle: typeof handleTurn = handleTurn): TurnResult | Unchanged {
  const { state, ctx, entering } = loaded;
  switch (message.kind) {
    case 'opened': {
      const idle = !state || ctx.now.getTime() - loaded.lastTurnAt.getTime() > RESUME_AFTER_MS;
      return idle ? handle({ kind: 'opened' }, state, ctx) : { kind: 'unchanged', replies: [] };
    }
    case 'unsupported':
    case 'group': return { kind: 'unchanged', replies: [TEXT_ONLY] };
    case 'file': return handle({ kind: 'file', fileName: message.fileName, read: message.read ?? { kind: 'refused', reason: UNREAD_FILE } }, state, ctx);
    default: {
      const result = handle(entering ? { kind: 'entered' } : message.kind === 'text' ? message.text : message.key, state, ctx);
      return entering ? { ...result, replies: [entered(ctx.unitName), ...result.replies] } : result;
    }
  }
}
