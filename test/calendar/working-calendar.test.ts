import test from 'ava';
import {
  builtInYears, loadCalendar, shanghaiDate, shanghaiTime, type CalendarYear,
} from '../../src/calendar/working-calendar.ts';

const calendar = loadCalendar();

/** Every date from first to last inclusive (test-local, so a bug in src/ date arithmetic shows up). */
function range(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

/** The English weekday of a date, e.g. 'Sat'. */
const weekday = (date: string): string => new Date(`${date}T00:00:00Z`).toUTCString().slice(0, 3);

// Written out from the State Council notices, not taken from the JSON, so a typo in either shows up:
// [name, first day off, last day off, the working day before, the working day after].
const blocks: Record<number, [string, string, string, string, string][]> = {
  2025: [
    ['元旦', '2025-01-01', '2025-01-01', '2024-12-31', '2025-01-02'],
    ['春节', '2025-01-28', '2025-02-04', '2025-01-27', '2025-02-05'],
    ['清明节', '2025-04-04', '2025-04-06', '2025-04-03', '2025-04-07'],
    ['劳动节', '2025-05-01', '2025-05-05', '2025-04-30', '2025-05-06'],
    ['端午节', '2025-05-31', '2025-06-02', '2025-05-30', '2025-06-03'],
    ['国庆节、中秋节', '2025-10-01', '2025-10-08', '2025-09-30', '2025-10-09'],
  ],
  2026: [
    ['元旦', '2026-01-01', '2026-01-03', '2025-12-31', '2026-01-04'],
    ['春节', '2026-02-15', '2026-02-23', '2026-02-14', '2026-02-24'],
    ['清明节', '2026-04-04', '2026-04-06', '2026-04-03', '2026-04-07'],
    ['劳动节', '2026-05-01', '2026-05-05', '2026-04-30', '2026-05-06'],
    ['端午节', '2026-06-19', '2026-06-21', '2026-06-18', '2026-06-22'],
    ['中秋节', '2026-09-25', '2026-09-27', '2026-09-24', '2026-09-28'],
    ['国庆节', '2026-10-01', '2026-10-07', '2026-09-30', '2026-10-08'],
  ],
};
const adjustedWorkdays: Record<number, string[]> = {
  2025: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  2026: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

for (const year of [2025, 2026]) {
  for (const [name, first, last, before, after] of blocks[year]) {
    test(`${year} ${name}: ${first}–${last} are days off, ${before} and ${after} the working days around them`, (t) => {
      t.deepEqual(range(first, last).filter((d) => calendar.isWorkingDay(d)), []);
      t.deepEqual([before, after].map((d) => calendar.isWorkingDay(d)), [true, true]);
      t.is(calendar.previousWorkingDay(first), before);
      t.is(calendar.nextWorkingDay(last), after);
      t.is(calendar.nextWorkingDay(before), after);
      t.is(calendar.previousWorkingDay(after), before);
    });
  }

  test(`${year}: every 调休 day is a Saturday or Sunday and a working day`, (t) => {
    t.deepEqual(adjustedWorkdays[year].filter((d) => !['Sat', 'Sun'].includes(weekday(d))), []);
    t.deepEqual(adjustedWorkdays[year].filter((d) => !calendar.isWorkingDay(d)), []);
  });

  test(`${year}: the JSON lists exactly the days of the notice's blocks and its 调休 days`, (t) => {
    const data = builtInYears.find((y) => y.year === year);
    t.deepEqual(data?.holidays, blocks[year].flatMap(([, first, last]) => range(first, last)));
    t.deepEqual(data?.workdays, adjustedWorkdays[year]);
    t.true(data?.source.startsWith(`国务院办公厅关于${year}年部分节假日安排的通知`));
    t.regex(data?.source ?? '', /https?:\/\/\S+/);
  });
}

test('outside the holidays, weekdays work and weekends are off', (t) => {
  t.deepEqual(['2026-01-19', '2026-01-23', '2026-01-24', '2026-01-25', '2026-01-26'].map((d) => calendar.isWorkingDay(d)),
    [true, true, false, false, true]);
});

test('a year without data follows the weekday rule: Saturday and Sunday off, 1 January 2027 (a Friday) worked', (t) => {
  t.false(calendar.covers(2027));
  t.deepEqual(['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'].map((d) => calendar.isWorkingDay(d)), [true, false, false, true]);
  t.is(calendar.nextWorkingDay('2027-01-01'), '2027-01-04');
});

test('next and previous working day jump the Spring Festival of 2025 and land on its 调休 Sunday and Saturday', (t) => {
  t.is(calendar.nextWorkingDay('2025-01-24'), '2025-01-26');
  t.is(calendar.nextWorkingDay('2025-01-27'), '2025-02-05');
  t.is(calendar.previousWorkingDay('2025-02-05'), '2025-01-27');
  t.is(calendar.previousWorkingDay('2025-02-01'), '2025-01-27');
  t.is(calendar.previousWorkingDay('2025-02-10'), '2025-02-08');
  t.is(calendar.nextWorkingDay('2025-02-07'), '2025-02-08');
});

test('next and previous working day jump the Spring Festival of 2026, whose only working day before is Saturday 14 February', (t) => {
  t.is(calendar.nextWorkingDay('2026-02-13'), '2026-02-14');
  t.is(calendar.nextWorkingDay('2026-02-14'), '2026-02-24');
  t.is(calendar.previousWorkingDay('2026-02-24'), '2026-02-14');
  t.is(calendar.previousWorkingDay('2026-02-18'), '2026-02-14');
  t.is(calendar.nextWorkingDay('2026-02-27'), '2026-02-28');
  t.is(calendar.nextWorkingDay('2026-02-28'), '2026-03-02');
});

test('next and previous working day jump National Day 2025 (eight days with 中秋) and 2026', (t) => {
  t.is(calendar.nextWorkingDay('2025-09-26'), '2025-09-28');
  t.is(calendar.nextWorkingDay('2025-09-30'), '2025-10-09');
  t.is(calendar.previousWorkingDay('2025-10-09'), '2025-09-30');
  t.is(calendar.nextWorkingDay('2025-10-10'), '2025-10-11');
  t.is(calendar.nextWorkingDay('2026-09-30'), '2026-10-08');
  t.is(calendar.previousWorkingDay('2026-10-08'), '2026-09-30');
  t.is(calendar.previousWorkingDay('2026-10-01'), '2026-09-30');
  t.is(calendar.nextWorkingDay('2026-10-09'), '2026-10-10');
  t.is(calendar.nextWorkingDay('2026-10-10'), '2026-10-12');
});

test('next and previous working day cross the new year of 2026, whose first working day is Sunday 4 January', (t) => {
  t.is(calendar.nextWorkingDay('2025-12-31'), '2026-01-04');
  t.is(calendar.previousWorkingDay('2026-01-04'), '2025-12-31');
  t.is(calendar.previousWorkingDay('2026-01-05'), '2026-01-04');
});

test('a date that is not YYYY-MM-DD or does not exist is refused', (t) => {
  t.throws(() => calendar.isWorkingDay('2026-02-30'), { instanceOf: RangeError, message: 'calendar: "2026-02-30" is not a date YYYY-MM-DD' });
  t.throws(() => calendar.isWorkingDay('2026-1-5'), { instanceOf: RangeError, message: 'calendar: "2026-1-5" is not a date YYYY-MM-DD' });
  t.throws(() => calendar.nextWorkingDay('20260105'), { instanceOf: RangeError });
});

test('covers says which years have a notice', (t) => {
  t.deepEqual([2024, 2025, 2026, 2027].map((y) => calendar.covers(y)), [false, true, true, false]);
});

test('loadCalendar refuses data that cannot be a notice, naming the date', (t) => {
  const year = (over: Partial<CalendarYear>): CalendarYear => ({ year: 2030, source: 'test', holidays: [], workdays: [], ...over });
  t.throws(() => loadCalendar([year({}), year({})]), { instanceOf: RangeError, message: 'calendar: the year 2030 is given twice' });
  t.throws(() => loadCalendar([year({ workdays: ['2030-01-07'] })]),
    { instanceOf: RangeError, message: 'calendar: 2030-01-07 in workdays of 2030 is not a Saturday or Sunday' });
  t.throws(() => loadCalendar([year({ holidays: ['2029-11-30'] })]),
    { instanceOf: RangeError, message: 'calendar: 2029-11-30 in holidays of 2030 is in another year' });
  // 元旦 may begin in the December before: accepted.
  t.false(loadCalendar([year({ holidays: ['2029-12-31'] })]).isWorkingDay('2029-12-31'));
  t.throws(() => loadCalendar([year({ holidays: ['2030-01-05'], workdays: ['2030-01-05'] })]),
    { instanceOf: RangeError, message: 'calendar: 2030-01-05 is both a holiday and a workday in 2030' });
  t.throws(() => loadCalendar([year({ holidays: ['2030-02-29'] })]), { instanceOf: RangeError, message: 'calendar: "2030-02-29" is not a date YYYY-MM-DD' });
});

test('shanghaiDate gives the Shanghai date of instants near midnight UTC and near Shanghai midnight', (t) => {
  t.deepEqual([
    '2026-01-19T16:30:00Z', '2026-01-19T15:59:59.999Z', '2026-01-19T16:00:00Z', '2026-01-20T00:00:00Z',
    '2026-01-20T15:59:59Z', '2025-12-31T16:00:00Z', '2026-02-28T23:59:00Z',
  ].map((iso) => shanghaiDate(new Date(iso))), [
    '2026-01-20', '2026-01-19', '2026-01-20', '2026-01-20', '2026-01-20', '2026-01-01', '2026-03-01',
  ]);
  t.throws(() => shanghaiDate(new Date('nonsense')), { instanceOf: RangeError, message: 'shanghaiDate: invalid Date' });
});

test('shanghaiTime gives the instant of a Shanghai wall-clock time, eight hours ahead of UTC', (t) => {
  t.is(shanghaiTime('2026-01-20', '00:30').toISOString(), '2026-01-19T16:30:00.000Z');
  t.is(shanghaiTime('2026-01-20', '09:00').toISOString(), '2026-01-20T01:00:00.000Z');
  t.is(shanghaiTime('2026-01-01', '07:59').toISOString(), '2025-12-31T23:59:00.000Z');
  t.is(shanghaiTime('2026-07-01', '23:59').toISOString(), '2026-07-01T15:59:00.000Z');
  t.is(shanghaiDate(shanghaiTime('2026-01-01', '00:00')), '2026-01-01');
  t.throws(() => shanghaiTime('2026-01-20', '9:00'), { instanceOf: RangeError, message: 'shanghaiTime: "9:00" is not a time HH:MM' });
  t.throws(() => shanghaiTime('2026-01-20', '24:00'), { instanceOf: RangeError, message: 'shanghaiTime: "24:00" is not a time HH:MM' });
});

test('the machine time zone does not change Shanghai dates or times', (t) => {
  const saved = process.env.TZ;
  t.teardown(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
    process.env.TZ = tz;
    t.is(shanghaiDate(new Date('2026-01-19T16:30:00Z')), '2026-01-20', tz);
    t.is(shanghaiTime('2026-03-08', '09:00').toISOString(), '2026-03-08T01:00:00.000Z', tz);
    t.is(calendar.nextWorkingDay('2026-03-07'), '2026-03-09', tz);
  }
});
