// A web process's calendar refresh: where no reminder tick reads the working calendar again each
// minute, the engine's copy is refreshed on its own, so a `calendar set` needs no restart.
import type { LiveCalendar } from '../bot/calendar-store.ts';
import { cronSchedule, type Schedule, type StopTick } from './schedule.ts';

/** Refresh the calendar every minute in a process without the reminder tick (a web process), so its engine sees a `calendar set` too. */
export function scheduleCalendarRefresh(live: LiveCalendar, log: (line: string) => void, schedule: Schedule = cronSchedule): StopTick {
  return schedule('30 * * * * *', async () => {
    try {
      await live.refresh();
    } catch (error) {
      log(`calendar refresh failed; the next minute retries: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, 'calendar');
}
