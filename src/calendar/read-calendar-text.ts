// A year's working calendar from what an admin has at hand: the State Council notice's own text
// (国务院办公厅关于20XX年部分节假日安排的通知, pasted into a file), or a simple list of dates, one a
// line: `2027-02-06 休` (a day off) or `2027-02-20 班` (a weekend worked, 调休). Every problem is
// found at once, each naming its line. Pure: no I/O.
import { addDays, isWeekend, weekdayLabel } from './working-calendar.ts';

/** One festival's days as the notice gives them (for a date list: one group, 「日期清单」). */
export interface FestivalDays {
  name: string;
  holidays: string[];
  workdays: string[];
}

/** What a text was read as: the year's days off and days worked, by festival. */
export interface ReadCalendar {
  year: number;
  festivals: FestivalDays[];
  holidays: string[];
  workdays: string[];
}

/** The calendar, or every problem found (each a sentence naming the line). */
export type CalendarReading = { kind: 'ok'; calendar: ReadCalendar } | { kind: 'error'; errors: string[] };

const FESTIVALS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];
// A festival line: 「二、春节：…」 or 「春节：…」; 「六、国庆节、中秋节：…」 names two.
const FESTIVAL_LINE = new RegExp(`^\\s*(?:[一二三四五六七八九十]+[、.．]\\s*)?((?:${FESTIVALS.join('|')})(?:[、和](?:${FESTIVALS.join('|')}))*)\\s*[：:]\\s*(.*)$`);
// A date with what may be omitted when the previous one gives it (「1月28日至2月4日」, 「4月4日至6日」),
// then an optional bracket (「（周日）」, 「（农历除夕、周二）」, 「（星期日）」).
const DATE = '(?:(\\d{4})\\s*年\\s*)?(?:(\\d{1,2})\\s*月\\s*)?(\\d{1,2})\\s*日\\s*(?:[（(]([^）)]*)[）)])?';
const HOLIDAYS = new RegExp(`^${DATE}(?:\\s*至\\s*${DATE})?\\s*放假`);
const LIST_LINE = /^\s*(\d{4}-\d{2}-\d{2})\s+(休|班|放假|上班)\s*(?:[#＃].*)?$/;

/** Read a year's calendar from a notice text or a date list (whichever the text is). */
export function readCalendarText(year: number, text: string): CalendarReading {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const isList = lines.some((line) => LIST_LINE.test(line));
  const festivals: FestivalDays[] = [];
  const errors: string[] = [];
  // The notice names its year (title, 「现将2027年元旦、春节……」): another year than asked is the wrong file, not a page of wrong weekdays.
  const named = /关于(\d{4})年部分节假日安排|现将(\d{4})年元旦/.exec(text);
  const noticeYear = named && Number(named[1] ?? named[2]);
  if (!isList && noticeYear && noticeYear !== year) {
    return { kind: 'error', errors: [`这是${noticeYear}年的放假通知，不是${year}年的。请核对文件，或运行 nianbao calendar set ${noticeYear} 文件名。`] };
  }
  if (isList) readList(year, lines, festivals, errors);
  else readNotice(year, lines, festivals, errors);
  if (!errors.length && !festivals.length) {
    errors.push(`文件中没有找到${year}年的放假安排。请粘贴国务院办公厅通知的原文（如「一、元旦：1月1日至3日放假调休，共3天。」），或每行一个日期，如「${year}-02-06 休」「${year}-02-20 班」。`);
  }
  const holidays = festivals.flatMap((f) => f.holidays);
  const workdays = festivals.flatMap((f) => f.workdays);
  for (const date of new Set(holidays)) {
    if (workdays.includes(date)) errors.push(`${label(date)}既是放假日又是上班日，请核对。`);
    if (holidays.indexOf(date) !== holidays.lastIndexOf(date)) errors.push(`${label(date)}重复出现在放假日中，请核对。`);
  }
  if (errors.length) return { kind: 'error', errors };
  return { kind: 'ok', calendar: { year, festivals, holidays: [...holidays].sort(), workdays: [...new Set(workdays)].sort() } };
}

function readList(year: number, lines: string[], festivals: FestivalDays[], errors: string[]): void {
  const group: FestivalDays = { name: '日期清单', holidays: [], workdays: [] };
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('＃')) return;
    const where = `第${i + 1}行「${line}」`;
    const match = LIST_LINE.exec(line);
    if (!match) return void errors.push(`${where}无法识别：每行应为一个日期和「休」或「班」，如「${year}-02-06 休」。`);
    const date = match[1];
    if (!isDate(date)) return void errors.push(`${where}的日期不存在，请核对。`);
    const problem = outsideYear(date, year) ?? (match[2].endsWith('班') && !isWeekend(date) ? notWeekend(date) : undefined);
    if (problem) return void errors.push(`${where}：${problem}`);
    (match[2].endsWith('班') ? group.workdays : group.holidays).push(date);
  });
  if (group.holidays.length || group.workdays.length) festivals.push(group);
}

