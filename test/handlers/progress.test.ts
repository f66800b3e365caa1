import test from 'ava';
import { handleTurn } from '../../handlers/index.ts';
import type { ConversationState } from '../../handlers/turn.ts';
import { standingOf } from '../../handlers/standing.ts';
import { lines, say, session, stepOf, value, zeros } from './helpers.ts';

test('every prompt starts with the progress line of its section', (t) => {
  const s = session();
  t.is(lines(say(s, '0'))[0], '第二部分 1/8 行 · 总进度 5% · 勾稽 ✔');
  say(s, '第二部分都是0');
  t.is(lines(say(s, '帮助'))[0], '第三部分 0/22 行 · 总进度 44% · 勾稽 ✔');
  say(s, '跳到第四部分');
  t.is(lines(say(s, '进度'))[0], '第四部分 0/3 行 · 总进度 44% · 勾稽 ✔');
  say(s, '跳到总体情况');
  t.is(lines(say(s, '进度'))[0], '第一部分 总体情况 0字 · 总进度 44% · 勾稽 ✔');
});

test('「进度」 lists what is missing per section', (t) => {
  const s = session({ values: zeros('2019', ['二']) });
  t.deepEqual(lines(say(s, '进度')).slice(1, 8), [
    '填报进度：',
    '✔ 二、主动公开政府信息情况',
    '✖ 三、收到和处理政府信息公开申请情况：还差22行（本年新收、上年结转、（一）予以公开、（二）部分公开等）',
    '✖ 四、政府信息公开行政复议、行政诉讼情况：还差3行（行政复议、行政诉讼·未经复议直接起诉、行政诉讼·复议后起诉）',
    '✖ 一、总体情况：未填写',
    '✖ 五、存在的主要问题及改进情况：未填写',
    '✖ 六、其他需要报告的事项：未填写',
  ]);
});

test('「预览」 shows every section with ✔/✖ and the key figures', (t) => {
  const s = session({ values: { ...zeros('2019', ['二', '四']), 'active.licensing.decisions': 57 } });
  const reply = lines(say(s, '预览'));
  t.deepEqual(reply.slice(1, 8), [
    '【预览】杨舍镇2020年度政府信息公开工作年度报告（国办公开办函〔2019〕60号格式）· 填报中',
    '✖ 一、总体情况：未填写',
    '✔ 二、主动公开政府信息情况：行政许可 0/0/57',
    '✖ 三、收到和处理政府信息公开申请情况：新收未填完；上年结转未填完；办结未填完；结转下年度未填完',
    '✔ 四、政府信息公开行政复议、行政诉讼情况：行政复议0件；行政诉讼·未经复议直接起诉0件；行政诉讼·复议后起诉0件',
    '✖ 五、存在的主要问题及改进情况：未填写',
    '✖ 六、其他需要报告的事项：未填写',
  ]);
});

test('a state of unknown shape resumes at the first open question without losing values', (t) => {
  const s = session({ values: { ...zeros('2019', ['二']), 'requests.carriedOver.natural': 1 } });
  for (const state of [undefined, { version: 1, flow: 'garbage' }, { version: 1, flow: { step: 'nowhere', undo: [], last: 'info' } }, { version: 7, flow: {} }]) {
    const result = handleTurn('进度', state as ConversationState | undefined, { unitName: '杨舍镇', draft: s.draft, now: new Date(0) });
    t.is((result.state.flow as { step: string }).step, 'requests.carriedOver');
    t.is(result.draft, s.draft);
    t.is(result.replies[0].split('\n')[1], '您好，欢迎继续填报杨舍镇2020年度政府信息公开工作年度报告，已保存的内容都在。随时回复“帮助”查看指令。');
  }
  t.is(value(s, 'requests.carriedOver.natural'), 1);
});

test('a resumed conversation takes an answer to its first open question', (t) => {
  const s = session({ values: zeros('2019', ['二']), fresh: true });
  say(s, '0');
  t.is(stepOf(s), 'requests.received');
  t.is(value(s, 'requests.carriedOver.total'), 0);
});

test('a draft of an unknown format gets a polite refusal and is not touched', (t) => {
  const draft = { report: { format: '2030', year: 2030, unit: '某镇', values: {}, texts: {} }, status: 'draft' } as never;
  const result = handleTurn('5 0 57', undefined, { unitName: '某镇', draft, now: new Date(0) });
  t.deepEqual(result.replies, ['本报告的格式无法识别，暂时不能填报，请联系管理员。']);
  t.is(result.draft, draft);
});

test('the header\'s 总进度 is the share the supervisors see: the questions answered, texts counted, not the table cells alone', (t) => {
  const s = session();
  say(s, '第二部分都是0');
  say(s, '无'); // 上年结转
  say(s, '没收到申请');
  say(s, '复议诉讼都没有');
  // The tables are answered; the three texts are not: 15 of the 2019 format's 18 questions.
  const header = lines(say(s, '进度'))[0];
  t.regex(header, / · 总进度 83% · /);
  t.is(standingOf(s.draft).percent, 83);
});

/** A 2021 report at the outcome list, 2 applications of 自然人 to place. */
function atOutcomes() {
  const s = session({ format: '2021', values: zeros('2021', ['二']) });
  for (const text of ['0', '2', '0']) say(s, text);
  return s;
}

test('「我现在填到哪了，还差多少啊」 and its kin get the 进度 answer, at a row and at the outcome list, and change nothing', (t) => {
  const corpus = ['我现在填到哪了，还差多少啊', '填到哪了', '填到哪儿了', '现在填到哪一步了', '还差多少', '还差几个啊', '还有几项没填', '还剩多少', '完成多少了', '完成了多少', '我填了多少了', '我们填到哪了呀', '进度怎么样了'];
  for (const start of [() => session({ format: '2021' }), atOutcomes]) {
    const progress = lines(say(start(), '进度'));
    t.is(progress[1], '填报进度：');
    for (const text of corpus) {
      const s = start();
      const before = s.draft;
      t.deepEqual(lines(say(s, text)), progress, text);
      t.is(s.draft, before, text);
    }
  }
});
