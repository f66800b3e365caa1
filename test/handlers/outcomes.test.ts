import test from 'ava';
import { lastTag, lines, say, session, stepOf, value, zeros } from './helpers.ts';

const applicants = ['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg'];
const row = (id: string, values: number[]) => Object.fromEntries(applicants.map((c, i) => [`requests.${id}.${c}`, values[i] ?? 0]));

/** Section 二 done; 上年结转, 本年新收 and 结转下年度 given: the outcome block is next. */
function atOutcomes(received: number[], over: number[] = [], forward: number[] = []) {
  return session({ values: { ...zeros('2019', ['二']), ...row('received', received), ...row('carriedOver', over), ...row('carriedForward', forward) } });
}

test('the outcome block says how many applications are to be placed per column', (t) => {
  const s = atOutcomes([21, 0, 0, 0, 4], [], [0, 0, 0, 0, 4]);
  t.deepEqual(lines(say(s, '进度')).slice(-3), [
    '本年需归入办理结果：自然人21件（＝本年新收＋上年结转－结转下年度）',
    '请列出本年各办理结果及件数，没有的不用写，如：予以公开9 部分公开1 不掌握8 其他处理2',
    '（不止自然人时可写：予以公开 自然人7 律所2）',
  ]);
});

test('after each message the block shows what remains, and closes when every column balances', (t) => {
  const s = atOutcomes([9, 0, 0, 0, 4]);
  const first = lines(say(s, '予以公开 自然人6 律所2'));
  t.is(first[1], '已记录：（一）予以公开 自然人6、法律服务机构2（共8件）');
  t.is(first[2], '还差：自然人3件、法律服务机构2件');
  t.is(stepOf(s), 'requests.outcomes');
  t.is(value(s, 'requests.refused.stateSecret.natural'), undefined, 'a row not named stays blank while applications are left to place');
  const second = lines(say(s, '不掌握3 其他处理(0 0 0 0 2 0)'));
  t.is(second[2], '各列均已平衡，办理结果填写完毕。');
  t.is(stepOf(s), 'appeals.review');
  t.is(value(s, 'requests.total.total'), 13);
});

test('naming an outcome again replaces it', (t) => {
  const s = atOutcomes([5]);
  say(s, '予以公开4');
  say(s, '予以公开3 不掌握2');
  t.is(value(s, 'requests.granted.natural'), 3);
  t.is(stepOf(s), 'appeals.review');
});

test('more placed than there is to place is shown as 多出 at once, with the likely fix, in the header too', (t) => {
  const s = atOutcomes([2]);
  const reply = lines(say(s, '予以公开3'));
  t.is(reply[0], '第三部分 4/22 行 · 多出1件 · 总进度 61% · 勾稽 ✖1');
  t.is(reply[2], '⚠ 自然人多出1件：某个办理结果可能多填了，或本年新收、上年结转少填了，请核对。');
  t.true(reply.includes('多出：自然人1件（各办理结果之和超过新收＋上年结转－结转下年度）'));
});

test('「完成」 with applications left explains the R1 finding with its suggestion and offers the fix', (t) => {
  const s = atOutcomes([3]);
  say(s, '予以公开2');
  const reply = lines(say(s, '完成'));
  t.deepEqual(reply.slice(0, 6), [
    '第四部分 0/3 行 · 总进度 66% · 勾稽 ✖1',
    '办理结果已按现有内容记录，但尚有申请未归入：自然人1件。',
    '✖ 第三部分「自然人」列：本年新收3＋上年结转0＝3，（七）总计2＋结转下年度0＝2，两边相差1。',
    '  各办理结果与（七）总计一致；若本年新收和上年结转无误，四、结转下年度·自然人应为1。',
    '回复“是”按建议改正（四、结转下年度·自然人改为1），或直接修改。',
    '可回复“跳到第三部分”继续补充办理结果（如：不掌握2）。',
  ]);
  t.is(stepOf(s), 'appeals.review');
  say(s, '跳到办理结果');
  say(s, '不掌握1');
  t.is(value(s, 'requests.unavailable.notHeld.natural'), 1);
  t.is(stepOf(s), 'appeals.review');
});

test('a message that names no outcome is refused with the example', (t) => {
  const s = atOutcomes([3]);
  const before = structuredClone(s.draft);
  const reply = lines(say(s, '3 0 0'));
  t.is(lastTag(s), 'rejected');
  t.deepEqual(s.draft, before);
  t.is(reply[1], '未能理解“3 0 0”。请列出办理结果及件数，如“予以公开2 不掌握1”；不清楚某一项的含义可以问“不掌握是什么意思”。');
  t.is(reply.at(-2), '请列出本年各办理结果及件数，没有的不用写，如：予以公开9 部分公开1 不掌握8 其他处理2');
});

test('nothing left to place: the outcomes are all 0 without a question', (t) => {
  const t2 = session({ values: { ...zeros('2019', ['二']), ...row('received', [2]), ...row('carriedOver', []) } });
  t.is(lines(say(t2, '2'))[2], '没有需要归入办理结果的申请，（一）至（六）各项已记为0。');
  t.is(value(t2, 'requests.granted.natural'), 0);
  t.is(stepOf(t2), 'appeals.review');
});
