// The calendar in force: the built-in years until a year is stored, a stored year replacing the
// built-in one, the live calendar seeing a stored year on its next refresh, and a year that
// contradicts its neighbour refused with nothing stored.
import { CalendarYearRow } from '../../entities/calendar-year.ts';
import { openLiveCalendar, readWorkingCalendar, saveCalendarYear, yearsInForce } from '../../src/bot/calendar-store.ts';
import { forEachDatabase } from '../support/databases.ts';

const at = new Date('2026-12-07T02:00:00Z');

forEachDatabase('a stored year is in force from the next refresh; a built-in year can be replaced', async (t, database) => {
  const db = await database.open(t);
  t.deepEqual((await yearsInForce(db.manager)).map((y) => [y.year, y.origin]), [[2025, 'built-in'], [2026, 'built-in']]);
  const live = await openLiveCalendar(db);
  t.true(live.isWorkingDay('2027-02-08'));

  t.is(await saveCalendarYear(db, { year: 2027, festivals: [], holidays: ['2027-02-05', '2027-02-08'], workdays: ['2027-02-20'] }, '测试', at), undefined);
  t.true(live.isWorkingDay('2027-02-08'), 'unchanged until refreshed');
  const fresh = await live.refresh();
  t.false(live.isWorkingDay('2027-02-08'));
  t.true(live.isWorkingDay('2027-02-20'));
  t.is(fresh.previousWorkingDay('2027-02-09'), '2027-02-04');
  t.true(live.covers(2027));

  // 2026 replaced: 2 January is no longer a holiday, 1 January still is.
  const replaced = await saveCalendarYear(db, { year: 2026, festivals: [], holidays: ['2026-01-01'], workdays: [] }, '测试', at);
  t.is(replaced?.origin, 'built-in');
  const calendar = await readWorkingCalendar(db);
  t.true(calendar.isWorkingDay('2026-01-02'));
  t.false(calendar.isWorkingDay('2026-01-01'));
  t.deepEqual((await yearsInForce(db.manager)).map((y) => [y.year, y.origin, y.holidays.length]), [[2025, 'built-in', 28], [2026, 'stored', 1], [2027, 'stored', 2]]);
});

forEachDatabase('a year that contradicts its neighbour (a 元旦 Saturday worked, the same day off) is refused and nothing changes', async (t, database) => {
  const db = await database.open(t);
  await saveCalendarYear(db, { year: 2027, festivals: [], holidays: ['2026-12-31', '2027-01-01'], workdays: ['2026-12-26'] }, '测试', at);
  await t.throwsAsync(saveCalendarYear(db, { year: 2026, festivals: [], holidays: ['2026-12-26'], workdays: [] }, '测试', at),
    { instanceOf: RangeError, message: 'calendar: 2026-12-26 is both a holiday and a workday in 2026' });
  t.deepEqual((await db.manager.find(CalendarYearRow)).map((r) => r.year), [2027]);
});
