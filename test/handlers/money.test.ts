import test from 'ava';
import { lastTag, lines, say, session, stepOf, value, zeros } from './helpers.ts';

const procurementOpen = () => {
  const values: Record<string, number | null> = zeros('2019', ['二']);
  values['active.procurement.projects'] = null;
  values['active.procurement.amountYuan'] = null;
  return session({ values });
};

test('采购总金额 without a unit asks 元 or 万元 and takes the answer', (t) => {
  const s = procurementOpen();
  t.is(stepOf(s), 'active.procurement');
  t.deepEqual(lines(say(s, '7 1452.74')), [
    '第二部分 7/8 行 · 全表 12% · 勾稽 ✔',
    '请问采购总金额1452.74的单位是元还是万元？请回复“元”或“万元”（也可重新回复带单位的金额，如 1452.74万元）。',
  ]);
  t.is(value(s, 'active.procurement.projects'), null);
  t.is(lines(say(s, '万元'))[1], '已记录：政府集中采购 7 / 1452.74万元（14527400元）');
  t.is(value(s, 'active.procurement.amountYuan'), 14527400);
});

test('the unit question accepts 元, or the amount again with a unit', (t) => {
  const a = procurementOpen();
  say(a, '9 1400000');
  say(a, '元');
  t.is(value(a, 'active.procurement.amountYuan'), 1400000);
  const b = procurementOpen();
  say(b, '9 1400000');
  say(b, '140万元');
  t.is(value(b, 'active.procurement.amountYuan'), 1400000);
});

test('a money amount with its unit needs no question', (t) => {
  const s = procurementOpen();
  say(s, '36 288.79万元');
  t.is(value(s, 'active.procurement.amountYuan'), 2887900);
  t.is(lastTag(s), 'changed');
});

test('2021 收费金额 is read in 万元 unless 元 is given; a huge amount gets P4 and a fix', (t) => {
  const s = session({ format: '2021', values: { ...zeros('2021', ['二']), 'active.fees.amountYuan': null } });
  say(s, '12.5');
  t.is(value(s, 'active.fees.amountYuan'), 125000);
  say(s, '跳到行政事业性收费');
  const reply = lines(say(s, '125000'));
  t.is(reply[2], '⚠ 本年收费金额折合125000万元，数额很大，请确认填报时的单位是万元而不是元。');
  t.is(reply[3], '  如填报的是元，应为12.5万元。');
  t.is(reply[4], '回复“是”按建议改正（行政事业性收费·本年收费金额（单位：万元）改为12.5万元（125000元）），或直接修改。');
  say(s, '是');
  t.is(value(s, 'active.fees.amountYuan'), 125000);
});

test('a 2019 amount in 元 that is far too small for its projects gets P4 and the 万元 fix', (t) => {
  const s = procurementOpen();
  say(s, '7 1452.74元');
  say(s, '是');
  t.is(value(s, 'active.procurement.amountYuan'), 14527400);
});
