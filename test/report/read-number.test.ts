import test from 'ava';
import fc from 'fast-check';
import { readNumber, type ReadOptions, type ReadResult } from '../../src/report/read-number.ts';

const count: ReadOptions = { kind: 'count' };
const signed: ReadOptions = { kind: 'signed' };
const money: ReadOptions = { kind: 'money' };
const countBlankZero: ReadOptions = { kind: 'count', blankIsZero: true };
const moneyInWan: ReadOptions = { kind: 'money', defaultUnit: '万元' };
const moneyInYuan: ReadOptions = { kind: 'money', defaultUnit: '元' };

const n = (value: number): ReadResult => ({ kind: 'number', value });
const blank: ReadResult = { kind: 'blank' };
const NEEDS_UNIT = '请注明金额单位是元还是万元，例如：288.79万元';

type Row = [input: string, options: ReadOptions, expected: ReadResult];
type Bad = [input: string, options: ReadOptions, phrase: string];

function checkTable(rows: Row[]) {
  return test.macro((t) => {
    for (const [input, options, expected] of rows) {
      t.deepEqual(readNumber(input, options), expected, `${JSON.stringify(input)} as ${options.kind}`);
    }
  });
}

function checkInvalid(rows: Bad[]) {
  return test.macro((t) => {
    for (const [input, options, phrase] of rows) {
      const result = readNumber(input, options);
      const label = `${JSON.stringify(input)} as ${options.kind}: ${JSON.stringify(result)}`;
      t.is(result.kind, 'invalid', label);
      if (result.kind !== 'invalid') continue;
      t.true(result.reason.includes(phrase), label);
      t.true(result.reason.includes('例如：'), `${label} gives an example`);
      t.false(/[A-Za-z]/.test(result.reason), `${label} has no English`);
    }
  });
}

test('half-width and full-width digits, whitespace and Word bookmarks read as the number', checkTable([
  ['23', count, n(23)],
  ['２３', count, n(23)],
  ['　２３　', count, n(23)],
  ['\u00a0 23 \u3000', count, n(23)],
  ['\t48\n', count, n(48)],
  ['[bookmark: _GoBack]48487', count, n(48487)],
  ['[bookmark: _GoBack]288.79万元', money, n(2887900)],
  ['007', count, n(7)],
  ['23。', count, n(23)],
]));

test('strict Chinese numerals read as numbers', checkTable([
  ['二十三', count, n(23)],
  ['十五', count, n(15)],
  ['十', count, n(10)],
  ['一百零五', count, n(105)],
  ['一百一十', count, n(110)],
  ['一千零一十', count, n(1010)],
  ['两千', count, n(2000)],
  ['两', count, n(2)],
  ['一万二千', count, n(12000)],
  ['十万', count, n(100000)],
  ['三千五百万', count, n(35000000)],
  ['一亿零五百万', count, n(105000000)],
  ['壹佰贰拾叁', count, n(123)],
  ['叁拾', count, n(30)],
  ['一百四十万元', money, n(1400000)],
  ['负八', signed, n(-8)],
]));

test('malformed Chinese numerals are rejected, never guessed', checkInvalid([
  ['二二十', count, '中文数字'],
  ['十十', count, '中文数字'],
  ['百一', count, '中文数字'],
  ['一百五', count, '中文数字'],
  ['一万二', count, '中文数字'],
  ['一百零零五', count, '中文数字'],
  ['一千零五百', count, '中文数字'],
  ['十两', count, '中文数字'],
  ['二〇二一', count, '中文数字'],
]));

test('thousands separators in groups of three are accepted', checkTable([
  ['1,234', count, n(1234)],
  ['1，234', count, n(1234)],
  ['12,345,678', count, n(12345678)],
  ['1,054,900元', money, n(1054900)],
  ['1,234.5元', money, n(1234.5)],
]));

test('several numbers, or separators not in groups of three, ask for one number', checkInvalid([
  ['9，0，0', count, '一次只填写一个数'],
  ['9 0 0', count, '一次只填写一个数'],
  ['9、0、0', count, '一次只填写一个数'],
  ['1,23', count, '一次只填写一个数'],
  ['1234,567', count, '一次只填写一个数'],
  ['23件 45件', count, '一次只填写一个数'],
]));

