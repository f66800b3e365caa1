// The engine: messages in, replies out. A message is first journaled (its dedupe key claimed),
// then handled in a turn of its own transaction — lock the user's conversation, take their oldest
// waiting message, let the handlers choose its mode (handlers/route.ts), load what that mode needs
// and run it, write the report's changes, the state, the replies and the outbox — so a reply is only ever sent for what is committed, a redelivery is answered from the
// record, and a user's messages are handled in arrival order, also across processes sharing MySQL.
import type { DataSource, EntityManager } from 'typeorm';
import { handleTurn } from '../../handlers/index.ts';
import { converse, routeMessage, type Incoming, type Route, type Sender } from '../../handlers/route.ts';
import { STATE_VERSION, type Choice, type ConversationState, type TurnContext } from '../../handlers/turn.ts';
import { workingDays } from '../../handlers/standing.ts';
import { AppError, describeError } from '../app-error.ts';
import { finishMessage, journalMessage, nextReceived, outcomeOf, postponeMessage, usersWaitingSince, type InboundContent, type Received } from './journal.ts';
import { createCoalescer } from './coalesce.ts';
import { enqueue, textMessages, type Outgoing } from './outbox.ts';
import type { DocumentRequest } from './outbox-payloads.ts';
import type { Claimed, Dispatcher } from './dispatcher.ts';
import { notifySubmitted, snooze, supervisorTurn } from './supervision.ts';
import { groupTurn } from './aibot-groups.ts';
import { readWaitingFile, type FileReader } from './file-intake.ts';
import { saveImportedIn } from './store-report.ts';
import { loadCalendar, shanghaiDate, type WorkingCalendar } from '../calendar/working-calendar.ts';
import { lastWorkingDayIfOff, type QuietWindow } from '../calendar/reminder-dates.ts';
import { QueryFailedError } from 'typeorm';
import { hasRowLocks, inStatement, inTransaction, readDatetime, retrying } from './sql.ts';
import { saveContact } from './unit-contact.ts';
import { returnReasonOf } from './review.ts';
import { draftFor, findWriter, lockConversation, saveConversation, saveDraft, type ConversationRow, type Writer } from './store.ts';
import { cardKey, cardUpdateKey, delayedKey, fileKey, replyKey } from '../message-keys.ts';

// The console prints replies; a file has to be made on the command line.
const CONSOLE_FILES = '（终端模式下不发送文件，上面所说的文件不会发来。Word 文件可用 nianbao render --unit 单位名称 --docx 文件名.docx 生成；Excel 汇总表可用 nianbao export --campaign 编号 --xlsx 文件名.xlsx 生成。）';

/** A text message from a user, with the key that identifies it across redeliveries. */
export interface Inbound {
  key: string;
  userId: string;
  text: string;
  receivedAt: Date;
}

/** A message from a channel whose replies go out through the outbox. */
export interface ChannelInbound {
  key: string;
  userId: string;
  /** The outbox channel of the replies (`wecom`), or `console` for replies returned to the caller. */
  channel: string;
  content: InboundContent;
  receivedAt: Date;
}

/** What became of a message: answered now, answered before (a redelivery), or not handled (nothing saved; it may be sent again). */
export type TurnOutcome = { kind: 'replied' | 'duplicate' | 'failed'; replies: string[] };

/** The conversation engine over one database. */
export interface Engine {
  /** Journal a message; false when it is a redelivery. Committed when it resolves: the platform may be answered. */
  accept(inbound: ChannelInbound): Promise<boolean>;
  /** Handle the user's waiting messages, oldest first, until none is left. */
  drain(userId: string): Promise<void>;
  /** accept and drain a text message, then its replies (the console, the tests). */
  handle(inbound: Inbound): Promise<TurnOutcome>;
  /** Handle messages journaled before `before` and still waiting (their process died); the number of users drained. */
  recover(before: Date): Promise<number>;
  /** Resolves when no drain is running in this process (tests, shutdown). */
  idle(): Promise<void>;
  /** For /healthz: the turns of this process whose handler threw (HANDLER_FAILED) since it started. */
  status(): { handlerFailures: number };
}

