import test, { type ExecutionContext } from 'ava';
import { formats } from '../../src/report/formats.ts';
import { lastTag, lines, say, session, stepOf, value, zeros } from './helpers.ts';

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
    '预览提交 · 总进度 100% · 勾稽 ✖1',
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

// 「刚才那个说错了，应该是4」: officials correcting the answer they just gave without naming it, as
// they type on a phone (particles, no punctuation, 全角 digits, Chinese numerals). The official has
// just answered 行政许可 with 7; each line means 行政许可 is in fact the number beside it.
const JUST_GIVEN: [string, number][] = [
  ['刚才那个说错了，应该是4', 4],
  ['上一个填错了，是5', 5],
  ['上一个填错了是5', 5],
  ['刚才的改成2', 2],
  ['打错了 应该是12', 12],
  ['不对不对，是15', 15],
  ['不对，是十五', 15],
  ['上面那个写错了 改成0', 0],
  ['刚刚输错了，是三个', 3],
  ['刚才填的那个不对，是9', 9],
  ['哎呀刚才打错了 是6', 6],
  ['刚才那个错了应该是十二', 12],
  ['上一个数字写错了，应该是２０', 20],
  ['刚才那个数不对，改为6吧', 6],
  ['不好意思，刚才填错了，是9', 9],
  ['刚才说错了啊，是两个', 2],
  ['前面那个搞错了 应该是0个', 0],
  ['刚才输入有误，应为11', 11],
  ['错了错了 是4', 4],
  ['上一条填错了，应该为10件', 10],
  ['我刚才打错了，应该是５', 5],
  ['刚才那个是210', 210],
  ['刚才那个应该没有', 0],
  ['上面那个写错了，应该是一百零二', 102],
  ['刚才那个错了 是3个吧', 3],
  ['8，刚才打错了', 8],
  ['是９ 我刚才填错了', 9],
];
const LICENSING = 'active.licensing.decisions';
const RULES = ['issued', 'repealed', 'inForce'].map((c) => `active.rules.${c}`);
const NORMS = ['issued', 'repealed', 'inForce'].map((c) => `active.norms.${c}`);
const WHICH_ROW = '请说明要修改哪一项，如“改 三（一）自然人 10”或“把行政处罚处理决定数量改成3”。';

/** A 2021 report whose official has just answered 行政许可 with 7 (规章 and 规范性文件 filled before); 行政处罚 is asked. */
function justAnswered7() {
  const s = session({ format: '2021', values: Object.fromEntries([...RULES, ...NORMS].map((id) => [id, 0])) });
  say(s, '7');
  return s;
}

test('a correction naming nothing, in 27 ways of typing it, is said back as the cell just answered and stored only after 是', (t) => {
  for (const [text, n] of JUST_GIVEN) {
    const s = justAnswered7();
    const before = structuredClone(s.draft);
    t.deepEqual(lines(say(s, text)).slice(1), [
      `我理解为：把行政许可·本年处理决定数量由7改为${n}。（您没有说明是哪一行，按上一条记录理解。）`,
      '对吗？回复“是”记录，回复“不是”不记录；也可以直接回复正确的内容。',
    ], text);
    t.deepEqual(s.draft, before, text);
    t.deepEqual(lines(say(s, '是')).slice(1, 3), ['已记录：行政许可·本年处理决定数量。', `行政许可·本年处理决定数量：原为7，改为${n}`], text);
    t.deepEqual(s.draft.report.values, { ...before.report.values, [LICENSING]: n }, text);
    t.is(stepOf(s), 'active.penalty', text);
  }
});

test('declined with 不是, 算了 or 取消, a correction naming nothing stores nothing and says the value stays', (t) => {
  for (const [i, [text]] of JUST_GIVEN.entries()) {
    const s = justAnswered7();
    say(s, text);
    const before = structuredClone(s.draft);
    t.is(lines(say(s, ['不是', '算了', '取消'][i % 3]))[1], '好的，没有记录，行政许可·本年处理决定数量仍为7。请按下面的提示重新回复。', text);
    t.deepEqual(s.draft, before, text);
  }
});

test('「不对，是5」 to the question said back asks again with 5, and 是 then stores 5', (t) => {
  const s = justAnswered7();
  say(s, '刚才那个说错了，应该是4');
  t.is(lines(say(s, '不对，是5'))[1], '我理解为：把行政许可·本年处理决定数量由7改为5。（已按您的更正改为5，原先理解的是4。）');
  t.is(value(s, LICENSING), 7);
  say(s, '是');
  t.is(value(s, LICENSING), 5);
});