test('万 and 亿 multiply digits; counts must come out whole', checkTable([
  ['1.2万', count, n(12000)],
  ['1.2万件', count, n(12000)],
  ['3亿', count, n(300000000)],
  ['10亿', count, n(1000000000)],
]));

test('signs: signed accepts + and every minus, a count accepts +', checkTable([
  ['+451', signed, n(451)],
  ['-8', signed, n(-8)],
  ['－8', signed, n(-8)],
  ['−8', signed, n(-8)],
  ['﹣8', signed, n(-8)],
  ['- 8 件', signed, n(-8)],
  ['＋451', count, n(451)],
  ['0', signed, n(0)],
  ['-0', count, n(0)],
]));

test('count units are optional', checkTable([
  ['23件', count, n(23)],
  ['23 件', count, n(23)],
  ['5个', count, n(5)],
  ['5项', count, n(5)],
  ['5条', count, n(5)],
  ['5次', count, n(5)],
  ['5宗', count, n(5)],
  ['5家', count, n(5)],
  ['二十三件', count, n(23)],
  ['+3项', signed, n(3)],
]));

test('blank words read as blank, or as 0 when blank means zero; 0 is always 0', checkTable([
  ...['', '   ', '\u3000', '无', '没有', '没', '空', '—', '——', '-', '--', '/', '／', '_', '－'].flatMap((w): Row[] => [
    [w, count, blank],
    [w, countBlankZero, n(0)],
  ]),
  ['无', money, blank],
  ['0', count, n(0)],
  ['零', count, n(0)],
  ['0件', count, n(0)],
  ['０', count, n(0)],
  ['0', money, n(0)],
  ['零元', money, n(0)],
]));

test('money is normalised to 元 exactly', checkTable([
  ['288.79万元', money, n(2887900)],
  ['288.79万', money, n(2887900)],
  ['1452.74万元', money, n(14527400)],
  ['1054900元', money, n(1054900)],
  ['1.2亿元', money, n(120000000)],
  ['1.2亿', money, n(120000000)],
  ['12.5元', money, n(12.5)],
  ['0.01元', money, n(0.01)],
  ['0.29元', money, n(0.29)],
  ['12.50元', money, n(12.5)],
  ['0.0001万元', money, n(1)],
  ['10000亿元', money, n(1e12)],
  ['一万亿元', money, n(1e12)],
  ['＋12.5元', money, n(12.5)],
]));

test('a bare money amount uses the default unit, or asks for the unit', checkTable([
  ['1452.74', moneyInWan, n(14527400)],
  ['288.79', moneyInWan, n(2887900)],
  ['288.79', moneyInYuan, n(288.79)],
  ['1054900元', moneyInWan, n(1054900)],
  ['3万', moneyInYuan, n(30000)],
  ['288.79', money, { kind: 'needsUnit', amount: 288.79, reason: NEEDS_UNIT }],
  ['1054900', money, { kind: 'needsUnit', amount: 1054900, reason: NEEDS_UNIT }],
  ['1.234', money, { kind: 'needsUnit', amount: 1.234, reason: NEEDS_UNIT }],
  ['一百四十', money, { kind: 'needsUnit', amount: 140, reason: NEEDS_UNIT }],
]));

test('money with more than 2 decimals in 元 is rejected', checkInvalid([
  ['1.234元', money, '金额最多精确到分'],
  ['0.0000001万元', money, '金额最多精确到分'],
  ['0.0000001', moneyInWan, '金额最多精确到分'],
  ['0.0000001', money, '金额最多精确到分'],
  ['1.001', moneyInYuan, '金额最多精确到分'],
]));

test('vague amounts are rejected', checkInvalid([
  ...['约100', '大约100', '100左右', '100余件', '100多', '近100', '超过100', '100以上', '~100', '≈100', '～100', '十几件']
    .map((s): Bad => [s, count, '估计说法']),
  ...['若干', '几件', '一些', '很多'].map((s): Bad => [s, count, '估计说法']),
  ['约288万元', money, '估计说法'],
]));

