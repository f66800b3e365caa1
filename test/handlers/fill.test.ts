import test from 'ava';
import { lastTag, lines, say, session, stepOf, value, zeros } from './helpers.ts';

test('the first question is 规章 with the progress line first', (t) => {
  const s = session({ fresh: true });
  t.deepEqual(lines(say(s, '你好')), [
    '第二部分 0/8 行 · 总进度 0% · 勾稽 ✔',
    '您好！现在开始填报杨舍镇2020年度政府信息公开工作年度报告（国办公开办函〔2019〕60号格式）。随时回复“帮助”查看指令。',
    '规章：请依次回复 本年新制作数量、本年新公开数量、对外公开总数量，如 3 3 25；没有请回复“无”',
    '（第二部分全部为0可回复“第二部分都是0”）',
  ]);
});

test('a section 二 row answered by its numbers is echoed and the next row is asked', (t) => {
  const s = session({ values: { ...zeros('2019', ['二']), 'active.licensing.prevItems': null, 'active.licensing.itemsDelta': null, 'active.licensing.decisions': null } });
  t.deepEqual(lines(say(s, '5，0，57')), [
    '第三部分 0/22 行 · 总进度 44% · 勾稽 ✔',
    '已记录：行政许可 5 / 0 / 57',
    '上年结转的申请（上年未办结、转入本年办理）：请按 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 的顺序回复，如 9 0 0 0 4 0；只有自然人可只回一个数，没有请回复“无”',
  ]);
  t.is(value(s, 'active.licensing.decisions'), 57);
});

test('a row of six numbers fills the row and computes 总计', (t) => {
  const s = session({ values: { ...zeros('2019', ['二']), 'requests.carriedOver.natural': 0, 'requests.carriedOver.business': 0, 'requests.carriedOver.research': 0, 'requests.carriedOver.publicInterest': 0, 'requests.carriedOver.legalService': 0, 'requests.carriedOver.otherOrg': 0 } });
  t.is(stepOf(s), 'requests.received');
  const reply = say(s, '9 0 0 0 4 0');
  t.is(lines(reply)[1], '已记录：本年新收 自然人9、法律服务机构4（共13件）');
  t.is(value(s, 'requests.received.total'), 13);
  t.is(stepOf(s), 'requests.carriedForward');
});

test('the bot never asks a total: after 结转下年度 it asks for the outcomes, （七）总计 is computed from them', (t) => {
  const s = session({ values: { ...zeros('2019', ['二']), ...Object.fromEntries(['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg'].map((c) => [`requests.carriedOver.${c}`, 0])) } });
  say(s, '3');
  say(s, '无');
  t.is(stepOf(s), 'requests.outcomes');
  say(s, '予以公开2 第三方1');
  t.is(value(s, 'requests.total.natural'), 3);
  t.is(value(s, 'requests.total.total'), 3);
  t.is(value(s, 'requests.granted.total'), 2);
  t.is(stepOf(s), 'appeals.review');
});

test('bad input gets one line saying what is expected and leaves the draft unchanged', (t) => {
  for (const text of ['', '<script>alert(1)</script>', "'; DROP TABLE x;--", '约100', '若干', 'x'.repeat(10_000), '\u202E\u0000']) {
    const s = session();
    say(s, '无');
    const before = structuredClone(s.draft);
    const reply = say(s, text);
    t.is(lastTag(s), 'rejected', JSON.stringify(text.slice(0, 10)));
    t.deepEqual(s.draft, before);
    t.is(lines(reply)[0], '第二部分 1/8 行 · 总进度 5% · 勾稽 ✔');
    t.is(lines(reply).at(-1), '规范性文件：请依次回复 本年新制作数量、本年新公开数量、对外公开总数量，如 3 3 25；没有请回复“无”');
  }
});

test('the reasons for bad input are specific', (t) => {
  const s = session();
  t.is(lines(say(s, '约100'))[1], '未能识别：请填写准确的数字，不使用“约”“左右”等估计说法，例如：23。');
  t.is(lines(say(s, '3'))[1], '只收到1个数，规章有3项（本年新制作数量、本年新公开数量、对外公开总数量），请依次回复，如 3 3 25；也可以说“本年新制作数量3，其余没有”。');
  t.is(lines(say(s, 'x'.repeat(10_000)))[1], '回复内容过长（10000字），请按提示简短回复。');
  t.is(lines(say(s, '  '))[1], '没有收到文字内容。');
});

test('a row naming itself is taken at any question and the current question stays', (t) => {
  const s = session();
  const reply = say(s, '政府集中采购 9 1400000元');
  t.is(lines(reply)[1], '已记录：政府集中采购 9 / 140万元（1400000元）');
  t.is(stepOf(s), 'active.rules');
  t.is(value(s, 'active.procurement.amountYuan'), 1400000);
});

test('several named rows in one message', (t) => {
  const s = session();
  say(s, '行政许可 5 0 57，行政处罚 13 0 82，行政强制 2 0 3');
  t.deepEqual([value(s, 'active.licensing.decisions'), value(s, 'active.penalty.prevItems'), value(s, 'active.coercion.decisions')], [57, 13, 3]);
});

test('section 四 groups take four numbers or named outcomes', (t) => {
  const s = session({ values: { ...zeros('2019', ['二', '三']) } });
  t.is(stepOf(s), 'appeals.review');
  t.is(lines(say(s, '维持1'))[1], '已记录：行政复议 1 / 0 / 0 / 0');
  t.is(value(s, 'appeals.review.total'), 1);
  say(s, '0 1 0 1');
  t.is(value(s, 'appeals.directSuit.total'), 2);
  t.is(stepOf(s), 'appeals.suitAfterReview');
});

test('a lone number for a row whose other columns hold figures is said back first: 「4」 after 自然人3、法律服务机构1 may be the total again', (t) => {
  const s = session({ format: '2021' });
  say(s, '规章0 规范性文件0 0 2 许可12 处罚0 强制0');
  say(s, '收了5000元');
  say(s, '无');
  say(s, '自然人3 律所1');
  say(s, '上一步');
  t.is(lines(say(s, '4'))[1], '我理解为：一、本年新收·自然人 4。您只回复了一个数4，将记为自然人4件，法律服务机构1件不变，共5件。如4是合计，请按顺序回复各项。');
  t.is(value(s, 'requests.received.natural'), 3);
  say(s, '3 0 0 0 1 0');
  t.deepEqual([value(s, 'requests.received.natural'), value(s, 'requests.received.legalService')], [3, 1]);
  // A row with nothing else held takes a lone number as 自然人 at once, as before.
  const blank = session({ format: '2021' });
  say(blank, '规章0 规范性文件0 0 2 许可12 处罚0 强制0');
  say(blank, '收了5000元');
  say(blank, '无');
  say(blank, '4');
  t.is(value(blank, 'requests.received.natural'), 4);
});