test('when the answer just given set a row (「0 0 3」), the official is asked which cell, named with their values, and the cell named changes', (t) => {
  for (const answer of ['现行有效件数', '现行有效的', '第三个', '最后一个']) {
    const s = session({ format: '2021' });
    say(s, '0 0 3');
    const before = structuredClone(s.draft);
    t.is(lines(say(s, '刚才那个说错了，应该是4'))[1], '上一条记录的是规章：本年制发件数0、本年废止件数0、现行有效件数3。请问要把哪一项改为4？请回复项目名称，如“现行有效件数”。');
    t.deepEqual(s.draft, before, answer);
    t.is(lines(say(s, answer))[1], '规章·现行有效件数：原为3，改为4', answer);
    t.deepEqual([...RULES, ...NORMS].map((id) => value(s, id)), [0, 0, 4, undefined, undefined, undefined], answer);
  }
});

test('「刚才的现行有效件数改成4」 while 规范性文件 is asked is about the 规章 just answered: said back, and 规范性文件 stays blank', (t) => {
  const s = session({ format: '2021' });
  say(s, '0 0 3');
  t.is(lines(say(s, '刚才的现行有效件数改成4'))[1], '我理解为：把规章·现行有效件数由3改为4。（您没有说明是哪一行，按上一条记录理解。）');
  t.deepEqual([...RULES, ...NORMS].map((id) => value(s, id)), [0, 0, 3, undefined, undefined, undefined]);
  say(s, '是');
  t.deepEqual([...RULES, ...NORMS].map((id) => value(s, id)), [0, 0, 4, undefined, undefined, undefined]);
});

test('a lone number answered for 本年新收 is 自然人: the correction naming nothing is of 本年新收·自然人 alone', (t) => {
  const s = session({ format: '2021', values: zeros('2021', ['二']) });
  say(s, '0');
  say(s, '3');
  t.is(lines(say(s, '刚才打错了，应该是5'))[1], '我理解为：把一、本年新收·自然人由3改为5。（您没有说明是哪一行，按上一条记录理解。）');
  say(s, '是');
  t.deepEqual(['natural', 'business', 'otherOrg', 'total'].map((c) => value(s, `requests.received.${c}`)), [5, 0, 0, 5]);
});

test('an outcome list just given (「予以公开2 不掌握1」) set two rows: the correction naming nothing asks which item and stores nothing', (t) => {
  const s = session({ format: '2021', values: zeros('2021', ['二']) });
  for (const answer of ['0', '3', '0', '予以公开2 不掌握1']) say(s, answer);
  const before = structuredClone(s.draft);
  t.is(lines(say(s, '刚才打错了，是3'))[1], `上一条记录的办理结果涉及多项。${WHICH_ROW}`);
  t.deepEqual(s.draft, before);
});

test('with nothing to go back to (nothing answered yet, or the answer just undone) a correction naming nothing asks which item, never taken as the current answer', (t) => {
  for (const text of ['刚才那个说错了，应该是4', '上一个填错了，是5', '不对不对，是15', '刚刚输错了，是三个', '4，刚才打错了']) {
    const fresh = session({ format: '2021' });
    t.is(lines(say(fresh, text))[1], WHICH_ROW, text);
    t.deepEqual(fresh.draft.report.values, {}, text);
    const undone = justAnswered7();
    say(undone, '撤销');
    t.is(lines(say(undone, text))[1], WHICH_ROW, text);
    t.is(value(undone, LICENSING), undefined, text);
  }
});

test('a correction to the value the cell already has says so and asks which item', (t) => {
  const s = justAnswered7();
  t.is(lines(say(s, '刚才填错了，是七个'))[1], `上一条记录的行政许可·本年处理决定数量已经是7。${WHICH_ROW}`);
  t.is(value(s, LICENSING), 7);
});

test('撤销 after a confirmed correction of the answer just given restores the value it replaced', (t) => {
  const s = justAnswered7();
  say(s, '上一个填错了，是5');
  say(s, '是');
  t.deepEqual(lines(say(s, '撤销')).slice(1, 3), ['已撤销上一次修改（行政许可·本年处理决定数量）。', '行政许可·本年处理决定数量：原为5，改为7']);
  t.is(value(s, LICENSING), 7);
});

