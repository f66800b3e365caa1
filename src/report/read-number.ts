// Reading one number: what an official types in chat, or what a published report prints, becomes
// a number — or one courteous line of Chinese saying why it cannot. Never a guess.

/** What the number is: count = non-negative integer (件), signed = integer change, money = amount in 元. */
export type NumberKind = 'count' | 'signed' | 'money';

/** How to read one answer: its kind, whether blank means zero, and (money only) the unit of a bare number. */
export interface ReadOptions {
  kind: NumberKind;
  blankIsZero?: boolean;
  defaultUnit?: '元' | '万元';
}

/** A number (money in 元, exact to the 分), a blank, a money amount still missing its unit, or a reason in Chinese. */
export type ReadResult =
  | { kind: 'number'; value: number }
  | { kind: 'blank' }
  | { kind: 'needsUnit'; amount: number; reason: string }
  | { kind: 'invalid'; reason: string };

/** An exact decimal: digits × 10^-scale. */
interface Dec {
  digits: bigint;
  scale: number;
}

const EXAMPLE: Record<NumberKind, string> = { count: '23', signed: '-3', money: '288.79万元' };
const BLANKS = new Set(['', '无', '没有', '没', '空', '—', '——', '-', '--', '/', '_']);
const CN_NUMERAL = '零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟';
const NUMERAL = `\\d${CN_NUMERAL}`;
const CN_ONLY = new RegExp(`^[${CN_NUMERAL}]+$`);
const MAX_COUNT = 1_000_000_000n;
const MAX_YUAN = 1_000_000_000_000n; // 10,000亿元
const TOO_LARGE = '数值过大，请核实后重新填写';
const CENTS = '金额最多精确到分（0.01元），请核实';
const NEEDS_UNIT = '请注明金额单位是元还是万元';

/** Texts that are clearly not one exact number, tested in this order (a range before a vague "~"). */
const REJECTS: [RegExp, string][] = [
  [/[%‰]|百分之|千分之/, '请填写数量本身，不使用百分比'],
  [/\d\s*e\s*[+-]?\d|\^|×|\*/i, '请直接写出完整的数字，不使用科学计数法或乘方'],
  [new RegExp(`[${NUMERAL}]\\s*[件个项条次宗家元]?\\s*(?:-|~|–|—|到|至)\\s*[+-]?[${NUMERAL}]`), '请填写一个确定的数，不填写范围'],
  [/约|大概|大致|左右|上下|余|多|近|超|逾|以上|以下|以内|不到|不足|至少|~|≈|若干|几|一些|不少|少量|大量|估计/,
    '请填写准确的数字，不使用“约”“左右”等估计说法'],
];

const fail = (reason: string, example: string): ReadResult => ({ kind: 'invalid', reason: `${reason}，例如：${example}` });

/** Reads one answer as a number of the given kind, or says in Chinese why it cannot. */
export function readNumber(text: string, options: ReadOptions): ReadResult {
  const { kind } = options;
  const example = EXAMPLE[kind];
  if (typeof text !== 'string') return fail('未能识别为数字，请只填写一个数字', example);
  const t = normalise(text);
  if ([...t].length > 50) return fail('回复内容过长，请只回复一个数字', example);
  if (BLANKS.has(t)) return options.blankIsZero ? { kind: 'number', value: 0 } : { kind: 'blank' };
  for (const [pattern, reason] of REJECTS) if (pattern.test(t)) return fail(reason, example);

  const [, sign = '', body = '', unit = ''] = /^([+-]|负)?\s*(.*?)\s*([件个项条次宗家元])?$/.exec(t) ?? [];
  if (unit === '元' && kind !== 'money') return fail('此处填写件数，不是金额，请去掉“元”“万元”等金额单位', example);
  if (unit !== '' && unit !== '元' && kind === 'money') return fail('此处填写金额，请以元或万元为单位', example);
  const dec = parseBody(body);
  if (dec === 'several') return fail('一次只填写一个数；如用千分位分隔，请每三位一组', kind === 'money' ? '1,054,900元' : '12,345');
  if (dec === 'chinese') return fail('未能识别这个中文数字，请核实或改用阿拉伯数字', example);
  if (dec === 'unknown') return fail('未能识别为数字，请只填写一个数字', example);
  if (dec.digits === 0n) return { kind: 'number', value: 0 };

  const negative = sign !== '' && sign !== '+';
  if (negative && kind === 'count') return fail('件数不能为负数，请填写0或正整数', example);
  if (negative && kind === 'money') return fail('金额不能为负数，请核实', example);
  if (kind !== 'money') {
    if (dec.scale > 0) return fail(kind === 'count' ? '件数应为整数，请核实' : '此处应填写整数，请核实', example);
    if (dec.digits > MAX_COUNT) return fail(TOO_LARGE, example);
    return { kind: 'number', value: (negative ? -1 : 1) * Number(dec.digits) };
  }

  // Money. A trailing 万/亿 (already applied as a multiplier) means 万元/亿元, so the unit is given.
  const unitGiven = unit === '元' || /[万亿]$/.test(body);
  if (!unitGiven && !options.defaultUnit) {
    if (shift(dec, 4).scale > 2) return fail(CENTS, example); // not a valid amount even in 万元
    if (exceeds(dec, MAX_YUAN)) return fail(TOO_LARGE, example); // too large even in 元
    return { kind: 'needsUnit', amount: toNumber(dec), reason: `${NEEDS_UNIT}，例如：${example}` };
  }
  const yuan = !unitGiven && options.defaultUnit === '万元' ? shift(dec, 4) : dec;
  if (exceeds(yuan, MAX_YUAN)) return fail(TOO_LARGE, example);
  if (yuan.scale > 2) return fail(CENTS, example);
  return { kind: 'number', value: toNumber(yuan) };
}

