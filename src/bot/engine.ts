// The engine: one user message in, the replies out. Each turn runs in one transaction — claim
// the message's dedupe key, lock the user's conversation, run the handler, write the report's
// changes, the state and the replies — so a reply is only ever sent for what is committed, a
// redelivered message is answered from the record, and two messages of one user never
// interleave, also across processes sharing MySQL.
import type { DataSource, EntityManager } from 'typeorm';
import { handleTurn } from '../../handlers/index.ts';
import { STATE_VERSION, type ConversationState } from '../../handlers/turn.ts';
import { AppError } from '../app-error.ts';
import { driverCode } from '../db/query-errors.ts';
import { claimMessage, draftFor, findWriter, finishMessage, lockConversation, saveConversation, saveDraft } from './store.ts';

/** A message from a user, with the key that identifies it across redeliveries. */
export interface Inbound {
  key: string;
  userId: string;
  text: string;
  receivedAt: Date;
}

/** What became of a message: answered now, answered before (a redelivery), or not handled (nothing saved; it may be sent again). */
export type TurnOutcome = { kind: 'replied' | 'duplicate' | 'failed'; replies: string[] };

/** The conversation engine over one database. */
export interface Engine {
  handle(inbound: Inbound): Promise<TurnOutcome>;
}

const notRegistered = '您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。';
const failed = '抱歉，系统暂时无法处理这条消息，请稍后再发送一次。您已填写的内容不会丢失。';
const noCampaign = '您好，目前没有需要您单位填报的政府信息公开工作年度报告。如有疑问，请联系上级政务公开办。';

// MySQL: deadlock, lock wait timeout, and a duplicate key from a concurrent first insert.
const retryable = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_DUP_ENTRY', 'SQLITE_BUSY']);
const attempts = 5;

/** Create the engine; `now` is injected so tests and simulations control time; `log` is for operators. */
export function createEngine(db: DataSource, now: () => Date = () => new Date(), log: (error: AppError) => void = (e) => console.error(e)): Engine {
  const rowLocks = db.options.type === 'mysql' || db.options.type === 'mariadb';
  // Turns of one user run one after another in this process (across processes, the row lock).
  const queues = new Map<string, Promise<unknown>>();

  function serialise<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const run = (queues.get(userId) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    queues.set(userId, settled);
    void settled.then(() => queues.get(userId) === settled && queues.delete(userId));
    return run;
  }

  async function turn(m: EntityManager, inbound: Inbound): Promise<TurnOutcome> {
    const earlier = await claimMessage(m, inbound.key, inbound.userId, inbound.receivedAt);
    if (earlier) return { kind: 'duplicate', replies: earlier.replies };
    const answer = async (replies: string[]): Promise<TurnOutcome> => {
      await finishMessage(m, inbound.key, replies);
      return { kind: 'replied', replies };
    };
    const writer = await findWriter(m, inbound.userId);
    if (!writer) return answer([notRegistered]);
    const { campaign } = writer;
    if (!campaign) return answer([noCampaign]);

    const conversation = await lockConversation(m, writer.memberId, rowLocks);
    const { record, draft, previous } = await draftFor(m, writer, campaign);
    const stored = JSON.parse(conversation.state) as ConversationState | null;
    const state = stored?.version === STATE_VERSION && Number(conversation.reportId) === Number(record.id) ? stored : undefined;

    const at = now();
    const result = handleTurn(inbound.text, state, { unitName: writer.unitName, draft, previous, now: at });
    await saveDraft(m, record, draft, result.draft, { memberId: writer.memberId, messageKey: inbound.key, at });
    await saveConversation(m, conversation, record.id, result.state, at);
    return answer(result.replies);
  }

  return {
    handle(inbound) {
      return serialise(inbound.userId, async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            // READ COMMITTED: no gap locks, so first turns of new users (inserting their
            // conversation and report rows) do not deadlock each other; the row lock and the
            // unique keys are what keep turns apart.
            return await (rowLocks ? db.transaction('READ COMMITTED', (m) => turn(m, inbound)) : db.transaction((m) => turn(m, inbound)));
          } catch (error) {
            const code = driverCode(error);
            if (attempt < attempts && code && retryable.has(code)) {
              await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
              continue;
            }
            // Rolled back: nothing of this turn is stored, so the message can simply be sent again.
            log(new AppError('TURN_FAILED', `turn ${inbound.key} failed after ${attempt} attempt(s)`, { cause: error }));
            return { kind: 'failed', replies: [failed] };
          }
        }
      });
    },
  };
}