/** What the engine is given besides the database. */
export interface EngineOptions {
  now?: () => Date;
  /** For operators; never receives message text. */
  log?: (error: AppError) => void;
  /** The outbox dispatcher: a turn claims its replies in its transaction and hands them over once it commits. */
  dispatcher?: Pick<Dispatcher, 'claim' | 'deliver'>;
  /** The working calendar (明天再提醒我 means the next working day). */
  calendar?: WorkingCalendar;
  /** When messages may go out (NIANBAO_SEND_HOURS): a supervisor's 催办 outside them waits for the next allowed minute. */
  sendHours?: QuietWindow;
  /** The outbox channels this service sends on (a 催办 says who cannot be reached); all when absent. */
  channels?: readonly string[];
  /** Downloads and reads a file a user sent, before its turn and outside it (file-intake.ts); without it a file is answered as unreadable. */
  readFile?: FileReader;
  /** Tests: runs in each turn's transaction before the turn, to make it fail (throw) on purpose. */
  beforeTurn?: (m: EntityManager, userId: string) => void | Promise<void>;
  /** Tests: the conversation's handler (handleTurn), to make it throw on purpose. */
  handle?: typeof handleTurn;
}

const failed = '抱歉，系统暂时无法处理这条消息，请稍后再发送一次。您已填写的内容不会丢失。';
// A message kept after a failed turn: the scheduler runs it again (said once per message).
const delayed = '消息已收到，系统正忙，稍后会自动处理，无需重新发送。';
// A message whose handling fails every time: set aside for the operator.
const setAside = '抱歉，这条消息没能处理，已记录并转交管理员排查。您已填写的内容不会丢失；可以换一种说法再试，或回复“帮助”。';

// A message whose turn failed is tried again after 5 s, doubling up to 5 minutes; one whose
// handler threw this many times (a bug, not a busy database) is set aside.
const SET_ASIDE_AFTER = 3;
const retryDelayMs = (attempts: number) => Math.min(5000 * 2 ** (attempts - 1), 300_000);

/**
 * Whether a failed turn would fail again however often it ran: the handler threw (an AppError, a
 * bug in our code). A database's failure (a deadlock, a lost connection, a timeout) passes.
 */
function failsEveryTime(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    if (current instanceof QueryFailedError) return false;
    // A driver's or the network's error: mysql2's carry an errno or a code such as ECONNRESET.
    const { code, errno } = current as { code?: unknown; errno?: unknown };
    if (!(current instanceof AppError) && (typeof errno === 'number' || typeof code === 'string')) return false;
  }
  return error instanceof AppError || error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError;
}

/** A member's turn: the transaction, the message, and the member with their conversation locked. */
interface MemberTurn {
  m: EntityManager;
  message: Received;
  /** The message's content. */
  content: Incoming;
  userId: string;
  writer: Writer;
  conversation: ConversationRow;
  at: Date;
}

/** What a turn says and stores besides the message's own record. */
interface Said {
  replies: string[];
  choice?: Choice;
  /** Messages to others (a supervisor's 催办, the notice of a submitted report). */
  others: Outgoing[];
  documents: DocumentRequest[];
}

/** Who sent a message, for the handlers that choose its mode. */
function senderOf(member: Writer | undefined, conversation: ConversationRow | undefined): Sender {
  if (!member) return { kind: 'unknown' };
  // A disabled member's conversation is not locked (nothing of theirs is stored).
  if (member.disabled || !conversation) return { kind: 'disabled' };
  const role = member.role === 'filer' ? 'filer' : 'supervisor';
  // When a supervising unit files a report too (the county government's), 填报本单位 points the conversation at it.
  const filingOwn = role === 'supervisor' && member.campaign !== undefined && conversation.reportId !== null;
  return { kind: 'member', role, unitName: member.unitName, campaign: member.campaign !== undefined, ...(member.closedYear !== undefined && { closedYear: member.closedYear }), filingOwn };
}

