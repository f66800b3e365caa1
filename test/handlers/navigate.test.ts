import test from 'ava';
import { lastTag, lines, say, session, stepOf, value, zeros } from './helpers.ts';

test('「撤销」 restores the old values of the last change and asks its question again', (t) => {
  const s = session();
  say(s, '0');
  say(s, '1 1 3');
  t.is(stepOf(s), 'active.licensing');
  const reply = lines(say(s, '撤销'));
  t.deepEqual(reply.slice(0, 5), [
    '第二部分 1/8 行 · 总进度 5% · 勾稽 ✔',
    '已撤销上一次修改（规范性文件）。',
    '规范性文件·本年新制作数量：原为1，改为未填',
    '规范性文件·本年新公开数量：原为1，改为未填',
    '规范性文件·对外公开总数量：原为3，改为未填',
  ]);
  t.is(value(s, 'active.norms.made'), undefined);
  t.is(stepOf(s), 'active.norms');
});

test('「撤销」 twice takes back two changes; with nothing left it says so', (t) => {
  const s = session();
  say(s, '0');
  say(s, '撤销');
  t.is(value(s, 'active.rules.made'), undefined);
  t.is(lines(say(s, '撤销'))[1], '没有可以撤销的修改。');
  t.is(lastTag(s), 'rejected');
});

test('「撤销」 takes back a correction, totals included', (t) => {
  const s = session({ values: { ...zeros('2019', ['二', '三']) } });
  say(s, '改 本年新收 3');
  say(s, '是');
  t.is(value(s, 'requests.received.total'), 3);
  say(s, '撤销');
  t.is(value(s, 'requests.received.natural'), 0);
  t.is(value(s, 'requests.received.total'), 0);
});

test('「上一步」 goes back one question and shows its current values', (t) => {
  const s = session();
  say(s, '0');
  const reply = lines(say(s, '上一步'));
  t.is(stepOf(s), 'active.rules');
  t.is(reply[2], '（当前：0 / 0 / 0；回复“是”保持不变）');
  say(s, '是');
  t.is(stepOf(s), 'active.norms');
});

test('「上一步」 at the first question says so', (t) => {
  const s = session();
  t.is(lines(say(s, '上一步'))[1], '已经是第一项了。');
});

test('「跳到第四部分」, 「跳到第三部分」, 「跳到总体情况」 and 「跳到行政处罚」 move the question', (t) => {
  const s = session();
  say(s, '跳到第四部分');
  t.is(stepOf(s), 'appeals.review');
  say(s, '跳到第三部分');
  t.is(stepOf(s), 'requests.carriedOver');
  say(s, '跳到总体情况');
  t.is(stepOf(s), 'texts.overview');
  say(s, '跳到行政处罚');
  t.is(stepOf(s), 'active.penalty');
  say(s, '1 0 3');
  t.is(value(s, 'active.penalty.decisions'), 3);
});

test('「下一步」 skips a question and leaves it blank', (t) => {
  const s = session();
  t.is(lines(say(s, '下一步'))[1], '规章暂未填写，稍后可回复“进度”查看未填项目。');
  t.is(stepOf(s), 'active.norms');
  t.is(value(s, 'active.rules.made'), undefined);
});

test('「帮助」 lists the commands, then the same question', (t) => {
  const s = session();
  const reply = lines(say(s, '帮助'));
  t.is(reply[1], '可用指令：');
  t.is(reply.at(-2), '规章：请依次回复 本年新制作数量、本年新公开数量、对外公开总数量，如 3 3 25；没有请回复“无”');
  t.is(lastTag(s), 'info');
});

test('「这一项是什么意思」 answers from the notes of formats.ts, then asks the same question', (t) => {
  const s = session();
  say(s, '0');
  say(s, '0');
  const reply = lines(say(s, '这一项是什么意思？'));
  t.deepEqual(reply.slice(1, 5), [
    '行政许可：本单位以自己名义作出的行政许可决定（准予或不予许可），按决定书的份数计，如乡镇的乡村建设规划许可、临时占用道路审批等（以本级权责清单为准）。便民服务中心只代收材料、由县级部门审批的，不算本单位的许可。',
    '上一年项目数量：上一年末的事项（项目）个数，不是办件量。',
    '本年增/减：本年事项个数的净增减，减少写负数（如 -8），不是办件量。',
    '处理决定数量：本年对这类事项作出决定的件数（办件量），按决定的份数计，不是事项个数。',
  ]);
  t.is(reply.at(-1), '行政许可：请依次回复 上一年项目数量、本年增/减、处理决定数量，如 5 0 57；没有请回复“无”');
  t.is(stepOf(s), 'active.licensing');
});

