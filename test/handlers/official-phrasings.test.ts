// Phrasings of a township official (a tester who did not know the code) that were stored wrong,
// dropped or refused: each is played as typed, with a few variants, and the stored draft and the
// reply are checked exactly.
import test from 'ava';
import { lastTag, lines, say, session, stepOf, value, zeros, type Session } from './helpers.ts';

/** The cells of a row, by column key. */
function rowOf(s: Session, prefix: string, keys: string[]): Record<string, number | null | undefined> {
  return Object.fromEntries(keys.map((k) => [k, value(s, `${prefix}.${k}`)]));
}
const APPLICANTS = ['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'];
const APPEAL = ['upheld', 'corrected', 'other', 'pending', 'total'];

/** A 2021 report at the outcome list with 3 applications of 自然人 to place. */
function atOutcomes(): Session {
  const s = session({ format: '2021', values: zeros('2021', ['二']) });
  for (const text of ['0', '3', '0']) say(s, text);
  return s;
}

const OTHER_HANDLING_QUESTION = '「其他处理」在本格式中分为三项：1.逾期不补正、2.逾期未缴费、3.其他（如申请人撤回申请），上面按“3.其他”理解。如属于前两项，请直接回复，如“逾期不补正1”或“逾期未缴费1”。';

test('2021: 「其他处理1」 in an outcome list is said back as （六）3.其他 and asked about; 是 stores it', (t) => {
  const s = atOutcomes();
  const reply = lines(say(s, '予以公开2 其他处理1'));
  t.is(reply[1], `我理解为：（一）予以公开 自然人2件；（六）3.其他 自然人1件。${OTHER_HANDLING_QUESTION}`);
  t.deepEqual(s.last?.choice?.buttons.map((b) => b.key), ['是', '不是']);
  t.is(value(s, 'requests.otherHandling.other.natural'), undefined);
  t.is(value(s, 'requests.granted.natural'), undefined);
  t.is(lines(say(s, '是'))[1], '已记录：（一）予以公开 自然人2件；（六）3.其他 自然人1件。');
  t.is(value(s, 'requests.granted.natural'), 2);
  t.is(value(s, 'requests.otherHandling.other.natural'), 1);
  t.is(value(s, 'requests.otherHandling.noCorrection.natural'), 0);
  t.is(value(s, 'requests.total.total'), 3);
  t.is(stepOf(s), 'appeals.review');
});

test('2021: the outcome list\'s example names a row of （六） (申请人撤回), not the heading 其他处理', (t) => {
  const s = atOutcomes();
  t.true(say(s, '进度').includes('请列出本年各办理结果及件数，没有的不用写，如：予以公开9 部分公开1 不掌握8 申请人撤回2'));
  say(s, '予以公开1 申请人撤回2');
  t.is(lastTag(s), 'changed');
  t.is(value(s, 'requests.otherHandling.other.natural'), 2);
});

test('2021: after 「其他处理1」 the official names the row meant (逾期不补正1): that row is stored, not （六）3', (t) => {
  const s = atOutcomes();
  say(s, '予以公开2');
  t.is(lines(say(s, '其他处理1'))[1], `我理解为：（六）3.其他 自然人1件。${OTHER_HANDLING_QUESTION}`);
  t.deepEqual(lines(say(s, '逾期不补正1')).slice(1, 3), ['刚才询问的（六）3.其他 自然人1件没有记录。', '已记录：（六）1.逾期不补正 自然人1件']);
  t.is(value(s, 'requests.otherHandling.noCorrection.natural'), 1);
  t.is(value(s, 'requests.otherHandling.other.natural'), 0);
  t.is(value(s, 'requests.total.total'), 3);
});

test('2021: 「不是」 to the reading of 「其他处理」 stores nothing', (t) => {
  const s = atOutcomes();
  say(s, '予以公开2 其他处理1');
  say(s, '不是');
  t.is(value(s, 'requests.otherHandling.other.natural'), undefined);
  t.is(value(s, 'requests.granted.natural'), undefined);
});