// A correction said while a reading is asked about (「我理解为：行政规范性文件 3 / 1 / 12 … 对吗？」) is of
// that reading: each line means 现行有效 is 13, not 12, as an official types it on a phone.
const WHILE_ASKED: string[] = [
  '刚才那个说错了，有效的应该是13',
  '不对，有效的是13',
  '现行有效改成13',
  '不是12是13',
  '12错了，13',
  '12写错了，应该是13',
  '12不对 应该是13',
  '13，不是12',
  '不对不对 现行有效的是十三个',
  '有效的不是十二是十三',
  '哦 有效的应该是１３',
  '现在有效的是13个吧',
  '有效件数改为十三',
  '规范性文件有效的是13',
];
const HEDGED_NORMS = '规范性文件今年发了三个，废止一个，现在有效的十二个吧';
const ASKED_AGAIN = '对吗？回复“是”记录，回复“不是”不记录；也可以直接回复正确的内容。';

/** A 2021 report with 规章 answered 0 0 3 and the hedged 规范性文件 3 / 1 / 12 said back and asked about. */
function askedNorms(t: ExecutionContext) {
  const s = session({ format: '2021', values: Object.fromEntries(RULES.map((id, i) => [id, i === 2 ? 3 : 0])) });
  t.is(lines(say(s, HEDGED_NORMS))[1], '我理解为：行政规范性文件·本年制发件数 3、行政规范性文件·本年废止件数 1、行政规范性文件·现行有效件数 12。您的说法不太确定，请核实。');
  return s;
}

test('a correction while a reading is asked about, in 14 ways of typing it, changes that reading, is said back and stored only after 是', (t) => {
  for (const text of WHILE_ASKED) {
    const s = askedNorms(t);
    const before = structuredClone(s.draft);
    t.deepEqual(lines(say(s, text)).slice(1), [
      '我理解为：行政规范性文件·本年制发件数 3、行政规范性文件·本年废止件数 1、行政规范性文件·现行有效件数 13。（已按您的更正改为13，原先理解的是12。）',
      ASKED_AGAIN,
    ], text);
    t.deepEqual(s.draft, before, text);
    t.is(lines(say(s, '是'))[1], '已记录：行政规范性文件·本年制发件数 3、行政规范性文件·本年废止件数 1、行政规范性文件·现行有效件数 13。', text);
    t.deepEqual([...RULES, ...NORMS].map((id) => value(s, id)), [0, 0, 3, 3, 1, 13], text);
    t.is(stepOf(s), 'active.licensing', text);
  }
});

test('another item of the reading asked about is corrected the same way (「废止的应该是两个」, 「刚才说错了，发了四个」)', (t) => {
  for (const [text, n] of [['废止的应该是两个', [3, 2, 12]], ['不对 废止的是2', [3, 2, 12]], ['刚才说错了，发了四个', [4, 1, 12]]] as const) {
    const s = askedNorms(t);
    say(s, text);
    t.is(value(s, NORMS[0]), undefined, text);
    say(s, '是');
    t.deepEqual(NORMS.map((id) => value(s, id)), [...n], text);
  }
});

test('a number alone while a reading of three items is asked about asks which item, naming the values; the item named is said back, stored after 是', (t) => {
  for (const [text, answer] of [['13', '有效的'], ['１３', '现行有效'], ['十三', '最后一个'], ['13个吧', '现行有效件数'], ['不对，是13', '有效的那个'], ['刚才打错了 应该是13', '第三个']]) {
    const s = askedNorms(t);
    const before = structuredClone(s.draft);
    t.is(lines(say(s, text))[1], '我理解的行政规范性文件是：本年制发件数3、本年废止件数1、现行有效件数12。请问要把哪一项改为13？请回复项目名称，如“现行有效件数”。', text);
    t.deepEqual(s.draft, before, text);
    t.is(lines(say(s, answer))[1], '我理解为：行政规范性文件·本年制发件数 3、行政规范性文件·本年废止件数 1、行政规范性文件·现行有效件数 13。（已按您的更正改为13，原先理解的是12。）', text);
    t.deepEqual(s.draft, before, text);
    say(s, '是');
    t.deepEqual(NORMS.map((id) => value(s, id)), [3, 1, 13], text);
  }
});

