// The scheduler's periodic tick (node-cron, Asia/Shanghai): send what is due in the outbox
// (retries, messages of a process that died) and handle journaled messages nobody handled.
import type { Dispatcher } from '../bot/dispatcher.ts';
import type { Engine } from '../bot/engine.ts';
import { cronSchedule, type Schedule, type StopTick } from './schedule.ts';

/**
 * Messages journaled longer ago than this and still waiting belong to a process that died (a live
 * one starts a turn within milliseconds; if it is merely slow, both running the user's turns is
 * safe: each takes the oldest waiting message under the conversation's lock). With the tick every
 * 5 s, a dead process's members are answered within 10 s.
 */
const ORPHANED_AFTER_MS = 5000;

/** One tick: recover orphaned messages, then sweep the outbox. */
export async function runOutboxTick(engine: Engine, dispatcher: Dispatcher | undefined, now: () => Date): Promise<void> {
  await engine.recover(new Date(now().getTime() - ORPHANED_AFTER_MS));
  await dispatcher?.sweep();
}

/** Schedule the tick every 5 seconds; a tick still running makes the next one skip. */
export function scheduleOutboxTick(engine: Engine, dispatcher: Dispatcher | undefined, now: () => Date, log: (line: string) => void, schedule: Schedule = cronSchedule): StopTick {
  return schedule('*/5 * * * * *', async () => {
    try {
      await runOutboxTick(engine, dispatcher, now);
    } catch (error) {
      log(`outbox tick failed; the next tick retries: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, 'outbox');
}