test('2021: 「其他处理」 is （六）3 without a question when （六）1 and （六）2 are named beside it, or when it is a withdrawal', (t) => {
  const cases: [string[], number[]][] = [
    [['逾期不补正1 未缴费1 其他处理1'], [1, 1, 1]],
    [['予以公开2', '其他处理1（撤回）'], [0, 0, 1]],
    [['申请人撤回3'], [0, 0, 3]],
  ];
  for (const [texts, expected] of cases) {
    const s = atOutcomes();
    for (const text of texts) say(s, text);
    t.is(lastTag(s), 'changed', texts.join(' / '));
    t.deepEqual(['noCorrection', 'unpaidFee', 'other'].map((r) => value(s, `requests.otherHandling.${r}.natural`)), expected, texts.join(' / '));
    t.is(value(s, 'requests.total.total'), 3);
  }
});

test('2019: 「其他处理1」 is the one row （六）其他处理, stored at once', (t) => {
  const s = session({ format: '2019', values: zeros('2019', ['二']) });
  for (const text of ['0', '3', '0']) say(s, text);
  t.is(lines(say(s, '予以公开2 其他处理1'))[1], '已记录：（一）予以公开 自然人2件；（六）其他处理 自然人1件');
  t.is(value(s, 'requests.otherHandling.natural'), 1);
});

test('2021: a correction naming 「其他处理」 (「改 其他处理 1」, 「其他处理改成1」) is asked about too', (t) => {
  for (const text of ['改 其他处理 1', '其他处理改成1']) {
    const s = session({ format: '2021', values: zeros('2021', ['二', '三']) });
    t.is(lines(say(s, text))[1], `我理解为：（六）3.其他·自然人 1。${OTHER_HANDLING_QUESTION}`, text);
    t.is(value(s, 'requests.otherHandling.other.natural'), 0, text);
  }
});

test('a hedged 「好像有1件复议，还没出结果」 is said back and asked; 是 stores 行政复议 尚未审结 1 with its 总计', (t) => {
  for (const text of ['好像有1件复议，还没出结果', '复议大概1件吧，还在审', '复议应该有1件，结果还没出']) {
    const s = session({ format: '2021', values: zeros('2021', ['二', '三']) });
    const reply = lines(say(s, text));
    t.is(reply[1], '我理解为：行政复议·尚未审结 1，行政复议·结果维持、结果纠正、其他结果 为0。您的说法不太确定，请核实。', text);
    t.is(value(s, 'appeals.review.pending'), undefined);
    t.is(lines(say(s, '是'))[1], '已记录：行政复议·尚未审结 1，行政复议·结果维持、结果纠正、其他结果 为0。');
    t.deepEqual(rowOf(s, 'appeals.review', APPEAL), { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 });
    t.is(stepOf(s), 'appeals.directSuit');
  }
});

test('「是」 to 「复议共1件，分别是哪一项？」 asks again (nothing dropped); 「复议那个是尚未审结」 then answers it', (t) => {
  const s = session({ format: '2021', values: zeros('2021', ['二', '三']) });
  say(s, '复议1件');
  const again = lines(say(s, '是'));
  t.is(again[1], '请说明这1件属于哪一项。');
  t.is(again[2], '行政复议共1件，请问分别是哪一项？如“结果维持1”，或依次回复 结果维持、结果纠正、其他结果、尚未审结（如 1 0 0 0）。');
  say(s, '复议那个是尚未审结');
  t.deepEqual(rowOf(s, 'appeals.review', APPEAL), { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 });
});

