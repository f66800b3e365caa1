import test from 'ava';
import { formats } from '../../src/report/formats.ts';
import type { Report } from '../../src/report/report.ts';
import { lastTag, lines, previousWith, say, session, stepOf, type SessionOptions } from './helpers.ts';

/** Tables complete: 23 received, 22 concluded (granted), 1 carried forward; texts not yet written. */
function tablesDone(previous?: Report) {
  const values: Record<string, number> = {};
  for (const cell of formats['2019'].cells) values[cell.id] = 0;
  Object.assign(values, {
    'requests.received.natural': 23, 'requests.received.total': 23, 'requests.granted.natural': 22, 'requests.granted.total': 22,
    'requests.total.natural': 22, 'requests.total.total': 22, 'requests.carriedForward.natural': 1, 'requests.carriedForward.total': 1,
  });
  return session({ values, previous });
}

test('a text is collected over several messages, joined by line breaks, with its length shown', (t) => {
  const s = tablesDone();
  t.is(stepOf(s), 'texts.overview');
  t.is(lines(say(s, '本年度，我镇坚持以公开为常态、不公开为例外。'))[1], '已记入总体情况（第1段，全文共22字）：「本年度，我镇坚持以公开为常态、不公开为例外。」');
  t.is(lines(say(s, '主动公开政府信息三百条，依申请公开办理规范。'))[1], '已记入总体情况（第2段，全文共44字）：「主动公开政府信息三百条，依申请公开办理规范。」');
  t.is(s.draft.report.texts.overview, '本年度，我镇坚持以公开为常态、不公开为例外。\n主动公开政府信息三百条，依申请公开办理规范。');
  t.is(lines(say(s, '完成'))[1], '总体情况已记录（2段，共44字）。');
  t.is(stepOf(s), 'texts.problems');
});

test('「撤销」 after paragraphs takes them back one by one, and the state keeps no copy of the text per paragraph', (t) => {
  const s = tablesDone();
  const paragraphs = ['本年度，我镇坚持以公开为常态、不公开为例外。', '主动公开政府信息三百条，依申请公开办理规范。', '政务新媒体运行平稳，全年未发生泄密事件。'];
  for (const p of paragraphs) say(s, p);
  t.is(s.draft.report.texts.overview, paragraphs.join('\n'));
  // Each paragraph is in the state once at most (in the undo entry of the first, which had no text before it).
  const state = JSON.stringify(s.state);
  t.is(state.split(paragraphs[0]).length - 1, 0);
  t.true(lines(say(s, '撤销'))[1].startsWith('已撤销上一次修改（总体情况）'));
  t.is(s.draft.report.texts.overview, paragraphs.slice(0, 2).join('\n'));
  say(s, '撤销');
  t.is(s.draft.report.texts.overview, paragraphs[0]);
  say(s, '撤销');
  t.is(s.draft.report.texts.overview, undefined);
});

test('「无」 is refused for 总体情况 and for 存在的主要问题, with the reason', (t) => {
  const s = tablesDone();
  t.is(lines(say(s, '无'))[1], '总体情况不能为“无”：报告的六个部分须齐全。请概述本年主动公开、依申请公开、政府信息管理、平台建设和监督保障等情况。');
  t.is(lastTag(s), 'rejected');
  say(s, '跳到第五部分');
  t.is(lines(say(s, '没有'))[1], '存在的主要问题及改进情况不能为“无”：应写明本年存在的问题和改进措施，如“一是政策解读形式较单一……下一步将……”。');
  t.is(s.draft.report.texts.problems, undefined);
});

test('「无」 is fine for 其他需要报告的事项 and is kept as typed', (t) => {
  const s = tablesDone();
  say(s, '跳到第六部分');
  t.is(lines(say(s, '无。'))[1], '已记录：其他需要报告的事项 无。');
  t.is(s.draft.report.texts.other, '无。');
});

test('「完成」 with nothing sent is refused', (t) => {
  const s = tablesDone();
  t.is(lines(say(s, '完成'))[1], '尚未收到总体情况的内容。');
});

test('text too short or without Chinese is refused and changes nothing', (t) => {
  const s = tablesDone();
  for (const text of ['12345', 'abc', '<>']) {
    t.is(lines(say(s, text))[1], '未能识别为总体情况的文字内容。请发送成段的文字，如“本年度，我镇坚持以公开为常态……”。', text);
  }
  t.is(say(s, 'ok'), '好的，请继续发送正文，写完后回复“完成”。');
  t.is(say(s, '😀👌'), '好的，不着急。已填写的内容都已保存，您准备好后直接回复即可。', 'an emoji is small talk');
  t.is(s.draft.report.texts.overview, undefined);
});

