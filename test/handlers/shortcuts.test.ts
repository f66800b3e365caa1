import test from 'ava';
import { formats } from '../../src/report/formats.ts';
import { lines, previousWith, say, session, stepOf, value, zeros } from './helpers.ts';

const blank = (format: '2019' | '2021', section: '二' | '三' | '四') => formats[format].cells.filter((c) => c.section === section && !c.total);

test('「第二部分都是0」 sets every cell of section 二 to 0 and moves to section 三', (t) => {
  const s = session();
  t.is(lines(say(s, '第二部分都是0'))[1], '已将第二部分全部记为0（22项）。');
  t.true(blank('2019', '二').every((c) => value(s, c.id) === 0));
  t.is(stepOf(s), 'requests.carriedOver');
});

test('「全部为0」 answers the section of the current question', (t) => {
  const s = session({ format: '2021' });
  say(s, '全部为0');
  t.true(blank('2021', '二').every((c) => value(s, c.id) === 0));
});

test('「其余都是0」 sets only the blank cells of the section', (t) => {
  const s = session();
  say(s, '政府集中采购 9 1400000元');
  t.is(lines(say(s, '其余都是0'))[1], '已将第二部分其余各项记为0（20项）。');
  t.is(value(s, 'active.procurement.projects'), 9);
  t.is(value(s, 'active.rules.made'), 0);
});

test('「今年一个申请都没收到」 and its variants are 本年新收 0, never 1 (a tester\'s 「一个」 was read as one)', (t) => {
  for (const text of ['今年一个申请都没收到', '一个申请也没有', '申请一件都没收到', '今年一件申请都没有收到过']) {
    const s = session({ values: zeros('2019', ['二']), previous: previousWith({}) });
    t.is(lines(say(s, text))[1], '已记录：本年新收 0件。', text);
    t.true(formats['2019'].cells.filter((c) => c.id.startsWith('requests.received.')).every((c) => value(s, c.id) === 0), text);
  }
});

test('「本年没有收到申请」 with nothing carried over makes the whole of section 三 zero and moves to section 四', (t) => {
  const s = session({ values: zeros('2019', ['二']), previous: previousWith({}) });
  const reply = say(s, '本年没有收到申请');
  t.deepEqual(lines(reply).slice(0, 4), [
    '第四部分 0/3 行 · 总进度 66% · 勾稽 ✔',
    '已记录：本年新收 0件。',
    '根据上年报告，上年结转为0件。',
    '本年新收和上年结转均为0，第三部分其余各项已记为0。',
  ]);
  t.true(formats['2019'].cells.filter((c) => c.section === '三').every((c) => value(s, c.id) === 0));
  t.is(stepOf(s), 'appeals.review');
});

test('「没有申请」 with applications carried over sets 本年新收 0 and the outcomes still follow', (t) => {
  const s = session({ values: zeros('2019', ['二']), previous: previousWith({ natural: 2 }) });
  say(s, '没有申请');
  t.is(value(s, 'requests.received.natural'), 0);
  t.is(stepOf(s), 'requests.carriedOver');
  say(s, '是');
  say(s, '无');
  t.is(stepOf(s), 'requests.outcomes');
  t.is(lines(say(s, '不掌握2'))[2], '各列均已平衡，办理结果填写完毕。');
});

test('「第三部分都是0」 is refused when applications were carried over', (t) => {
  const s = session({ values: zeros('2019', ['二']), previous: previousWith({ natural: 2 }) });
  const before = structuredClone(s.draft);
  t.is(lines(say(s, '第三部分都是0'))[1], '上年结转有2件，第三部分不能全部为0。本年没有新收申请请回复“没有申请”。');
  t.deepEqual(s.draft, before);
});

test('「没有复议诉讼」 at the first group of section 四 sets the whole section to 0', (t) => {
  for (const text of ['没有复议诉讼', '复议诉讼都没有', '本年没有行政复议和行政诉讼']) {
    const s = session({ values: zeros('2019', ['二', '三']) });
    say(s, text);
    t.true(formats['2019'].cells.filter((c) => c.section === '四').every((c) => value(s, c.id) === 0), text);
    t.is(stepOf(s), 'texts.overview');
  }
});

test('「无」 at the first group answers only 行政复议; 「诉讼都没有」 answers both groups of 行政诉讼', (t) => {
  const s = session({ values: zeros('2019', ['二', '三']) });
  say(s, '无');
  t.deepEqual(['upheld', 'corrected', 'other', 'pending'].map((o) => value(s, `appeals.review.${o}`)), [0, 0, 0, 0]);
  t.is(value(s, 'appeals.directSuit.upheld'), undefined);
  t.is(stepOf(s), 'appeals.directSuit');
  say(s, '诉讼都没有');
  t.true(formats['2019'].cells.filter((c) => c.section === '四').every((c) => value(s, c.id) === 0));
  t.is(stepOf(s), 'texts.overview');
});

test('「无」 at a later group of section 四 answers only that group', (t) => {
  const s = session({ values: { ...zeros('2019', ['二', '三']), 'appeals.review.upheld': 1, 'appeals.review.corrected': 0, 'appeals.review.other': 0, 'appeals.review.pending': 0 } });
  say(s, '无');
  t.is(value(s, 'appeals.directSuit.upheld'), 0);
  t.is(value(s, 'appeals.suitAfterReview.upheld'), undefined);
});

test('「今年一个申请都没收到呢」 and its kin are 本年新收 0, as 「没有申请」: with nothing carried over the whole of section 三 is 0', (t) => {
  const corpus = ['今年一个申请都没收到呢', '今年没有人申请', '今年没人来申请啊', '一件申请都没有', '全年没收到过申请', '本年度没有收到过申请', '没有依申请公开的', '今年没有依申请公开的呢'];
  for (const text of corpus) {
    const s = session({ format: '2021', values: zeros('2021', ['二']), previous: previousWith({}, { year: 2021 }) });
    t.deepEqual(lines(say(s, text)).slice(1, 4), ['已记录：本年新收 0件。', '根据上年报告，上年结转为0件。', '本年新收和上年结转均为0，第三部分其余各项已记为0。'], text);
    t.true(formats['2021'].cells.filter((c) => c.section === '三').every((c) => value(s, c.id) === 0), text);
    t.is(stepOf(s), 'appeals.review', text);
  }
});

test('「上年结转的没有」, 「没有复议」 and 「没有人申请复议」 are not taken for 「没有申请」: 本年新收 stays blank', (t) => {
  const s = session({ format: '2021', values: zeros('2021', ['二']) });
  t.is(lines(say(s, '上年结转的没有'))[1], '已记录：上年结转 0件');
  t.is(value(s, 'requests.carriedOver.natural'), 0);
  for (const text of ['没有复议', '没有人申请复议']) {
    say(s, text);
    t.is(value(s, 'requests.received.natural'), undefined, text);
  }
  t.is(stepOf(s), 'requests.received');
});

test('「今年没人申请吧」 with 本年新收 already given does not zero it unasked', (t) => {
  const s = session({ format: '2021' });
  say(s, '第二部分都是0');
  say(s, '无');
  say(s, '自然人3');
  for (const text of ['今年没人申请吧', '今年没有人申请']) {
    const reply = lines(say(s, text)).join('\n');
    t.regex(reply, /对吗？/, text);
    t.is(value(s, 'requests.received.natural'), 3, text);
    say(s, '不是');
  }
});