test('a wrong value the reading asked about does not have (「不是十五是13」) asks which item and keeps the reading for 是', (t) => {
  const s = askedNorms(t);
  t.is(lines(say(s, '不是十五是13'))[1], '我理解的行政规范性文件中没有15，请说明要改哪一项，如“行政规范性文件·现行有效件数改为13”；上面的理解无误请回复“是”。');
  t.is(value(s, NORMS[0]), undefined);
  say(s, '是');
  t.deepEqual(NORMS.map((id) => value(s, id)), [3, 1, 12]);
});

test('a row other than the reading asked about, named instead, is taken as before, and the reading is said not to be recorded', (t) => {
  const s = askedNorms(t);
  t.deepEqual(lines(say(s, '不对，行政许可是11')).slice(1, 3), ['刚才询问的行政规范性文件没有记录。', '已记录：行政许可 11']);
  t.deepEqual([...NORMS, LICENSING].map((id) => value(s, id)), [undefined, undefined, undefined, 11]);
  t.is(stepOf(s), 'active.norms');
});

// Right after 「跳到第二部分」 (规章's three numbers asked), officials correcting 行政许可 (10 before) by name.
const LICENSING_NAMED = ['哦不对许可其实有11件', '不对许可其实有11件', '哦 许可其实是11', '嗯 行政许可应该是十一件', '噢不对，许可实际有11件', '不对 许可是11个', '哦对了许可是11件', '额不对许可有11件', '许可那个其实是11'];

test('right after a jump, a correction naming 行政许可 (「哦不对许可其实有11件」) changes it and says 原为 → 改为; the question stays', (t) => {
  for (const text of LICENSING_NAMED) {
    const s = session({ format: '2021', values: { [LICENSING]: 10 } });
    say(s, '跳到第二部分');
    t.is(lines(say(s, text))[1], '行政许可·本年处理决定数量：原为10，改为11', text);
    t.deepEqual(s.draft.report.values, { [LICENSING]: 11 }, text);
    t.is(stepOf(s), 'active.rules', text);
  }
  const blank = session({ format: '2021' });
  say(blank, '跳到第二部分');
  t.is(lines(say(blank, '哦不对许可其实有11件'))[1], '已记录：行政许可 11');
});

test('a message that is no number while a row of three is asked is not told to send one number', (t) => {
  const s = session({ format: '2021' });
  t.is(lines(say(s, '规章那块还要问问'))[1], '未能识别：“规章那块还要问问”不是数字。请回复如 3 1 25。');
  t.deepEqual(s.draft.report.values, {});
});

// 「刚才改错了，还是10吧」: the change just made taken back to the value said, as 「刚才那个说错了，应该是10」.
const CHANGED_BACK = ['刚才改错了，还是10吧', '改错了，还是10', '刚才改错了，应该还是10个', '哎呀刚才改错了，还是10', '上一个改错了 还是10吧', '刚刚改错了，还是原来的10', '刚才改错了还是10', '我改错了，还是10件'];

test('「刚才改错了，还是10吧」 after a change is of the cell just changed: said back, stored only after 是', (t) => {
  for (const text of CHANGED_BACK) {
    const s = session({ format: '2021', values: { [LICENSING]: 10 } });
    say(s, '跳到第二部分');
    say(s, '行政许可改成11');
    const before = structuredClone(s.draft);
    t.deepEqual(lines(say(s, text)).slice(1), ['我理解为：把行政许可·本年处理决定数量由11改为10。（您没有说明是哪一行，按上一条记录理解。）', ASKED_AGAIN], text);
    t.deepEqual(s.draft, before, text);
    t.deepEqual(lines(say(s, '是')).slice(1, 3), ['已记录：行政许可·本年处理决定数量。', '行政许可·本年处理决定数量：原为11，改为10'], text);
    t.deepEqual(s.draft.report.values, { [LICENSING]: 10 }, text);
  }
});

test('「不是，是5」 to a correction said back corrects that reading; it is never taken for the current question\'s answer', (t) => {
  for (const text of ['不是，是5', '不，是5', '不是 5', '不对，是5']) {
    const s = session({ format: '2021' });
    say(s, '规章0 规范性文件0 0 2');
    say(s, '7');
    say(s, '刚才那个说错了，应该是4');
    t.is(lines(say(s, text))[1], '我理解为：把行政许可·本年处理决定数量由7改为5。（已按您的更正改为5，原先理解的是4。）', text);
    t.deepEqual([value(s, 'active.licensing.decisions'), value(s, 'active.penalty.decisions')], [7, undefined], text);
  }
});
