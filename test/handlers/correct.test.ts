import test from 'ava';
import { formats } from '../../src/report/formats.ts';
import { lastTag, lines, say, session, stepOf, value } from './helpers.ts';

/** A complete 2019 report: 9 granted + 1 not held of 10 received, one 复议 upheld. */
function complete() {
  const values: Record<string, number> = {};
  for (const cell of formats['2019'].cells) values[cell.id] = 0;
  Object.assign(values, {
    'active.licensing.prevItems': 5, 'active.licensing.decisions': 56, 'active.penalty.decisions': 82,
    'requests.received.natural': 10, 'requests.received.total': 10, 'requests.granted.natural': 9, 'requests.granted.total': 9,
    'requests.unavailable.notHeld.natural': 1, 'requests.unavailable.notHeld.total': 1, 'requests.total.natural': 10, 'requests.total.total': 10,
    'appeals.review.upheld': 1, 'appeals.review.total': 1,
  });
  return session({ values, texts: { overview: '本年度，我镇认真贯彻落实政府信息公开条例。', problems: '存在解读形式单一的问题，下一步将丰富解读形式。', other: '无' } });
}

test('「改 三（一）自然人 10」 shows 原为 → 改为 and re-runs the identities of the column', (t) => {
  const s = complete();
  t.deepEqual(lines(say(s, '改 三（一）自然人 10')), [
    '预览提交 · 全表 100% · 勾稽 ✖1',
    '（一）予以公开·自然人：原为9，改为10',
    '✖ 第三部分「自然人」列：本年新收10＋上年结转0＝10，（七）总计11＋结转下年度0＝11，两边相差1。',
    '  办理结果与结转下年度合计比本年新收与上年结转多1件：可能某个办理结果多填了，或本年新收、上年结转少填了。',
    '请核对后直接修改，说“改 项目名称 数字”即可。',
    '各项已填写。回复“预览”查看报告要点，回复“提交”提交审核；如需修改，可直接说“改 ……”。',
  ]);
  t.is(value(s, 'requests.granted.natural'), 10);
  t.is(value(s, 'requests.total.natural'), 11);
});

test('「行政许可处理决定数量改为57」 changes one cell', (t) => {
  const s = complete();
  t.is(lines(say(s, '行政许可处理决定数量改为57'))[1], '行政许可·处理决定数量：原为56，改为57');
  t.is(value(s, 'active.licensing.prevItems'), 5);
});

test('「把行政处罚改成3」 asks which column, then changes it', (t) => {
  const s = complete();
  const asked = lines(say(s, '把行政处罚改成3'));
  t.is(asked[1], '行政处罚有3项：上一年项目数量、本年增/减、处理决定数量。请问要把哪一项改为3？请回复项目名称，如“处理决定数量”。');
  t.is(value(s, 'active.penalty.decisions'), 82);
  t.is(lines(say(s, '处理决定'))[1], '行政处罚·处理决定数量：原为82，改为3');
});

test('a single number for a section 三 row with only 自然人 is read as 自然人, asked about since it names no column, and 是 changes it', (t) => {
  const s = complete();
  t.deepEqual(lines(say(s, '把不掌握改成2')).slice(1), [
    '我理解为：（四）1.不掌握·自然人 2。这会改动已填写的（四）1.不掌握·自然人（原为1）。',
    '对吗？回复“是”记录，回复“不是”不记录；也可以直接回复正确的内容。',
  ]);
  t.is(value(s, 'requests.unavailable.notHeld.natural'), 1);
  t.is(lines(say(s, '是'))[2], '（四）1.不掌握·自然人：原为1，改为2');
  t.is(value(s, 'requests.unavailable.notHeld.natural'), 2);
});

test('totals are not corrected: they are computed', (t) => {
  const s = complete();
  const before = structuredClone(s.draft);
  t.is(lines(say(s, '改 （七）总计 5'))[1], '总计由系统根据各项自动计算，不需填写；请修改相应的申请数或办理结果。');
  t.is(lastTag(s), 'rejected');
  t.deepEqual(s.draft, before);
});

test('「改」 without a recognisable item says how to name one', (t) => {
  const s = complete();
  t.is(lines(say(s, '改 这个 5'))[1], '请说明要修改哪一项，如“改 三（一）自然人 10”或“把行政处罚处理决定数量改成3”。');
});

test('「改 总体情况」 collects the text anew', (t) => {
  const s = complete();
  say(s, '改 总体情况');
  t.is(stepOf(s), 'texts.overview');
  say(s, '新的总体情况：本年度我镇主动公开政府信息三百条。');
  t.is(s.draft.report.texts.overview, '新的总体情况：本年度我镇主动公开政府信息三百条。');
});

test('a correction while a text is collected is a correction, not text', (t) => {
  const s = complete();
  say(s, '跳到第五部分');
  say(s, '改 行政许可 处理决定57');
  t.is(value(s, 'active.licensing.decisions'), 57);
  t.is(s.draft.report.texts.problems, '存在解读形式单一的问题，下一步将丰富解读形式。');
});