/** Create the engine. */
export function createEngine(db: DataSource, options: EngineOptions = {}): Engine {
  const { now = () => new Date(), log = (e) => console.error(describeError(e)), dispatcher, calendar = loadCalendar(), sendHours, channels, beforeTurn, readFile, handle = handleTurn } = options;
  const rowLocks = hasRowLocks(db);
  // In this process, a user's messages are journaled in the order they arrive, and one drain per user runs at a time.
  const journaling = new Map<string, Promise<unknown>>();
  const draining = createCoalescer();
  // Replies of the turns this process ran, for handle() to return without reading them back.
  const answered = new Map<string, TurnOutcome>();
  let handlerFailures = 0;

  function inOrder<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const run = (journaling.get(userId) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    journaling.set(userId, settled);
    void settled.then(() => journaling.get(userId) === settled && journaling.delete(userId));
    return run;
  }

  /** One turn: the user's oldest waiting message; 'more' when another is waiting behind it, the outbox channel written to and what of it was claimed, and others written to as `channel\u0000recipient`. */
  async function turn(m: EntityManager, userId: string): Promise<{ next: 'empty' | 'more' | 'done' | 'file'; queued?: string; claimed?: Claimed; others?: string[] }> {
    const at = now();
    const member = await findWriter(m, userId);
    const writer = member?.disabled ? undefined : member;
    const conversation = writer && (await lockConversation(m, writer.memberId, rowLocks, at));
    const waiting = await nextReceived(m, userId, rowLocks);
    if (!waiting.length) return { next: 'empty' };
    const [message] = waiting;
    const { content } = message;
    const route = routeMessage(senderOf(member, conversation), content, readFile !== undefined);
    if (route.kind === 'readFile') return { next: 'file' };
    let said: Said;
    if (route.kind === 'reply') said = { replies: route.replies, others: [], documents: [] };
    else if (route.kind === 'group') {
      // The asker's turn, its replies addressed to the group (in `others`), nothing to their own chat.
      const turned = await groupTurn(m, member, route.chatId, route.text, userId, message.key, at, message.channel, { calendar, ...(sendHours && { hours: sendHours }), ...(channels && { channels }) });
      said = { replies: turned.replies, others: turned.outgoing, documents: [] };
    }
    // Only a member (writer, with their conversation locked above) is routed to a mode of their own.
    else said = await run(route, { m, message, content, userId, writer: writer!, conversation: conversation!, at });
    let { replies } = said;
    const { choice, others, documents } = said;
    // Without a conversation to lock (an unknown user), the conditional update decides who handled it.
    if (!(await finishMessage(m, message.id, 'done', replies))) return { next: 'more' };
    const queued = message.channel !== 'console' && message.content.kind !== 'group' ? message.channel : undefined;
    // The console cannot carry a file: it says how to make one instead.
    if (!queued && documents.length) replies = [...replies, CONSOLE_FILES];
    const own = queued ? [...outgoing(message, userId, replies, choice, at), ...documents.map((file, i) => ({ idempotencyKey: fileKey(message.key, i), channel: queued, recipient: userId, ...file }))] : [];
    if (own.length) await enqueue(m, own, at);
    if (others.length) await enqueue(m, others, at);
    const claimed = own.length ? await dispatcher?.claim(m, queued!, userId) : undefined;
    answered.set(message.key, { kind: 'replied', replies });
    return { next: waiting.length > 1 ? 'more' : 'done', queued: own.length ? queued : undefined, claimed, others: others.map((o) => `${o.channel}\u0000${o.recipient}`) };
  }

  /** A member's mode, as the handlers chose it: leave their own unit's report, review, or file. */
  async function run(route: Exclude<Route, { kind: 'reply' | 'readFile' | 'group' }>, t: MemberTurn): Promise<Said> {
    const { m, message, writer, conversation, at } = t;
    switch (route.kind) {
      case 'backToReview':
        await saveConversation(m, conversation, null, null, at);
        return { replies: route.replies, others: [], documents: [] };
      case 'supervise': {
        const { replies, outgoing, documents } = await supervisorTurn(m, writer, route.text, message.key, at, { calendar, ...(sendHours && { hours: sendHours }), ...(channels && { channels }) });
        return { replies, others: outgoing, documents };
      }
      case 'converse':
        return file(route.entering, t);
    }
  }

  /** The filing conversation: load the report, the state and the contact, run the handler, save what it changed and do what it asks. */
  async function file(entering: boolean, { m, message, content, userId, writer, conversation, at }: MemberTurn): Promise<Said> {
    const campaign = writer.campaign!;
    const { record, draft, previous, previousStatus, contact } = await draftFor(m, writer, campaign, rowLocks);
    const stored = JSON.parse(conversation.state) as ConversationState | null;
    const state = stored?.version === STATE_VERSION && Number(conversation.reportId) === Number(record.id) ? stored : undefined;
    const returnReason = draft.status === 'returned' ? await returnReasonOf(m, Number(record.id)) : undefined;
    const lastWorkingDay = lastWorkingDayIfOff(campaign.deadline, calendar);
    const daysLate = () => workingDays(calendar).after(campaign.deadline, shanghaiDate(at));
    const ctx: TurnContext = { unitName: writer.unitName, draft, previous, now: at, deadline: campaign.deadline, ...(lastWorkingDay && { lastWorkingDay }), daysLate, previousFiled: previousStatus !== undefined && previousStatus !== 'imported', ...(contact && { contact }), ...(returnReason && { returnReason }) };
    const result = converse(content, { state, ctx, lastTurnAt: readDatetime(conversation.updatedAt), entering }, handle);
    const said: Said = { replies: result.replies, others: [], documents: [] };
    if (result.kind === 'unchanged') return said;
    // The user gets the apology; the operator gets the code, the message's key and the member, never the text.
    if (result.failure !== undefined) {
      handlerFailures++;
      log(new AppError('HANDLER_FAILED', `the handler failed on message ${message.key} of member ${writer.memberId}`, { cause: result.failure }));
    }
    if (result.choice) said.choice = result.choice;
    await saveDraft(m, record, draft, result.draft, { memberId: writer.memberId, messageKey: message.key, at });
    await saveConversation(m, conversation, record.id, result.state, at);
    if (result.draft.status === 'submitted' && draft.status !== 'submitted') said.others = await notifySubmitted(m, writer, message.key, draft.status === 'returned');
    const actions = result.actions ?? [];
    if (actions.some((a) => a.kind === 'snooze')) await snooze(m, writer, userId, at, calendar);
    for (const action of actions) {
      if (action.kind === 'contact') await saveContact(m, writer.unitId, action.contact, at);
      if (action.kind !== 'previousReport') continue;
      // The handler checked unit, year and that last year's report was not filed here; the store refuses a filed one again, under the turn's locks.
      const saved = await saveImportedIn(m, writer.unitId, writer.unitName, { ...action.report, unit: writer.unitName });
      if (saved.kind !== 'saved') throw new AppError('TURN_FAILED', `last year's report sent by member ${writer.memberId} was refused by the store: ${saved.kind}`);
    }
    if (actions.some((a) => a.kind === 'document')) said.documents.push({ kind: 'report-file', payload: { reportId: Number(record.id), signedOn: shanghaiDate(at) } });
    return said;
  }

  /** What a turn sends on a channel: the tapped card greyed out, the replies, and buttons for the question. */
  function outgoing(message: Received, userId: string, replies: string[], choice: Choice | undefined, at: Date): Outgoing[] {
    const base = { channel: message.channel, recipient: userId };
    const out: Outgoing[] = [];
    const { content } = message;
    if (content.kind === 'button' && content.responseCode) {
      // A response_code updates the card once (https://developer.work.weixin.qq.com/document/path/94888).
      out.push({ ...base, idempotencyKey: cardUpdateKey(message.key), kind: 'card-update', payload: { responseCode: content.responseCode, replaceName: `已选择「${content.key}」` } });
    }
    out.push(...replies.flatMap((text, i) => textMessages(replyKey(message.key, i), message.channel, userId, text)));
    if (choice && replies.length) {
      const taskId = `nb-${message.id}-${at.getTime().toString(36)}`;
      out.push({ ...base, idempotencyKey: cardKey(message.key), kind: 'card', payload: { taskId, ...choice } });
    }
    return out;
  }

  /**
   * A turn with retries; 'failed' when it could not run. Nothing of it is stored then, and the
   * message keeps waiting in the journal: the scheduler runs it again after a backoff (the user
   * told once that it is coming). Only a message whose handling fails every time is set aside.
   */
  async function turnWithRetries(userId: string, journal?: (m: EntityManager) => Promise<boolean>): Promise<Awaited<ReturnType<typeof turn>> | { next: 'failed' | 'duplicate' }> {
    try {
      return await retrying(() => inTransaction(db, async (m) => {
        if (journal && !(await journal(m))) return { next: 'duplicate' as const };
        await beforeTurn?.(m, userId);
        return turn(m, userId);
      }));
    } catch (error) {
      log(new AppError('TURN_FAILED', `a turn of ${userId} failed after its retries; its message waits to be retried`, { cause: error }));
      await giveUp(userId, failsEveryTime(error)).catch((cause: unknown) => log(new AppError('TURN_FAILED', `the failed turn of ${userId} could not be recorded; recovery retries it`, { cause })));
      return { next: 'failed' };
    }
  }

  /** After a failed turn: put the user's waiting message off (told once), or set it aside when it failed every time. */
  async function giveUp(userId: string, deterministic: boolean): Promise<void> {
    const at = now();
    const queued = await inTransaction(db, async (m) => {
      const [message] = await nextReceived(m, userId, rowLocks);
      if (!message) return undefined;
      const attempts = await postponeMessage(m, message.id, (n) => new Date(at.getTime() + retryDelayMs(n)));
      let reply: Outgoing | undefined;
      if (deterministic && attempts >= SET_ASIDE_AFTER) {
        if (!(await finishMessage(m, message.id, 'failed', [setAside]))) return undefined;
        log(new AppError('TURN_SET_ASIDE', `message ${message.key} of ${userId} was set aside: its turn failed ${attempts} times in the handler`));
        answered.set(message.key, { kind: 'failed', replies: [setAside] });
        reply = { idempotencyKey: replyKey(message.key, 0), channel: message.channel, recipient: userId, kind: 'text', payload: { text: setAside } };
      } else if (attempts === 1) {
        reply = { idempotencyKey: delayedKey(message.key), channel: message.channel, recipient: userId, kind: 'text', payload: { text: delayed } };
      }
      if (!reply || message.channel === 'console') return undefined;
      await enqueue(m, [reply], at);
      return message.channel;
    });
    if (queued) void dispatcher?.deliver(queued, userId);
  }

  /** Once a turn committed: start sending its replies (what it claimed) and what it wrote to others (`channel\u0000recipient`, each once). */
  function delivered(result: Awaited<ReturnType<typeof turnWithRetries>>, userId: string): void {
    if ('queued' in result && result.queued) void dispatcher?.deliver(result.queued, userId, result.claimed);
    for (const other of new Set('others' in result ? result.others : [])) {
      const [channel, recipient] = other.split('\u0000');
      void dispatcher?.deliver(channel, recipient);
    }
  }

  function drain(userId: string): Promise<void> {
    return draining.run(userId, async () => {
      for (;;) {
        const result = await turnWithRetries(userId);
        delivered(result, userId);
        if (result.next === 'file') {
          // When what was read could not be journaled (the database failed), the message waits for the recovery tick.
          const read = await readWaitingFile(db, userId, readFile).then(() => true, (cause: unknown) => (log(new AppError('TURN_FAILED', `a file of ${userId} could not be read before its turn`, { cause })), false));
          if (read) continue;
        }
        if (result.next !== 'more') break;
      }
    });
  }

  async function accept(inbound: ChannelInbound): Promise<boolean> {
    return inOrder(inbound.userId, () => inStatement(db, (m) => journalMessage(m, inbound)));
  }

  return {
    accept,
    drain,
    async handle(inbound) {
      try {
        const message: ChannelInbound = { key: inbound.key, userId: inbound.userId, channel: 'console', content: { kind: 'text', text: inbound.text }, receivedAt: inbound.receivedAt };
        // The caller waits for the reply: journal and turn in one transaction, one commit. (A
        // channel that answers its platform before the turn journals first: accept.)
        const first = await inOrder(inbound.userId, () => turnWithRetries(inbound.userId, (m) => journalMessage(m, message)));
        delivered(first, inbound.userId);
        const fresh = first.next !== 'duplicate' && first.next !== 'failed';
        if (first.next === 'failed' && !answered.has(inbound.key)) return { kind: 'failed', replies: [failed] };
        if (first.next !== 'done') await drain(inbound.userId);
        const mine = answered.get(inbound.key);
        answered.delete(inbound.key);
        if (mine) return fresh ? mine : { ...mine, kind: mine.kind === 'failed' ? 'failed' : 'duplicate' };
        const stored = await inStatement(db, (m) => outcomeOf(m, inbound.key));
        if (!stored || stored.status === 'received') return { kind: 'failed', replies: [failed] };
        return { kind: stored.status === 'failed' ? 'failed' : fresh ? 'replied' : 'duplicate', replies: stored.replies };
      } catch (error) {
        log(new AppError('TURN_FAILED', `message ${inbound.key} could not be journaled`, { cause: error }));
        return { kind: 'failed', replies: [failed] };
      }
    },
    idle: () => draining.idle(),
    status: () => ({ handlerFailures }),
    async recover(before) {
      const users = await inStatement(db, (m) => usersWaitingSince(m, before, now()));
      for (const userId of users) await drain(userId);
      return users.length;
    },
  };
}