test('figures in the overview that disagree with the tables are reported after 完成 (T1)', (t) => {
  const s = tablesDone();
  say(s, '本年度新收到政府信息公开申请共计24件，办结申请22件。');
  const reply = lines(say(s, '完成'));
  t.is(reply[2], '✖ 总体情况写明新收申请24件（「本年度新收到政府信息公开申请共计24件」），而表格中为23件。');
  t.is(reply[3], '  请核对文字与表格，改正其中有误的一处。');
  t.is(reply[0], '第五部分 存在的主要问题及改进情况 0字 · 总进度 88% · 勾稽 ✖1');
});

test('a text nearly the same as last year’s is warned about (copy-paste)', (t) => {
  const last = '本年度，我镇坚持以公开为常态、不公开为例外，认真贯彻落实政府信息公开条例，主动公开各类政府信息，依申请公开工作规范有序。';
  const s = tablesDone(previousWith({ natural: 0 }, { texts: { overview: last } }));
  say(s, last.replace('规范有序', '规范高效'));
  t.is(lines(say(s, '完成'))[2], '⚠ 本部分与上年报告的总体情况相似度达96%，请结合本年实际情况撰写，避免照搬上年内容（内容雷同会被通报）。');
});

test('a different text gets no copy warning', (t) => {
  const s = tablesDone(previousWith({ natural: 0 }, { texts: { overview: '去年的报告写的是完全不同的内容，关于平台建设和培训工作。' } }));
  say(s, '本年度，我镇坚持以公开为常态、不公开为例外，主动公开政府信息。');
  t.deepEqual(lines(say(s, '完成')).slice(1, 3), ['总体情况已记录（1段，共31字）。', '请发送存在的主要问题及改进情况（可分多条发送，发送“完成”结束）。请写明存在的问题和改进措施。']);
});

test('jumping back to a written text replaces it with the next message', (t) => {
  const s = tablesDone();
  say(s, '第一稿：本年度我镇主动公开信息。');
  say(s, '完成');
  say(s, '跳到总体情况');
  t.is(lines(say(s, '进度')).at(-1), '已有总体情况（16字）。发送新内容将替换原文（可分多条）；如要接在原文之后补充，请回复“补充总体情况”；回复“完成”保留原文。');
  say(s, '第二稿：本年度我镇主动公开信息三百条。');
  t.is(s.draft.report.texts.overview, '第二稿：本年度我镇主动公开信息三百条。');
  say(s, '撤销');
  t.is(s.draft.report.texts.overview, '第一稿：本年度我镇主动公开信息。');
});

test('a sentence containing 完成 is text, not the command', (t) => {
  const s = tablesDone();
  say(s, '本年度各项工作任务均已完成。');
  t.is(s.draft.report.texts.overview, '本年度各项工作任务均已完成。');
  t.is(stepOf(s), 'texts.overview');
});

test('a text message over 5000 characters is refused: send it in several messages', (t) => {
  const s = tablesDone();
  t.is(lines(say(s, '本'.repeat(6000)))[1], '单条内容过长（6000字），请分几条发送，每条不超过5000字。');
  t.is(lines(say(s, '本'.repeat(30000)))[1], '单条内容过长（30000字），请分几条发送，每条不超过5000字。');
  t.is(s.draft.report.texts.overview, undefined);
});

/** A 2021 report with every table cell 0 and the given texts. */
function tablesDone2021(texts: Report['texts'], options: SessionOptions = {}) {
  return session({ format: '2021', values: Object.fromEntries(formats['2021'].cells.map((c) => [c.id, 0])), texts, ...options });
}

test('at 六, 「六没啥要说的」 and its kin are taken as 「无」 and stored as 「无」; 「没有其他事项」 is kept as typed', (t) => {
  const written = { overview: '本年度，我镇坚持以公开为常态、不公开为例外。', problems: '一是政策解读形式较单一，下一步将丰富解读形式。' };
  for (const text of ['六没啥要说的', '没什么要报告的', '这部分没有', '没啥可写的', '这块没啥写的', '六没有', '这部分也没有啊', '没有什么要说的了']) {
    const s = tablesDone2021(written);
    t.is(stepOf(s), 'texts.other');
    t.is(lines(say(s, text))[1], '已记录：其他需要报告的事项 无', text);
    t.is(s.draft.report.texts.other, '无', text);
    t.is(stepOf(s), 'review', text);
  }
  const s = tablesDone2021(written);
  t.is(lines(say(s, '没有其他事项'))[1], '已记录：其他需要报告的事项 没有其他事项');
  t.is(s.draft.report.texts.other, '没有其他事项');
});

test('at 一 and 五, 「这部分没有」 and 「没啥可写的」 are refused as 「无」 is', (t) => {
  for (const text of ['这部分没有', '没啥可写的']) {
    const s = tablesDone2021({});
    t.is(lines(say(s, text))[1], '总体情况不能为“无”：报告的六个部分须齐全。请概述本年主动公开、依申请公开、政府信息管理、平台建设和监督保障等情况。', text);
    t.is(s.draft.report.texts.overview, undefined, text);
    const p = tablesDone2021({ overview: '本年度，我镇坚持以公开为常态、不公开为例外。' });
    t.is(lines(say(p, text))[1], '存在的主要问题及改进情况不能为“无”：应写明本年存在的问题和改进措施，如“一是政策解读形式较单一……下一步将……”。', text);
    t.is(p.draft.report.texts.problems, undefined, text);
  }
});

