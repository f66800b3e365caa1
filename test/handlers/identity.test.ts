import test from 'ava';
import { formats } from '../../src/report/formats.ts';
import { lines, say, session, stepOf, value, zeros } from './helpers.ts';

const applicants = ['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg'];
const row = (id: string, values: number[]) => Object.fromEntries(applicants.map((c, i) => [`requests.${id}.${c}`, values[i] ?? 0]));

test('结转下年度 larger than what was received and carried over is refused with the arithmetic', (t) => {
  const s = session({ values: { ...zeros('2019', ['二']), ...row('received', [3]), ...row('carriedOver', []) } });
  const before = structuredClone(s.draft);
  t.is(lines(say(s, '5'))[1], '结转下年度·自然人为5件，多于本年新收3件＋上年结转0件，请核对。');
  t.deepEqual(s.draft, before);
});

test('an identity that fails after a change is explained with message and suggestion, and 是 applies the fix', (t) => {
  const values: Record<string, number> = {};
  for (const cell of formats['2019'].cells) values[cell.id] = 0;
  Object.assign(values, row('received', [4]), row('granted', [4]), { 'requests.received.total': 4, 'requests.granted.total': 4, 'requests.total.natural': 4, 'requests.total.total': 4 });
  const s = session({ values, texts: { overview: '本年度我镇认真贯彻落实条例。', problems: '存在问题，下一步将改进工作方法。', other: '无' } });
  say(s, '改 本年新收 6');
  const reply = lines(say(s, '是'));
  t.deepEqual(reply.slice(0, 6), [
    '预览提交 · 总进度 100% · 勾稽 ✖1',
    '已记录：本年新收。',
    '一、本年新收·自然人：原为4，改为6',
    '✖ 第三部分「自然人」列：本年新收6＋上年结转0＝6，（七）总计4＋结转下年度0＝4，两边相差2。',
    '  各办理结果与（七）总计一致；若本年新收和上年结转无误，四、结转下年度·自然人应为2。',
    '回复“是”按建议改正（四、结转下年度·自然人改为2），或直接修改。',
  ]);
  const fixed = lines(say(s, '是'));
  t.is(fixed[0], '预览提交 · 总进度 100% · 勾稽 ✔');
  t.is(fixed[1], '已按建议改正：');
  t.is(fixed[2], '四、结转下年度·自然人：原为0，改为2');
  t.is(value(s, 'requests.carriedForward.total'), 2);
});

test('R8: 本年增/减 below −上一年项目数量 is explained at once', (t) => {
  const s = session();
  say(s, '0');
  say(s, '0');
  const reply = lines(say(s, '5 -8 57'));
  t.is(reply[2], '✖ 第二部分「行政许可」：上一年项目数量5加本年增/减-8为-3，事项数不能小于0。');
  t.is(reply[3], '  本年增/减不应小于-5；请确认填的是事项个数的增减，而不是办件量。');
  t.is(reply[0], '第二部分 3/8 行 · 总进度 16% · 勾稽 ✖1');
});

test('P2: 本年增/减 equal to 处理决定数量 gets the seed-000 warning without blocking', (t) => {
  const s = session();
  say(s, '跳到行政处罚');
  const reply = lines(say(s, '0 48487 48487'));
  t.is(reply[2], '⚠ 第二部分「行政处罚」：本年增/减与处理决定数量相同（48487），可能把办件量填进了事项增减。');
  t.is(stepOf(s), 'active.coercion');
});

test('findings about cells not yet known are not reported', (t) => {
  const s = session();
  t.is(lines(say(s, '0 0 0'))[0], '第二部分 1/8 行 · 总进度 5% · 勾稽 ✔');
  const r = session({ values: zeros('2019', ['二']) });
  say(r, '0');
  t.is(lines(say(r, '9 0 0 0 4 0')).length, 3);
});
