import test from 'ava';
import { formats } from '../../src/report/formats.ts';
import { compactOf, normalize, readRow, tokenize } from '../../handlers/flow/parse.ts';
import { readOutcomes } from '../../handlers/flow/parse-outcomes.ts';
import { rowSpec } from '../../handlers/flow/rows.ts';
import { commandOf } from '../../handlers/commands.ts';

const f19 = formats['2019'];
const f21 = formats['2021'];
const received = rowSpec(f19, '三', 'received')!;
const licensing = rowSpec(f19, '二', 'licensing')!;
const procurement = rowSpec(f19, '二', 'procurement')!;
const answer = { single: 'first', unnamed: 'zero' } as const;
/** readRow without the cells it says were named (asserted on their own below). */
const read = (text: string, row = received, mode: Parameters<typeof readRow>[2] = answer) => {
  const result = readRow(normalize(text), row, mode);
  if (result.kind === 'values') delete result.said;
  return result;
};
const six = (natural: number, legal = 0) => ({
  'requests.received.natural': natural, 'requests.received.business': 0, 'requests.received.research': 0,
  'requests.received.publicInterest': 0, 'requests.received.legalService': legal, 'requests.received.otherOrg': 0,
});

test('a row of six numbers separated by spaces, commas or 、 fills the six applicant columns', (t) => {
  for (const text of ['9 0 0 0 4 0', '9，0，0，0，4，0', '9,0,0,0,4,0', '9、0、0、0、4、0', '９ ０ ０ ０ ４ ０', '(9 0 0 0 4 0)', '九 零 零 零 四 零']) {
    t.deepEqual(read(text), { kind: 'values', values: six(9, 4) }, text);
  }
});

test('a single number is 自然人 and the other columns are 0', (t) => {
  t.deepEqual(read('23'), { kind: 'values', values: six(23) });
  t.deepEqual(read('23件'), { kind: 'values', values: six(23) });
  t.deepEqual(read('二十三'), { kind: 'values', values: six(23) });
  t.deepEqual(read('1,234'), { kind: 'values', values: six(1234) });
});

test('无, 没有 and 0 answer a whole row with zeros', (t) => {
  for (const text of ['无', '没有', '0', '零', '都是0']) t.deepEqual(read(text), { kind: 'values', values: six(0) }, text);
});

test('named cells fill those columns, the rest 0; 律所 is 法律服务机构', (t) => {
  t.deepEqual(read('自然人9 法律服务机构4'), { kind: 'values', values: six(9, 4) });
  t.deepEqual(read('自然人9，律所4'), { kind: 'values', values: six(9, 4) });
  t.deepEqual(read('律所4'), { kind: 'values', values: six(0, 4) });
});

test('a row read from named cells says which cells were named; a row in order names none of its own', (t) => {
  const named = readRow(normalize('自然人9，律所4'), received, answer);
  t.deepEqual(named.kind === 'values' ? named.said : undefined, ['requests.received.natural', 'requests.received.legalService']);
  const ordered = readRow(normalize('9 0 0 0 4 0'), received, answer);
  t.is(ordered.kind === 'values' ? ordered.said : 'invalid', undefined);
});

test('named cells in a correction change only the cells named', (t) => {
  t.deepEqual(read('律所4', received, { single: 'ask', unnamed: 'keep' }), { kind: 'values', values: { 'requests.received.legalService': 4 } });
});

test('vague and malformed values are refused with readNumber’s reason', (t) => {
  t.deepEqual(read('约100'), { kind: 'invalid', reason: '请填写准确的数字，不使用“约”“左右”等估计说法，例如：23' });
  t.deepEqual(read('若干'), { kind: 'invalid', reason: '请填写准确的数字，不使用“约”“左右”等估计说法，例如：23' });
  t.deepEqual(read('1 2'), { kind: 'invalid', reason: '需要6个数（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他），收到2个' });
  t.deepEqual(read('<b>5</b> 3'), { kind: 'invalid', reason: '“<b>5<”不是数字' });
  t.deepEqual(read('-3'), { kind: 'invalid', reason: '件数不能为负数，请填写0或正整数，例如：23' });
});

test('section 二 rows take their numbers in order, 本年增/减 signed', (t) => {
  t.deepEqual(read('5 0 57', licensing), { kind: 'values', values: { 'active.licensing.prevItems': 5, 'active.licensing.itemsDelta': 0, 'active.licensing.decisions': 57 } });
  t.deepEqual(read('2359 -2147 4273', licensing), { kind: 'values', values: { 'active.licensing.prevItems': 2359, 'active.licensing.itemsDelta': -2147, 'active.licensing.decisions': 4273 } });
  t.deepEqual(read('处理决定57', licensing, { single: 'ask', unnamed: 'keep' }), { kind: 'values', values: { 'active.licensing.decisions': 57 } });
});

test('a lone number for a row of several section 二 columns is ambiguous', (t) => {
  t.deepEqual(read('3', licensing, { single: 'ask', unnamed: 'keep' }), { kind: 'ambiguous', value: 3 });
});