const OVERVIEW = '本年度，我镇坚持以公开为常态、不公开为例外。';
const ADDED = '全年未发生因信息公开引发的行政复议和诉讼。';
const APPENDING = '好的，请发送要补充的内容，新内容将接在总体情况原文之后（可分多条），写完后回复“完成”。';
const WRITTEN = { overview: OVERVIEW, problems: '一是政策解读形式较单一，下一步将丰富解读形式。', other: '无' };

test('「总体情况再补充一段」 and its kin open the overview to add to it: the next paragraph goes after the text, 「完成」 ends', (t) => {
  const corpus = ['总体情况再补充一段', '总体情况要补充', '在总体情况后面加一段', '补充总体情况', '总体情况还要补充点内容', '我想在总体情况后面再加几句', '总体情况后面再加一段吧'];
  for (const text of corpus) {
    const s = tablesDone2021(WRITTEN);
    t.is(stepOf(s), 'review');
    t.is(say(s, text), APPENDING, text);
    t.is(lines(say(s, ADDED))[1], '已记入总体情况（第2段，全文共43字）：「全年未发生因信息公开引发的行政复议和诉讼。」', text);
    t.is(s.draft.report.texts.overview, `${OVERVIEW}\n${ADDED}`, text);
    t.is(lines(say(s, '完成'))[1], '总体情况已记录（2段，共43字）。', text);
    t.is(stepOf(s), 'review', text);
  }
  const s = tablesDone2021(WRITTEN);
  t.is(say(s, '第五部分再补充一段'), '好的，请发送要补充的内容，新内容将接在存在的主要问题及改进情况原文之后（可分多条），写完后回复“完成”。');
  t.is(stepOf(s), 'texts.problems');
});

test('a returned report adds to its overview when the supervisor reopened it; when not, 「总体情况再补充一段」 is refused with the reason', (t) => {
  const open = tablesDone2021(WRITTEN, { status: 'returned', reopened: ['texts.overview'] });
  t.is(say(open, '总体情况再补充一段'), APPENDING);
  say(open, ADDED);
  t.is(open.draft.report.texts.overview, `${OVERVIEW}\n${ADDED}`);
  const closed = tablesDone2021(WRITTEN, { status: 'returned', reopened: ['texts.problems'] });
  const step = stepOf(closed);
  t.is(lines(say(closed, '总体情况再补充一段'))[1], '报告退回后只能修改审核人指出的项目，「总体情况」不在其中。');
  t.is(stepOf(closed), step);
  t.is(lastTag(closed), 'rejected');
});

test('after 「跳到总体情况」 the notice that new text replaces the old says how to add to it instead; 「补充总体情况」 then adds', (t) => {
  const s = tablesDone2021(WRITTEN);
  t.is(lines(say(s, '跳到总体情况')).at(-1), '已有总体情况（22字）。发送新内容将替换原文（可分多条）；如要接在原文之后补充，请回复“补充总体情况”；回复“完成”保留原文。');
  t.is(say(s, '补充总体情况'), APPENDING);
  say(s, ADDED);
  t.is(s.draft.report.texts.overview, `${OVERVIEW}\n${ADDED}`);
});

test('after a paragraph of a text, 「没什么要补充的了」 ends it as written: the paragraph is never replaced by 「无」, and 总体情况 is not refused as 「无」', (t) => {
  for (const [jump, id] of [['跳到其他事项', 'other'], ['跳到总体情况', 'overview']] as const) {
    for (const text of ['没什么要补充的了', '无', '没有了']) {
      const s = session({ format: '2021' });
      say(s, jump);
      say(s, '本年度我镇收取信息处理费0元，人大代表建议和政协提案办理结果均已按要求公开。');
      const reply = lines(say(s, text));
      t.regex(reply[1], /已记录（1段，共\d+字）。/, `${id} ${text}`);
      t.is(s.draft.report.texts[id], '本年度我镇收取信息处理费0元，人大代表建议和政协提案办理结果均已按要求公开。', `${id} ${text}`);
    }
  }
});

test('a line of prose that holds a text\'s name (「二是整改措施有待改进和补充」) is text, not a request to add to another text', (t) => {
  const s = session({ format: '2021' });
  say(s, '跳到总体情况');
  say(s, '一是主动公开工作扎实推进。');
  say(s, '二是整改措施有待改进和补充');
  t.is(s.draft.report.texts.overview, '一是主动公开工作扎实推进。\n二是整改措施有待改进和补充');
  t.is(stepOf(s), 'texts.overview');
});