/** Full-width ASCII to half-width, every minus sign to '-', Word bookmarks out, whitespace collapsed and trimmed. */
function normalise(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u2212\uFE63]/g, '-')
    .replace(/\[bookmark:[^\]]*\]/gi, '')
    .replace(/\s+/g, ' ') // JS \s covers U+00A0 and U+3000
    .trim()
    .replace(/\s*。$/, '');
}

/** The number without sign and unit: Arabic digits (with separators, decimals, 万/亿) or a Chinese numeral. */
function parseBody(body: string): Dec | 'several' | 'chinese' | 'unknown' {
  const a = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([万亿])?$/.exec(body);
  if (a) {
    const [, int, frac = '', mult] = a;
    return shift({ digits: BigInt(int.replace(/,/g, '') + frac), scale: frac.length }, mult === '亿' ? 8 : mult === '万' ? 4 : 0);
  }
  if (/\d\D*[\s,、;；]\D*\d/.test(body)) return 'several';
  if (!CN_ONLY.test(body)) return 'unknown';
  const value = body === '零' || body === '〇' ? 0 : level(body, BIG, true);
  return value === null ? 'chinese' : { digits: BigInt(value), scale: 0 };
}

/** d × 10^k, with trailing zeros after the decimal point removed. */
function shift(d: Dec, k: number): Dec {
  let { digits, scale } = d;
  scale -= k;
  if (scale < 0) [digits, scale] = [digits * 10n ** BigInt(-scale), 0];
  while (scale > 0 && digits % 10n === 0n) [digits, scale] = [digits / 10n, scale - 1];
  return { digits, scale };
}

const exceeds = (d: Dec, limit: bigint): boolean => d.digits > limit * 10n ** BigInt(d.scale);
const toNumber = (d: Dec): number => Number(d.scale ? `${d.digits}e-${d.scale}` : d.digits);

// Chinese numerals. Hand-written rather than taken from npm: strictness is the whole point (二二十,
// 十十, 百一 and the colloquial 一百五 / 一万二 must be rejected, not guessed), converters written for
// display text do not promise that, and these ~40 lines are easier to audit than a dependency.
const DIGIT: Partial<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const SMALL: Partial<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG: [string, number][] = [['亿', 1e8], ['万', 1e4]];

/** high 亿/万 [零] low; 零 is required exactly when low skips the place just below the big unit. */
function level(s: string, bigs: [string, number][], first: boolean): number | null {
  if (bigs.length === 0) return section(s, first);
  const [[unit, value], ...lower] = bigs;
  const i = s.indexOf(unit);
  if (i < 0) return level(s, lower, first);
  const high = level(s.slice(0, i), lower, first);
  const rest = s.slice(i + 1);
  if (!high) return null;
  if (rest === '') return high * value;
  const zero = rest[0] === '零' || rest[0] === '〇';
  const low = level(zero ? rest.slice(1) : rest, lower, false);
  if (!low || zero !== low < value / 10) return null;
  return high * value + low;
}

/** A number below 10000: digit+unit pairs with falling units, 零 exactly at a gap; a bare 十 only at the very start. */
function section(s: string, first: boolean): number | null {
  let total = 0;
  let prev = 0;
  let zero = false;
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '零' || c === '〇') {
      if (zero || i === 0) return null;
      zero = true;
      i++;
      continue;
    }
    let d = DIGIT[c];
    if (d !== undefined) i++;
    else if (first && i === 0 && SMALL[c] === 10) d = 1; // 十五 = 一十五
    else return null;
    const u = i === s.length ? 1 : SMALL[s[i]];
    if (u === undefined) return null; // a digit followed by a digit: 二二十
    if (u > 1) i++;
    if (c === '两' && u < 100 && s.length > 1) return null; // 两 stands alone or before 百/千
    if (prev && (u >= prev || zero !== u < prev / 10)) return null;
    [total, prev, zero] = [total + d * u, u, false];
  }
  return s === '' || zero ? null : total;
}
