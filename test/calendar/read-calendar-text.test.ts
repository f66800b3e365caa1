// The notice reader against the State Council's own notices for 2024, 2025 and 2026 (copied from
// their publication by Xinhua; 2026 with the half-width punctuation of web copies): 2025 and
// 2026 must give exactly the built-in data, an independent check of both; 2024 the days read by
// hand from its notice. Then the date list, and every kind of mistake, each naming its line.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { readCalendarText, type CalendarReading } from '../../src/calendar/read-calendar-text.ts';
import { builtInYears } from '../../src/calendar/working-calendar.ts';

const notice = (year: number) => readFileSync(new URL(`../fixtures/calendar/notice-${year}.txt`, import.meta.url), 'utf8');
const range = (from: string, days: number) => Array.from({ length: days }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
const ok = (reading: CalendarReading) => {
  if (reading.kind !== 'ok') throw new Error(reading.errors.join('\n'));
  return reading.calendar;
};

for (const year of [2025, 2026]) {
  test(`the ${year} notice gives exactly the built-in ${year} data`, (t) => {
    const built = builtInYears.find((y) => y.year === year)!;
    const read = ok(readCalendarText(year, notice(year)));
    t.deepEqual(read.holidays, [...built.holidays].sort());
    t.deepEqual(read.workdays, [...built.workdays].sort());
  });
}

test('the 2025 notice is read festival by festival, 国庆节、中秋节 as one', (t) => {
  t.deepEqual(ok(readCalendarText(2025, notice(2025))).festivals.map((f) => [f.name, f.holidays.length, f.workdays]), [
    ['元旦', 1, []],
    ['春节', 8, ['2025-01-26', '2025-02-08']],
    ['清明节', 3, []],
    ['劳动节', 5, ['2025-04-27']],
    ['端午节', 3, []],
    ['国庆节、中秋节', 8, ['2025-09-28', '2025-10-11']],
  ]);
});

test('the 2024 notice (「与周末连休」, 「星期日」, a 除夕 in brackets that is not a holiday) gives its days', (t) => {
  const read = ok(readCalendarText(2024, notice(2024)));
  t.deepEqual(read.holidays, [
    '2024-01-01', ...range('2024-02-10', 8), ...range('2024-04-04', 3), ...range('2024-05-01', 5), '2024-06-10', ...range('2024-09-15', 3), ...range('2024-10-01', 7),
  ]);
  t.deepEqual(read.workdays, ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12']);
});

test('a line pasted alone, a cross-month range, and a 元旦 beginning in the December before (2019) are read', (t) => {
  t.deepEqual(ok(readCalendarText(2027, '春节：2月5日至12日放假调休，共8天。2月20日（周六）上班。')).festivals,
    [{ name: '春节', holidays: range('2027-02-05', 8), workdays: ['2027-02-20'] }]);
  t.deepEqual(ok(readCalendarText(2025, '二、春节：1月28日至2月4日放假调休，共8天。')).holidays, range('2025-01-28', 8));
  t.deepEqual(ok(readCalendarText(2019, '一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。')).festivals,
    [{ name: '元旦', holidays: ['2018-12-30', '2018-12-31', '2019-01-01'], workdays: ['2018-12-29'] }]);
});

test('a date list: 休 and 班 (or 放假 and 上班), comments and blank lines', (t) => {
  t.deepEqual(ok(readCalendarText(2027, '# 2027年\n2027-02-05 休\n2027-02-06 放假\n\n2027-02-20 班  # 调休\n2026-12-31 休\n')), {
    year: 2027,
    festivals: [{ name: '日期清单', holidays: ['2027-02-05', '2027-02-06', '2026-12-31'], workdays: ['2027-02-20'] }],
    holidays: ['2026-12-31', '2027-02-05', '2027-02-06'],
    workdays: ['2027-02-20'],
  });
});

test('every mistake of a notice is found at once, each naming its line', (t) => {
  const text = [
    '一、元旦：1月1日（周五）至3日（周日）放假，共3天。',
    // The weekday of 1 February 2027 is Monday, not Sunday.
    '二、春节：2月5日至12日放假调休，共8天。2月1日（周日）、2月20日（周六）上班。',
    '三、清明节：4月3日至5日放假，共4天。',
    '四、劳动节：5月1日至5日放假调休，共5天。5月6日（周四）上班。',
    '五、端午节：2028年6月9日放假。',
    '六、中秋节：9月15日上班。',
    '七、国庆节：10月1日至7日放假调休，共7天。9月26日（周日）、下周六上班。',
  ].join('\n');
  t.deepEqual(readCalendarText(2027, text), {
    kind: 'error',
    errors: [
      '第2行（春节）：2027年2月1日是周一，不是周日，请核对日期或星期。',
      '第3行（清明节）：2027年4月3日至2027年4月5日是3天，但写的是共4天，请核对。',
      '第4行（劳动节）：2027年5月6日是周四，调休上班日应是周六或周日，请核对。',
      '第5行（端午节）：2028年6月9日不在2027年内，请核对年份（请用 calendar set 2028 设置该年）。',
      '第6行（中秋节）：2027年9月15日是周三，调休上班日应是周六或周日，请核对。',
      '第6行（中秋节）没有读到放假日期，应写作「2月5日至12日放假调休，共8天。」。',
      '第7行（国庆节）：「9月26日（周日）、下周六上班」中的上班日期无法识别，应写作「1月26日（周日）、2月8日（周六）上班」。',
    ],
  });
});

test('a date list with mistakes, a day both off and worked, and a file with no dates', (t) => {
  t.deepEqual(readCalendarText(2027, '2027-02-05 休\n2027-02-30 休\n2027-02-08 班\n2027/02/09 休\n2028-01-01 休\n2027-02-05 班\n'), {
    kind: 'error',
    errors: [
      '第2行「2027-02-30 休」的日期不存在，请核对。',
      '第3行「2027-02-08 班」：2027年2月8日是周一，调休上班日应是周六或周日，请核对。',
      '第4行「2027/02/09 休」无法识别：每行应为一个日期和「休」或「班」，如「2027-02-06 休」。',
      '第5行「2028-01-01 休」：2028年1月1日不在2027年内，请核对年份（请用 calendar set 2028 设置该年）。',
      '第6行「2027-02-05 班」：2027年2月5日是周五，调休上班日应是周六或周日，请核对。',
    ],
  });
  t.deepEqual(readCalendarText(2027, '2027-02-06 休\n2027-02-06 班\n'), { kind: 'error', errors: ['2027年2月6日既是放假日又是上班日，请核对。'] });
  t.deepEqual(readCalendarText(2027, '国务院办公厅关于2027年部分节假日安排的通知\n（正文待发布）'), {
    kind: 'error',
    errors: ['文件中没有找到2027年的放假安排。请粘贴国务院办公厅通知的原文（如「一、元旦：1月1日至3日放假调休，共3天。」），或每行一个日期，如「2027-02-06 休」「2027-02-20 班」。'],
  });
});

test('a notice of another year than asked is refused as the wrong file', (t) => {
  t.deepEqual(readCalendarText(2027, notice(2026)), { kind: 'error', errors: ['这是2026年的放假通知，不是2027年的。请核对文件，或运行 nianbao calendar set 2026 文件名。'] });
});
