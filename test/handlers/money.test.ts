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
    '第二部分 7/8 行 · 总进度 38% · 勾稽 ✔',
    '您回复的采购总金额是1452.74，没有写单位。按1452.74万元（即14527400元）记录吗？回复“是”确认；如是1452.74元，请回复“元”。',
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

test('2021 收费金额 is read in 万元 unless 元 is given; a bare amount implausible in 万元 is asked about, 是 takes 元', (t) => {
  const s = session({ format: '2021', values: { ...zeros('2021', ['二']), 'active.fees.amountYuan': null } });
  say(s, '12.5');
  t.is(value(s, 'active.fees.amountYuan'), 125000);
  say(s, '跳到行政事业性收费');
  const reply = lines(say(s, '3500'));
  t.is(reply[1], '您回复的本年收费金额是3500，没有写单位。按3500元（即0.35万元）记录吗？回复“是”确认；如是3500万元，请回复“万元”。');
  t.is(value(s, 'active.fees.amountYuan'), 125000, 'nothing changes before the answer');
  say(s, '是');
  t.is(value(s, 'active.fees.amountYuan'), 3500);
});

test('a bare 万元 amount from a county department is taken up to 1亿, and 3500 with its unit is never asked about', (t) => {
  const s = session({ format: '2021', unit: '县市场监督管理局', values: { ...zeros('2021', ['二']), 'active.fees.amountYuan': null } });
  say(s, '350');
  say(s, '是');
  t.is(value(s, 'active.fees.amountYuan'), 3500000);
  say(s, '跳到行政事业性收费');
  say(s, '3500元');
  t.is(value(s, 'active.fees.amountYuan'), 3500);
});

test('a 2019 amount in 元 that is far too small for its projects gets P4 and the 万元 fix', (t) => {
  const s = procurementOpen();
  say(s, '7 1452.74元');
  say(s, '是');
  t.is(value(s, 'active.procurement.amountYuan'), 14527400);
});

test('a correction of 收费 with a bare number has its unit asked, however the correction is worded: never stored as 万元 unasked', (t) => {
  for (const text of ['收费刚才说错了，应该是6000', '收费那个刚才说错了，是6000', '收费刚才写错了应该是6000', '收费应该是6000', '收费改成6000', '不对，收费是6000', '收费其实是6000', '刚才那个说错了，应该是6000']) {
    const s = session({ format: '2021' });
    say(s, '规章0 规范性文件0 0 2 许可12 处罚0 强制0');
    say(s, '收了5000元');
    t.is(value(s, 'active.fees.amountYuan'), 5000, text);
    const reply = lines(say(s, text))[1];
    t.is(value(s, 'active.fees.amountYuan'), 5000, `${text}: nothing stored before the unit is said`);
    t.regex(reply, /没有写单位|请为金额注明单位/, text);
  }
});