test('「复议那个是尚未审结」 later, at a text, is no text: the count the row has is said back and asked; with no count, the count is asked', (t) => {
  const s = session({ format: '2021', values: { ...zeros('2021', ['二', '三', '四']), 'appeals.review.upheld': 1, 'appeals.review.total': 1 } });
  t.is(stepOf(s), 'texts.overview');
  const reply = lines(say(s, '复议那个是尚未审结'));
  t.is(reply[1], '我理解为：行政复议·尚未审结 1，其余各项为0。即行政复议共1件，都是尚未审结。');
  t.is(s.draft.report.texts.overview, undefined);
  say(s, '是');
  t.deepEqual(rowOf(s, 'appeals.review', APPEAL), { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 });
  t.is(s.draft.report.texts.overview, undefined);

  const blank = session({ format: '2021', values: zeros('2021', ['二', '三', '四']) });
  t.is(lines(say(blank, '复议那个是尚未审结'))[1], '请问行政复议中尚未审结的有几件？请连同件数回复，如“复议尚未审结1件”；行政复议的其他结果没有的，可以说“其余都是0”。');
  t.is(blank.draft.report.texts.overview, undefined);
  t.is(value(blank, 'appeals.review.pending'), 0);
});

test('「上面那个填错了，上年没有结转的，8件是今年收的」 is said back as 上年结转 0 and 本年新收 8 and stored on 是', (t) => {
  for (const [text, received] of [['上面那个填错了，上年没有结转的，8件是今年收的', 8], ['搞错了，去年结转的是0件，今年收了8件', 8], ['填反了，上年没有结转，今年新收的是8件', 8]] as const) {
    const s = session({ format: '2021', values: zeros('2021', ['二']) });
    say(s, '3');
    say(s, '5');
    const reply = lines(say(s, text));
    t.is(reply[1], `我理解为：上年结转 0件；本年新收 自然人${received}件。（按您的更正理解，单个数字记为自然人。）`, text);
    t.is(value(s, 'requests.carriedOver.natural'), 3);
    t.deepEqual(lines(say(s, '是')).slice(1, 4), [`已记录：上年结转 0件；本年新收 自然人${received}件。`, '一、本年新收·自然人：原为5，改为8', '二、上年结转·自然人：原为3，改为0']);
    t.deepEqual(rowOf(s, 'requests.carriedOver', APPLICANTS), { natural: 0, business: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 0 });
    t.deepEqual(rowOf(s, 'requests.received', APPLICANTS), { natural: 8, business: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 8 });
    t.is(stepOf(s), 'requests.carriedForward');
  }
});

test('「不对啊，上年结转是0」 corrects 上年结转 to 0 in every column', (t) => {
  for (const text of ['不对啊，上年结转是0', '不对，上年结转是0', '不对呀，上年结转应该是0']) {
    const s = session({ format: '2021', values: zeros('2021', ['二']) });
    say(s, '1 2 0 0 0 0');
    const reply = lines(say(s, text));
    t.deepEqual(reply.slice(1, 3), ['二、上年结转·自然人：原为1，改为0', '二、上年结转·商业企业：原为2，改为0'], text);
    t.deepEqual(rowOf(s, 'requests.carriedOver', APPLICANTS), { natural: 0, business: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 0 });
  }
});

test('「本年新收20件，其中自然人17件，法人3件」: 自然人 17, and which of the five 法人 columns is asked; the answer stores the row', (t) => {
  for (const format of ['2019', '2021'] as const) {
    const s = session({ format, values: zeros(format, ['二']) });
    const reply = lines(say(s, '本年新收20件，其中自然人17件，法人3件'));
    t.is(reply[1], '我理解为：本年新收自然人17件，法人或其他组织3件（共20件）。表中法人或其他组织分为商业企业、科研机构、社会公益组织、法律服务机构、其他五类，请问这3件属于哪一类？如“企业3”，或分别写明，如“企业2 律所1”。');
    t.is(value(s, 'requests.received.natural'), undefined);
    t.deepEqual(lines(say(s, '企业2')).slice(1), ['您写的各类合计2件，与法人或其他组织3件不符。', '表中法人或其他组织分为商业企业、科研机构、社会公益组织、法律服务机构、其他五类，请问这3件属于哪一类？如“企业3”，或分别写明，如“企业2 律所1”。不记录请回复“不是”。']);
    t.is(value(s, 'requests.received.natural'), undefined);
    t.is(lines(say(s, '企业2 律所1'))[1], '已记录：本年新收 自然人17、商业企业2、法律服务机构1（共20件）');
    t.deepEqual(rowOf(s, 'requests.received', APPLICANTS), { natural: 17, business: 2, research: 0, publicInterest: 0, legalService: 1, otherOrg: 0, total: 20 });
    t.is(stepOf(s), 'requests.carriedOver');
  }
});