test('「？」 and 「规章是什么意思」 are questions about meaning', (t) => {
  const s = session();
  t.is(lines(say(s, '？'))[1], '规章：规章只有设区的市、自治州以上人民政府制定，乡镇、街道一般为0。');
  t.is(lines(say(s, '行政强制是什么意思'))[1], '行政强制：本单位作出的行政强制措施和行政强制执行决定（如查封、扣押、强制拆除），按决定书的份数计。');
});

test('questions in any phrasing answer about the item they name, in a few lines, then the question again', (t) => {
  const s = session({ format: '2021' });
  const licensing = lines(say(s, '行政许可是指什么？我们镇便民服务中心办的算不算'));
  t.true(licensing[1].startsWith('行政许可：本单位以自己名义作出的行政许可决定'));
  t.true(licensing[1].includes('便民服务中心只代收材料'));
  t.is(licensing[2], '本年处理决定数量：本年1月1日至12月31日作出决定的件数，按决定书的份数计（如57份许可决定书填57），不是事项个数，也不是受理的申请数。');
  t.is(licensing[3], '规章：请依次回复 本年制发件数、本年废止件数、现行有效件数，如 3 1 25；没有请回复“无”');
  t.is(lines(say(s, '本年处理决定数量是什么'))[1], '本年处理决定数量：本年1月1日至12月31日作出决定的件数，按决定书的份数计（如57份许可决定书填57），不是事项个数，也不是受理的申请数。');
  t.is(lines(say(s, '现行有效包括今年发的吗'))[1], '现行有效件数：截至年底现行有效的件数，一般为上年现行有效件数加本年制发减本年废止。');
  t.is(stepOf(s), 'active.rules');
  t.deepEqual(s.draft.report.values, {});
});

test('「什么意思」 at the outcome rows answers in three lines and says how to ask about one row', (t) => {
  const s = session({ values: { ...zeros('2019', ['二']), ...Object.fromEntries(['received', 'carriedOver', 'carriedForward'].flatMap((r) => ['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg'].map((c) => [`requests.${r}.${c}`, r === 'received' && c === 'natural' ? 3 : 0]))) } });
  t.is(stepOf(s), 'requests.outcomes');
  const reply = lines(say(s, '什么意思'));
  t.true(reply[1].startsWith('办理结果：本年办结的每件申请只计入一行'));
  t.is(reply[3], '想了解某一项，可以问如“不掌握是什么意思”。');
  t.true(s.last!.replies.every((r) => Buffer.byteLength(r, 'utf8') <= 2048));
  t.is(reply[0], '第三部分 3/22 行 · 待归入3件 · 总进度 61% · 勾稽 ✔');
  t.is(lines(say(s, '不掌握是什么意思'))[1], '（四）1.不掌握：条例第三十六条第（四）（五）项：本机关不掌握该信息。');
});

test('「撤销」 of a row says the recomputed total as a user reads it, 未填 when it is empty again', (t) => {
  const s = session({ values: { ...zeros('2019', ['二']) } });
  say(s, '1');
  t.true(lines(say(s, '撤销')).includes('合计已重新计算（二、上年结转·总计：原为1，现为未填）。'));
  t.is(value(s, 'requests.carriedOver.total'), undefined);
});

test('「结果纠正指的啥」 and its kin are answered with the meaning of 结果纠正, at section 四 and elsewhere, and store nothing', (t) => {
  const corpus = ['结果纠正指的啥', '结果纠正指啥', '结果纠正指的是什么', '结果纠正指的是啥呀', '结果纠正是指什么', '结果纠正啥意思', '结果纠正怎么算', '结果纠正包括哪些', '什么叫结果纠正'];
  const at = { 'appeals.review': zeros('2021', ['二', '三']), 'active.rules': {} };
  for (const [step, values] of Object.entries(at)) {
    for (const text of corpus) {
      const s = session({ format: '2021', values });
      t.is(stepOf(s), step);
      t.is(lines(say(s, text))[1], '结果纠正：被撤销、确认违法、责令履行等结果纠正的件数。', text);
      t.is(lastTag(s), 'info', text);
      t.is(value(s, 'appeals.review.corrected'), undefined, text);
      t.is(stepOf(s), step, text);
    }
  }
  const meaning = say(session({ format: '2021' }), '行政许可是什么意思');
  for (const text of ['行政许可指的啥', '行政许可是指什么', '什么叫行政许可']) t.is(say(session({ format: '2021' }), text), meaning, text);
});
