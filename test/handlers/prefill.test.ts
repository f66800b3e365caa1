import test from 'ava';
import { lines, previousWith, say, session, stepOf, value, zeros } from './helpers.ts';

test('上年结转 is prefilled from last year’s 结转下年度 and only confirmed', (t) => {
  const s = session({ values: zeros('2019', ['二']), previous: previousWith({ natural: 2, legalService: 1 }) });
  const reply = lines(say(s, '进度'));
  t.is(reply.at(-1), '根据上年报告，上年结转为：自然人2、法律服务机构1（共3件）。正确请回复“是”，如有不同请直接回复正确的数字（按 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 的顺序）。');
  t.is(lines(say(s, '是'))[1], '已记录：上年结转 自然人2、法律服务机构1（共3件）');
  t.is(value(s, 'requests.carriedOver.total'), 3);
  t.is(stepOf(s), 'requests.received');
});

test('a different 上年结转 is taken and X1 is explained with the fix', (t) => {
  const s = session({ values: zeros('2019', ['二']), previous: previousWith({ natural: 2 }) });
  const reply = lines(say(s, '3'));
  t.deepEqual(reply.slice(1, 5), [
    '已记录：上年结转 自然人3件',
    '✖ 第三部分「二、上年结转·自然人」为3，而2019年报告「结转下年度继续办理」为2。',
    '  建议将「二、上年结转·自然人」改为2。',
    '回复“是”按建议改正（二、上年结转·自然人改为2），或直接修改。',
  ]);
  say(s, '是');
  t.is(value(s, 'requests.carriedOver.natural'), 2);
});

test('without last year’s report 上年结转 is asked as a row', (t) => {
  const s = session({ values: zeros('2019', ['二']) });
  t.is(lines(say(s, '进度')).at(-1), '上年结转的申请（上年未办结、转入本年办理）：请按 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 的顺序回复，如 9 0 0 0 4 0；只有自然人可只回一个数，没有请回复“无”');
});

test('last year’s report of another year is not used for the prefill', (t) => {
  const s = session({ values: zeros('2019', ['二']), previous: previousWith({ natural: 2 }, { year: 2017 }) });
  t.true(lines(say(s, '进度')).at(-1)!.startsWith('上年结转的申请'));
});

test('last year’s report with its 总计 left blank does not produce a false X1 on the 总计 column', (t) => {
  const previous = previousWith({ natural: 2 });
  delete previous.values['requests.carriedForward.total'];
  const s = session({ values: zeros('2019', ['二']), previous });
  t.deepEqual(lines(say(s, '是')).slice(0, 2), ['第三部分 1/22 行 · 总进度 50% · 勾稽 ✔', '已记录：上年结转 自然人2件']);
});

test('a malformed last year’s report is ignored', (t) => {
  const s = session({ values: zeros('2019', ['二']), previous: { format: '2019', year: 2019, unit: '杨舍镇' } as never });
  t.true(lines(say(s, '进度')).at(-1)!.startsWith('上年结转的申请'));
  say(s, '1');
  t.is(value(s, 'requests.carriedOver.natural'), 1);
});