test('法人 at the 本年新收 question: 「20件，自然人17件，法人或其他组织3件」 then 「都是企业」', (t) => {
  const s = session({ format: '2021', values: zeros('2021', ['二']) });
  say(s, '0');
  say(s, '20件，自然人17件，法人或其他组织3件');
  say(s, '都是企业');
  t.deepEqual(rowOf(s, 'requests.received', APPLICANTS), { natural: 17, business: 3, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 20 });
  t.is(stepOf(s), 'requests.carriedForward');
});

test('法人 counts that do not add up to the total said are refused, nothing stored', (t) => {
  const s = session({ format: '2021', values: zeros('2021', ['二']) });
  say(s, '0');
  t.is(lines(say(s, '本年新收20件，自然人16件，法人3件'))[1], '您说本年新收共20件，但自然人16件加法人或其他组织3件是19件，请核对后重新回复。');
  t.is(value(s, 'requests.received.natural'), undefined);
});

test('「上年结转2件」 is confirmed as what was stored: 上年结转 自然人2件, the row complete', (t) => {
  for (const text of ['上年结转2件', '上年结转2', '上年结转两件']) {
    const s = session({ format: '2021', values: zeros('2021', ['二']) });
    t.is(lines(say(s, text))[1], '已记录：上年结转 自然人2件', text);
    t.deepEqual(rowOf(s, 'requests.carriedOver', APPLICANTS), { natural: 2, business: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 2 });
    t.is(stepOf(s), 'requests.received');
  }
});

const OVERVIEW = '2022年，我镇认真贯彻落实《条例》。全年主动公开政府信息98条，其中政策文件12件。\n全年收到政府信息公开申请3件，均按期答复。';
const done = () => session({ format: '2021', values: zeros('2021', ['二', '三', '四']), texts: { overview: OVERVIEW, problems: '一是政策解读形式单一，下一步将加以改进。', other: '无' } });

test('「总体情况里的主动公开条数改成120」 changes that figure only, after a 是; 撤销 restores it', (t) => {
  for (const text of ['总体情况里的主动公开条数改成120', '总体情况里的98改成120', '把总体情况中的主动公开改为120条']) {
    const s = done();
    t.is(lines(say(s, text))[1], '我理解为：把总体情况中「…》。全年主动公开政府信息98条，其中政策文件…」的98改为120，其余文字不变。', text);
    t.is(s.draft.report.texts.overview, OVERVIEW);
    t.is(lines(say(s, '是'))[1], '已修改总体情况中的数字，其余文字不变。回复“撤销”可恢复。');
    t.is(s.draft.report.texts.overview, OVERVIEW.replace('98条', '120条'));
    say(s, '撤销');
    t.is(s.draft.report.texts.overview, OVERVIEW);
  }
});

test('a figure of the overview that names two numbers, or none, is asked about and the text is kept', (t) => {
  const s = done();
  t.is(lines(say(s, '总体情况里的公开改成5'))[1], '总体情况中找到2处“公开”后的数字（98、3），请说明改哪一处，如“总体情况里的98改成5”；也可以回复“重写总体情况”，再发送修改后的全文（全文将被替换）。原文未作改动。');
  t.is(lines(say(s, '总体情况里的依申请公开改成5'))[1], '总体情况中没有找到“依申请公开”对应的数字，请写明原来的数字，如“总体情况里的98改成5”；也可以回复“重写总体情况”，再发送修改后的全文（全文将被替换）。原文未作改动。');
  say(s, '不是');
  t.is(s.draft.report.texts.overview, OVERVIEW);
  t.is(s.draft.report.texts.problems, '一是政策解读形式单一，下一步将加以改进。');
});