test('negatives are rejected for counts and money', checkInvalid([
  ['-3', count, '件数不能为负数'],
  ['－3件', count, '件数不能为负数'],
  ['−3', count, '件数不能为负数'],
  ['-3元', money, '金额不能为负数'],
  ['-288.79万元', money, '金额不能为负数'],
]));

test('a count or signed value must be a whole number', checkInvalid([
  ['1.5', count, '件数应为整数'],
  ['1.23456万', count, '件数应为整数'],
  ['1.5', signed, '应填写整数'],
]));

test('percentages, ranges and scientific notation are rejected', checkInvalid([
  ['50%', count, '百分比'],
  ['50％', count, '百分比'],
  ['百分之五十', count, '百分比'],
  ['3-5', count, '不填写范围'],
  ['3到5', count, '不填写范围'],
  ['3~5', count, '不填写范围'],
  ['3—5件', count, '不填写范围'],
  ['三到五件', count, '不填写范围'],
  ['10^20', count, '科学计数法'],
  ['1e5', count, '科学计数法'],
  ['1E+5', money, '科学计数法'],
  ['3×10', count, '科学计数法'],
]));

test('units of the wrong kind are rejected', checkInvalid([
  ['23元', count, '不是金额'],
  ['1.2万元', count, '不是金额'],
  ['一百四十万元', signed, '不是金额'],
  ['23件', money, '此处填写金额'],
  ['0件', money, '此处填写金额'],
]));

test('absurdly large values are rejected', checkInvalid([
  ['1000000001', count, '数值过大'],
  ['99999999999999999999', count, '数值过大'],
  ['-1000000001', signed, '数值过大'],
  ['十亿零一', count, '数值过大'],
  ['10001亿元', money, '数值过大'],
  ['1000000000001元', money, '数值过大'],
  ['1000000000001', money, '数值过大'],
  ['200000000', moneyInWan, '数值过大'],
]));

test('text that is not a number is rejected', checkInvalid([
  ['abc', count, '未能识别为数字'],
  ['😀', count, '未能识别为数字'],
  ['👍23', count, '未能识别为数字'],
  ['NaN', count, '未能识别为数字'],
  ['Infinity', money, '未能识别为数字'],
  ['undefined', signed, '未能识别为数字'],
  ['1万2千', count, '未能识别为数字'],
  ['.5', count, '未能识别为数字'],
  ['+-3', signed, '未能识别为数字'],
]));

test('a text over 50 characters asks for one number only', checkInvalid([
  ['我们单位今年一共收到了二十三件申请，其中大部分是关于征地拆迁补偿的，还有一些是关于信息公开目录的问题，谢谢', count, '请只回复一个数字'],
  ['1'.repeat(51), count, '请只回复一个数字'],
]));

test('each kind gives an example of its own kind', (t) => {
  t.deepEqual(readNumber('abc', money), { kind: 'invalid', reason: '未能识别为数字，请只填写一个数字，例如：288.79万元' });
  t.deepEqual(readNumber('abc', signed), { kind: 'invalid', reason: '未能识别为数字，请只填写一个数字，例如：-3' });
  t.deepEqual(readNumber('约100', count), {
    kind: 'invalid',
    reason: '请填写准确的数字，不使用“约”“左右”等估计说法，例如：23',
  });
});

const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

test('any count up to 10^9 reads back from its decimal, full-width and 件 forms', (t) => {
  t.notThrows(() => fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (value) => {
      const text = String(value);
      for (const form of [text, fullWidth(text), `${text}件`]) {
        const result = readNumber(form, count);
        if (result.kind !== 'number' || result.value !== value) return false;
      }
      return true;
    }),
  ));
});

test('any amount of 分 up to 10^10 reads back exactly as 元', (t) => {
  t.notThrows(() => fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => {
      const yuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
      const result = readNumber(`${yuan}元`, money);
      return result.kind === 'number' && result.value === fen / 100 && result.value === Number(yuan);
    }),
  ));
});
