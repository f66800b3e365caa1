// A schedule for tests: it records each tick the code schedules (its cron expression and name)
// and runs one only when the test fires it, so no test waits for a minute to pass.
import type { Schedule } from '../../src/jobs/schedule.ts';

/** The ticks scheduled so far, by name, and a way to run one. */
export interface ManualSchedule {
  schedule: Schedule;
  /** The expression of each tick scheduled and not stopped, by name. */
  running(): Record<string, string>;
  /** Run the tick named `name` once, as its time had come; resolves when it has run. */
  fire(name: string): Promise<void>;
}

/** A schedule whose ticks run only when `fire` is called. */
export function manualSchedule(): ManualSchedule {
  const ticks = new Map<string, { expression: string; tick: () => Promise<void> }>();
  return {
    schedule(expression, tick, name) {
      if (ticks.has(name)) throw new Error(`the tick ${name} is scheduled twice`);
      ticks.set(name, { expression, tick });
      return async () => void ticks.delete(name);
    },
    running: () => Object.fromEntries([...ticks].map(([name, { expression }]) => [name, expression])),
    async fire(name) {
      const scheduled = ticks.get(name);
      if (!scheduled) throw new Error(`no tick ${name} is scheduled (scheduled: ${[...ticks.keys()].join(', ') || 'none'})`);
      await scheduled.tick();
    },
  };
}