test('「改总体情况」 says that what is sent next replaces the whole text, and how to change one figure', (t) => {
  const s = done();
  t.is(lines(say(s, '改总体情况'))[1], '好的，请重新发送总体情况，新内容将替换原有全文（共64字，发送前原文保留；只改其中一个数字可说“总体情况里的98改成120”）。');
  t.is(s.draft.report.texts.overview, OVERVIEW);
});

test('「这个报告提交以后还能改吗」 is answered truthfully for each state of the report', (t) => {
  const draft = '提交后报告即锁定，您不能再自行修改，也不能自行撤回。如需修改，请联系审核人（上级政务公开办）退回；退回后可以修改审核人指出的项目，改好后回复“提交”重新提交。提交前可回复“预览”核对全部内容。';
  for (const text of ['这个报告提交以后还能改吗', '提交了还能撤回吗？', '交上去以后发现错了还能改吗', '报告提交后可以修改吗']) {
    const s = session({ format: '2021' });
    t.true(say(s, text).split('\n').includes(draft), text);
    t.deepEqual(s.draft.report.values, {});
  }
  const submitted = session({ format: '2021', status: 'submitted' });
  t.true(say(submitted, '这个报告提交以后还能改吗').includes('报告已提交，正在等待审核，目前不能自行修改，也不能自行撤回。如需修改，请联系审核人（上级政务公开办）退回'));
  const returned = session({ format: '2021', status: 'returned', reopened: ['requests.received.natural'] });
  t.true(say(returned, '提交以后还能改吗').includes('报告已被审核人退回，现在可以修改审核人指出的项目，改好后回复“提交”重新提交。'));
  const approved = session({ format: '2021', status: 'approved' });
  t.true(say(approved, '提交以后还能改吗').includes('报告已审核通过，不能再修改。如确需修改，请联系审核人。'));
});

test('while the overview is open, 「主动公开条数改成120」 changes that figure (asked), and what is sent next is added after the text', (t) => {
  for (const text of ['主动公开条数改成120', '把主动公开的98条改成120条']) {
    const s = done();
    say(s, '跳到第一部分');
    t.is(lines(say(s, text))[1], '我理解为：把总体情况中「…》。全年主动公开政府信息98条，其中政策文件…」的98改为120，其余文字不变。', text);
    t.is(s.draft.report.texts.overview, OVERVIEW);
    t.is(lines(say(s, '是'))[1], '已修改总体情况中的数字，其余文字不变。回复“撤销”可恢复。继续发送的内容将接在总体情况原文之后；写完请回复“完成”。');
    say(s, '全年未发生因政府信息公开工作被追责的情况。');
    t.is(s.draft.report.texts.overview, `${OVERVIEW.replace('98条', '120条')}\n全年未发生因政府信息公开工作被追责的情况。`);
  }
});

test('while the overview is open, 「行政处罚改成3」 is about the table, not a figure of the text', (t) => {
  const s = done();
  say(s, '跳到第一部分');
  t.is(lines(say(s, '行政处罚改成3'))[1], '行政处罚·本年处理决定数量：原为0，改为3');
  t.is(value(s, 'active.penalty.decisions'), 3);
  t.is(s.draft.report.texts.overview, OVERVIEW);
});

test('2021: other ways of saying 「其他处理」 in the outcome list are asked about too, nothing stored before 是', (t) => {
  for (const text of ['3件都是其他处理', '都是其他处理', '其他处理 自然人3', '3件其他处理', '自然人：予以公开2，其他处理1']) {
    const s = atOutcomes();
    const reply = lines(say(s, text));
    t.true(reply[1].startsWith('我理解为：') && reply[1].endsWith(OTHER_HANDLING_QUESTION), text);
    t.is(value(s, 'requests.otherHandling.other.natural'), undefined, text);
    t.is(stepOf(s), 'requests.outcomes', text);
  }
  const s = atOutcomes();
  t.is(lines(say(s, '都是其他处理'))[1], `我理解为：（六）3.其他 自然人3件。${OTHER_HANDLING_QUESTION}`);
  say(s, '是');
  t.deepEqual(['noCorrection', 'unpaidFee', 'other'].map((r) => value(s, `requests.otherHandling.${r}.natural`)), [0, 0, 3]);
});