function readNotice(year: number, lines: string[], festivals: FestivalDays[], errors: string[]): void {
  lines.forEach((raw, i) => {
    const match = FESTIVAL_LINE.exec(raw.trim());
    if (!match) return;
    const where = `第${i + 1}行（${match[1]}）`;
    const festival: FestivalDays = { name: match[1], holidays: [], workdays: [] };
    let saidOff = false;
    for (const sentence of match[2].split(/[。；;]/).map((s) => s.trim()).filter(Boolean)) {
      const off = HOLIDAYS.exec(sentence);
      if (off) {
        saidOff = true;
        const dates = readRange(year, off, sentence, (problem) => errors.push(`${where}：${problem}`));
        if (dates) festival.holidays.push(...dates);
      } else if (/上班$/.test(sentence)) {
        const list = sentence.replace(/上班$/, '');
        const dates = [...list.matchAll(new RegExp(DATE, 'g'))];
        if (!dates.length || list.replace(new RegExp(DATE, 'g'), '').replace(/[、，,和\s]/g, '')) {
          errors.push(`${where}：「${sentence}」中的上班日期无法识别，应写作「1月26日（周日）、2月8日（周六）上班」。`);
          continue;
        }
        for (const day of dates) {
          const date = readDate(year, day.slice(1, 5), undefined, (problem) => errors.push(`${where}：${problem}`));
          const problem = date && (outsideYear(date, year) ?? (isWeekend(date) ? undefined : notWeekend(date)));
          if (problem) errors.push(`${where}：${problem}`);
          else if (date) festival.workdays.push(date);
        }
      }
    }
    if (!saidOff) errors.push(`${where}没有读到放假日期，应写作「2月5日至12日放假调休，共8天。」。`);
    festivals.push(festival);
  });
}

/** The days of 「A至B放假…，共N天」; the count, when given, must agree. */
function readRange(year: number, match: RegExpExecArray, sentence: string, fail: (problem: string) => void): string[] | undefined {
  const first = readDate(year, match.slice(1, 5), undefined, fail);
  if (!first) return undefined;
  const last = match[7] === undefined ? first : readDate(year, match.slice(5, 9), first, fail);
  if (!last) return undefined;
  if (last < first) return void fail(`${label(first)}至${label(last)}的结束日期早于开始日期。`);
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  const count = /(?:共|放假)(\d+)天/.exec(sentence);
  if (count && Number(count[1]) !== days.length) return void fail(`${label(first)}至${label(last)}是${days.length}天，但写的是共${count[1]}天，请核对。`);
  for (const d of days) {
    const problem = outsideYear(d, year);
    if (problem) return void fail(problem);
  }
  return days;
}

/** A date of the notice: year and month taken from the date before it when not written; the weekday in brackets must agree. */
function readDate(year: number, [y, m, d, note]: (string | undefined)[], before: string | undefined, fail: (problem: string) => void): string | undefined {
  const yy = y ?? before?.slice(0, 4) ?? String(year);
  const mm = m ?? before?.slice(5, 7);
  if (!mm) return void fail(`「${d}日」缺少月份。`);
  const date = `${yy}-${mm.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  if (!isDate(date)) return void fail(`${Number(yy)}年${Number(mm)}月${Number(d)}日不存在，请核对。`);
  const weekday = note && /(?:周|星期)([一二三四五六日天])/.exec(note);
  if (weekday && `周${weekday[1].replace('天', '日')}` !== weekdayLabel(date)) return void fail(`${label(date)}是${weekdayLabel(date)}，不是${weekday[0]}，请核对日期或星期。`);
  return date;
}

// The 元旦 of a year may begin in the December before it (「2018年12月30日至2019年1月1日」), with its 调休 Saturday.
function outsideYear(date: string, year: number): string | undefined {
  if (date.startsWith(`${year}-`) || date.startsWith(`${year - 1}-12-`)) return undefined;
  return `${label(date)}不在${year}年内，请核对年份（请用 calendar set ${date.slice(0, 4)} 设置该年）。`;
}

const notWeekend = (date: string) => `${label(date)}是${weekdayLabel(date)}，调休上班日应是周六或周日，请核对。`;

/** 「2027年2月6日」. */
function label(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function isDate(date: string): boolean {
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
}
