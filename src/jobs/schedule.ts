// When the scheduler's ticks run: node-cron in Asia/Shanghai unless another schedule is given
// (tests pass one that records the tick and fire it by hand).
import cron from 'node-cron';

/** Stops a scheduled tick; resolves when it is stopped. */
export type StopTick = () => Promise<void>;

/**
 * Run `tick` at the times `expression` names (node-cron, with seconds, Asia/Shanghai); `name` is
 * for the operator. A tick still running when the next is due makes that one skip.
 */
export type Schedule = (expression: string, tick: () => Promise<void>, name: string) => StopTick;

/** The production schedule: node-cron, Asia/Shanghai, no overlapping ticks. */
export const cronSchedule: Schedule = (expression, tick, name) => {
  const task = cron.schedule(expression, tick, { name, timezone: 'Asia/Shanghai', noOverlap: true });
  return async () => {
    await task.destroy();
  };
};