test('a correction of 上年结转 with the words around it (「填错了，是0」, 「不是3，是0」, 「那个填错了，应该没有」) corrects it to 0', (t) => {
  for (const text of ['刚才上年结转填错了，是0', '上年结转不是3，是0', '上年结转错了，应该是0', '上年结转那个填错了，应该没有']) {
    const s = session({ format: '2021', values: zeros('2021', ['二']) });
    say(s, '3');
    say(s, '5');
    t.is(lines(say(s, text))[1], '二、上年结转·自然人：原为3，改为0', text);
    t.deepEqual(rowOf(s, 'requests.carriedOver', APPLICANTS), { natural: 0, business: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 0 });
    t.is(value(s, 'requests.received.natural'), 5);
  }
});

test('a restatement without the rows\' names (「去年结转的应该是0」, 「今年收的应该是8件，上年没有结转」) is said back and asked', (t) => {
  const cases: [string, string][] = [
    ['去年结转的应该是0', '我理解为：上年结转 0件。（按您的更正理解，单个数字记为自然人。）'],
    ['今年收的应该是8件，上年没有结转', '我理解为：本年新收 自然人8件；上年结转 0件。（按您的更正理解，单个数字记为自然人。）'],
  ];
  for (const [text, understood] of cases) {
    const s = session({ format: '2021', values: zeros('2021', ['二']) });
    say(s, '3');
    say(s, '5');
    t.is(lines(say(s, text))[1], understood, text);
    t.is(value(s, 'requests.carriedOver.natural'), 3);
    say(s, '是');
    t.is(value(s, 'requests.carriedOver.total'), 0);
  }
});

test('asked which 法人 columns, 「稍等，我看看」 keeps the question: a lone 「3」 then is asked again, never stored as the current row', (t) => {
  const s = session({ format: '2021', values: zeros('2021', ['二']) });
  say(s, '本年新收20件，其中自然人17件，法人3件');
  say(s, '稍等，我看看');
  t.is(lines(say(s, '3'))[1], '未能识别“3”。');
  t.is(value(s, 'requests.carriedOver.natural'), undefined);
  t.is(value(s, 'requests.received.natural'), undefined);
  say(s, '2个企业，1个律所');
  t.deepEqual(rowOf(s, 'requests.received', APPLICANTS), { natural: 17, business: 2, research: 0, publicInterest: 0, legalService: 1, otherOrg: 0, total: 20 });
  t.is(value(s, 'requests.carriedOver.natural'), undefined);
});

test('「行政执法案卷2件，另一件逾期不补正」: the other one is 1 of the outcome named after it', (t) => {
  for (const text of ['行政执法案卷2件，另一件逾期不补正', '予以公开2件，另外1件是不掌握的']) {
    const s = atOutcomes();
    say(s, text);
    const [first, second] = text.startsWith('行政') ? ['refused.enforcementFile', 'otherHandling.noCorrection'] : ['granted', 'unavailable.notHeld'];
    t.deepEqual([value(s, `requests.${first}.natural`), value(s, `requests.${second}.natural`), value(s, 'requests.total.natural')], [2, 1, 3], text);
  }
});

test('a correction no reader can place is asked about, never stored as the answer to the question asked (「不对 废止的是2个」 while 行政许可 is asked)', (t) => {
  for (const text of ['不对 废止的是2个', '不对 现行有效的是44个', '刚才那个是210', '错了 应该是3']) {
    const s = session({ format: '2021', values: zeros('2021', ['二']) });
    const before = JSON.stringify(s.draft);
    const reply = say(s, text);
    t.true(reply.includes('请说明要修改哪一项'), `${text}: ${reply}`);
    t.is(JSON.stringify(s.draft), before, text);
  }
});

