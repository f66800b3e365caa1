import test from 'ava';
import { formats } from '../../src/report/formats.ts';
import type { ReportStatus } from '../../handlers/turn.ts';
import { lastTag, lines, say, session, stepOf, value } from './helpers.ts';

const texts = { overview: '本年度，我镇认真贯彻落实政府信息公开条例。', problems: '存在解读形式单一的问题，下一步将丰富解读形式。', other: '无' };

function complete(status: ReportStatus = 'draft', reopened?: string[]) {
  const values: Record<string, number> = {};
  for (const cell of formats['2019'].cells) values[cell.id] = 0;
  return session({ values, texts, status, reopened });
}

test('「提交」 asks for confirmation; 「确认提交」 submits', (t) => {
  const s = complete();
  t.is(lines(say(s, '提交')).at(-1), '确认提交吗？提交后不能再修改，除非审核人退回。回复“确认提交”');
  t.is(s.draft.status, 'draft');
  t.deepEqual(lines(say(s, '确认提交')), [
    '已提交 · 总进度 100% · 勾稽 ✔',
    '杨舍镇2020年度政府信息公开工作年度报告已提交，审核人审核后会通知您。按官方版式生成的 Word 文件随后发送给您。感谢您的辛勤工作！',
    '报告已提交，等待审核。可回复“预览”查看报告要点。',
  ]);
  t.is(s.draft.status, 'submitted');
});

test('anything else after 「提交」 cancels it', (t) => {
  const s = complete();
  say(s, '提交');
  say(s, '进度');
  say(s, '确认提交');
  t.is(s.draft.status, 'draft');
});

test('an incomplete report is not submitted: what is missing is listed', (t) => {
  const s = session({ values: { 'active.rules.made': 0 } });
  const reply = lines(say(s, '提交'));
  t.deepEqual(reply.slice(1, 4), ['报告尚未填写完整，暂不能提交：', '✖ 二、主动公开政府信息情况：还差8行（规章、规范性文件、行政许可、其他对外管理服务事项等）', '✖ 三、收到和处理政府信息公开申请情况：还差22行（本年新收、上年结转、（一）予以公开、（二）部分公开等）']);
  t.is(lastTag(s), 'rejected');
  t.is(s.draft.status, 'draft');
});

test('a report with an identity error is not submitted', (t) => {
  const s = complete();
  say(s, '改 本年新收 2');
  say(s, '是');
  const reply = lines(say(s, '提交'));
  t.is(reply[1], '报告还有1处错误，改正后才能提交：');
  t.is(s.draft.status, 'draft');
});

test('a submitted report is read-only: changes are refused politely, 进度 and 预览 still work', (t) => {
  const s = complete('submitted');
  const before = structuredClone(s.draft);
  for (const text of ['改 三（一）自然人 10', '5 0 57', '第二部分都是0', '撤销', '本年度我镇主动公开信息若干条。']) {
    t.is(lines(say(s, text))[1], '报告已提交，不能再修改；如需修改，请联系审核人退回。', text);
    t.is(lastTag(s), 'rejected');
  }
  t.deepEqual(s.draft, before);
  t.is(lines(say(s, '进度'))[1], '填报进度：');
  t.true(lines(say(s, '预览'))[1].startsWith('【预览】杨舍镇2020年度政府信息公开工作年度报告'));
  t.is(lastTag(s), 'info');
});

test('an approved report is read-only too', (t) => {
  const s = complete('approved');
  t.is(lines(say(s, '改 规章 1 1 1'))[1], '报告已审核通过，不能再修改；如需更正，请联系审核人。');
});

test('a returned report reopens only the cells and texts the supervisor flagged', (t) => {
  const s = complete('returned', ['active.licensing.decisions', 'texts.problems']);
  t.is(stepOf(s), 'active.licensing');
  const refused = lines(say(s, '改 规章 1 1 1'));
  t.is(refused[1], '报告退回后只能修改审核人指出的项目，「规章·本年新制作数量」「规章·本年新公开数量」「规章·对外公开总数量」不在其中。');
  t.is(value(s, 'active.rules.made'), 0);
  say(s, '处理决定57');
  t.is(value(s, 'active.licensing.decisions'), 57);
  t.is(stepOf(s), 'texts.problems');
  say(s, '存在的问题：解读形式单一。改进措施：下一步将丰富解读形式，加强培训。');
  say(s, '完成');
  say(s, '提交');
  say(s, '确认提交');
  t.is(s.draft.status, 'submitted');
  t.is(s.draft.reopened, undefined);
});

test('提交 offers buttons to confirm or not; 暂不提交 drops the confirmation and keeps everything', (t) => {
  const s = complete();
  say(s, '提交');
  t.deepEqual(s.last?.choice, {
    title: '确认提交年度报告', description: '提交后不能再修改，除非审核人退回。',
    buttons: [{ key: '确认提交', text: '确认提交' }, { key: '暂不提交', text: '暂不提交' }],
  });
  t.regex(say(s, '暂不提交'), /好的，暂不提交。您可以继续修改，改好后回复“提交”。/);
  t.is(s.draft.status, 'draft');
  t.regex(say(s, '确认提交'), /确认提交吗？/, 'the confirmation is asked again, not taken from the old question');
});

test('a preview of a report that can be submitted offers 提交 and 修改; one with errors offers nothing', (t) => {
  const s = complete();
  say(s, '预览');
  t.deepEqual(s.last?.choice?.buttons.map((b) => b.key), ['提交', '修改']);
  t.regex(say(s, '修改'), /请直接回复要修改的项目和数值/);
  const broken = complete();
  broken.draft.report.values['requests.received.natural'] = 5; // received, but never concluded nor carried forward
  t.regex(say(broken, '预览'), /错误/);
  t.is(broken.last?.choice, undefined);
});

test('「我还能改吗」 on a report handed in is told it cannot be changed and whom to ask, not to submit it', (t) => {
  for (const [status, reason] of [['submitted', '报告已提交，不能再修改；如需修改，请联系审核人退回。'], ['approved', '报告已审核通过，不能再修改；如需更正，请联系审核人。']] as const) {
    const s = session({ format: '2021', status });
    for (const text of ['我还能改吗', '还能修改吗']) {
      const reply = lines(say(s, text));
      t.is(reply[1], reason, text);
      t.false(reply.some((line) => line.includes('回复“提交”')), text);
    }
  }
});