test('money: 万元 and 元 are read, a bare amount needs its unit, 2021 收费金额 is in 万元', (t) => {
  t.deepEqual(read('7 1452.74万元', procurement), { kind: 'values', values: { 'active.procurement.projects': 7, 'active.procurement.amountYuan': 14527400 } });
  t.deepEqual(read('60 1,054,900元', procurement), { kind: 'values', values: { 'active.procurement.projects': 60, 'active.procurement.amountYuan': 1054900 } });
  t.deepEqual(read('36 288.79 万元', procurement), { kind: 'values', values: { 'active.procurement.projects': 36, 'active.procurement.amountYuan': 2887900 } });
  t.deepEqual(read('7 1452.74', procurement), { kind: 'needsUnit', values: { 'active.procurement.projects': 7 }, cell: 'active.procurement.amountYuan', amount: 1452.74 });
  t.deepEqual(read('12.5', rowSpec(f21, '二', 'fees')!), { kind: 'values', values: { 'active.fees.amountYuan': 125000 } });
  t.deepEqual(read('125000元', rowSpec(f21, '二', 'fees')!), { kind: 'values', values: { 'active.fees.amountYuan': 125000 } });
});

test('tokens: a lone unit joins its number, thousands separators stay inside the number', (t) => {
  t.deepEqual(tokenize('36 288.79 万元'), ['36', '288.79万元']);
  t.deepEqual(tokenize('1,054,900元 9,0,4'), ['1,054,900元', '9', '0', '4']);
});

test('an outcome list names rows by keyword; a number is 自然人, a bracketed row or named cells spread over columns', (t) => {
  const result = readOutcomes(normalize('予以公开9 部分公开1 不掌握8 其他处理2'), f19);
  t.deepEqual(Object.keys(result.kind === 'rows' ? result.rows : {}), ['granted', 'partlyGranted', 'unavailable.notHeld', 'otherHandling']);
  const named = readOutcomes(normalize('予以公开 自然人7 律所2，第三方(1 0 0 0 0 0)'), f19);
  t.is(named.kind, 'rows');
  if (named.kind !== 'rows') return;
  t.is(named.rows.granted['requests.granted.natural'], 7);
  t.is(named.rows.granted['requests.granted.legalService'], 2);
  t.is(named.rows['refused.thirdParty']['requests.refused.thirdParty.natural'], 1);
});

test('outcome keywords given twice add up (信访3 投诉2 is 5 under （五）1)', (t) => {
  const result = readOutcomes(normalize('信访3 投诉2'), f19);
  t.is(result.kind === 'rows' ? result.rows['notProcessed.petition']['requests.notProcessed.petition.natural'] : -1, 5);
});

test('the 2021 （六） rows: 逾期不补正, 未缴费, 其他', (t) => {
  const result = readOutcomes(normalize('逾期不补正1 未缴费2 其他处理3 补正后仍不明确4'), f21);
  t.deepEqual(result.kind === 'rows' ? Object.keys(result.rows) : [], ['otherHandling.noCorrection', 'otherHandling.unpaidFee', 'otherHandling.other', 'unavailable.stillUnclear']);
});

test('a bare 「其他」 in an outcome list is asked about: （六）其他处理, or the applicant column 其他?', (t) => {
  t.deepEqual(readOutcomes(normalize('予以公开3 其他2'), f21), { kind: 'invalid', reason: '“其他”是指（六）其他处理，还是申请人中的“其他”组织？请写“其他处理2”或“予以公开 其他组织2”' });
  // After applicant columns it could be a fourth column or the next outcome: asked too.
  t.is(readOutcomes(normalize('未缴费 自然人1 企业1 其他1'), f21).kind, 'invalid');
  const column = readOutcomes(normalize('未缴费 自然人1 企业1 其他组织1'), f21);
  t.is(column.kind === 'rows' ? column.rows['otherHandling.unpaidFee']['requests.otherHandling.unpaidFee.otherOrg'] : undefined, 1);
});

test('不予公开 without a reason is refused with the reasons to choose from', (t) => {
  t.deepEqual(readOutcomes(normalize('不予公开3'), f19), { kind: 'invalid', reason: '“不予公开”请写明不予公开的理由，如：第三方1、过程性2' });
  t.deepEqual(readOutcomes(normalize('9 0 0'), f19), { kind: 'none' });
  t.deepEqual(readOutcomes(normalize('予以公开约9'), f19), { kind: 'invalid', reason: '“予以公开”：请填写准确的数字，不使用“约”“左右”等估计说法，例如：23' });
});

test('commands are whole messages', (t) => {
  t.deepEqual(commandOf(compactOf(normalize('进度'))), { kind: 'progress' });
  t.deepEqual(commandOf(compactOf(normalize('请提交。'))), { kind: 'submit' });
  t.deepEqual(commandOf(compactOf(normalize('这一项是什么意思？'))), { kind: 'meaning', about: '' });
  t.deepEqual(commandOf(compactOf(normalize('？'))), { kind: 'meaning', about: '' });
  t.deepEqual(commandOf(compactOf(normalize('跳到第四部分'))), { kind: 'jump', to: '第四部分' });
  t.is(commandOf(compactOf(normalize('工作已经完成了'))), undefined);
});