test('「等下 我问问领导」 while a text is being written keeps it open: the paragraph sent next goes into that text, not the next section', (t) => {
  const s = session({ format: '2021', values: zeros('2021', ['二', '三', '四']), texts: { overview: '本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开工作。' } });
  t.is(stepOf(s), 'texts.problems');
  say(s, '一是政务公开专业人员不足。');
  const wait = say(s, '等下 我问问领导');
  t.regex(wait, /仍在填写中/);
  say(s, '二是将加强培训，提升公开质量。');
  t.is(s.draft.report.texts.problems, '一是政务公开专业人员不足。\n二是将加强培训，提升公开质量。');
  t.falsy(s.draft.report.texts.other);
});

test('a correction that names its row after 「刚才说错了」 corrects that row; 「上面填的没问题」 (no figure) is not taken for a correction', (t) => {
  const s = session({ format: '2021', values: zeros('2021', []) });
  t.regex(say(s, '刚才说错了，行政许可是5'), /已记录：行政许可 5/);
  t.is(value(s, 'active.licensing.decisions'), 5);
  const calm = session({ format: '2021', values: zeros('2021', []) });
  t.notRegex(say(calm, '上面填的没问题'), /请说明要修改哪一项/);
});

test('「自然人1，其余为0」 and its kin make the unnamed columns 0, not a total of 0', (t) => {
  for (const text of ['自然人1，其余为0', '自然人1件，其余都是0', '自然人1件 剩下的都是0', '自然人1个，其他的都为0']) {
    const s = session({ values: { ...zeros('2019', ['二']) } });
    say(s, text);
    t.deepEqual(['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'].map((c) => value(s, `requests.carriedOver.${c}`)), [1, 0, 0, 0, 0, 0, 1], text);
  }
});

test('「规范性文件发了1个」 asked at 规章: the row is named back with what is missing, not called unrecognised, and nothing is stored', (t) => {
  const s = session({ format: '2021' });
  t.is(lines(say(s, '规范性文件发了1个'))[1], '行政规范性文件的本年废止件数、现行有效件数没有说明，请一并回复，没有的写0。');
  t.is(lastTag(s), 'rejected');
  t.is(value(s, 'active.norms.issued'), undefined);
});

test('「自然人1，其余2」 may mean 2 in all or 2 each: asked with the whole row to be given, nothing stored; the row given in order is then taken', (t) => {
  const columns = ['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg'].map((c) => `requests.carriedOver.${c}`);
  for (const [text, rest] of [['自然人1，其余2', '其余2'], ['自然人1件，其余都是2', '其余都是2'], ['自然人一个 剩下的两个', '剩下的两个'], ['自然人1，别的各2个', '别的各2个']]) {
    const s = session({ values: { ...zeros('2019', ['二']) } });
    t.is(lines(say(s, text))[1], `“${rest}”可以理解为其余5项（商业企业、科研机构、社会公益组织、法律服务机构、其他）合计，也可以理解为每项都是这个数。`
      + '为免填错，请按 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 的顺序把6项都告诉我，如每项都是2，请回复 1 2 2 2 2 2。', text);
    t.is(lastTag(s), 'rejected', text);
    t.deepEqual(columns.map((id) => value(s, id)), Array(6).fill(undefined), text);
    say(s, '1 1 0 0 1 0');
    t.deepEqual(columns.map((id) => value(s, id)), [1, 1, 0, 0, 1, 0], text);
  }
  // A row named first (「规章发了1个，其余2」) is asked the same way.
  const named = session({ format: '2021' });
  t.is(lines(say(named, '规章发了1个，其余2'))[1], '“其余2”可以理解为其余2项（本年废止件数、现行有效件数）合计，也可以理解为每项都是这个数。为免填错，请按 本年制发件数 本年废止件数 现行有效件数 的顺序把3项都告诉我，如每项都是2，请回复 1 2 2。');
  t.is(value(named, 'active.rules.issued'), undefined);
});
