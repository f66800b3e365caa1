// The bot's callback mode in group chats, end to end over HTTP against the fake: an @-mention is
// the member's turn as on the long connection, its replies shown in the stream of that group
// message; 绑定, 进度 and 催办 in a bound group; an official pointed to the single chat; a member
// outside the jurisdiction shown no figure of the group's unit.
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { FILE_BY_APP, NO_FILE } from '../../src/channels/aibot-callback.ts';
import { startCallbackFront } from '../support/aibot-callback-cluster.ts';
import { forEachDatabase } from '../support/databases.ts';
import { bound, boundWithOutsider, outside, ownReport, plan, urgeText } from '../support/group-fixture.ts';
import { groupBody, startAibotCallbackService } from '../support/fake-aibot-callback.ts';

forEachDatabase('in callback mode a supervisor binds a group with 绑定; 进度 and 催办 are answered in the group message\'s stream, the officials urged through the app', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan, app: true });
  t.is(await harness.sayInGroup('group-1', 'demo-supervisor', '绑定 某县政务公开办', 'g-1'), bound);
  t.is(await harness.sayInGroup('group-1', 'demo-supervisor', '进度', 'g-2'), [
    '【某县政务公开办 · 2025年度报告】共2个单位',
    '已提交0（其中已通过0）、填报中0、未开始2、退回修改0',
    '已提交单位合计：新收申请0件，办结0件，结转下年度0件；行政复议0件，行政诉讼0件。',
    '回复“未交”查看未提交的单位，“查看 单位名”查看详情。',
  ].join('\n'));
  t.regex(await harness.sayInGroup('group-1', 'demo-supervisor', '催办 甲镇 乙镇', 'g-3'), /已向2个单位发出催办/);
  await harness.app!.waitForMessages(2);
  await harness.service.idle();
  t.deepEqual(harness.app!.messages.map((m) => [m.touser, (m.text as { content: string }).content]).sort(), [['a', urgeText('甲镇')], ['b', urgeText('乙镇')]]);
  const { db } = harness.service;
  const toGroup = await db.manager.find(OutboxMessage, { where: { channel: 'aibot-group' }, order: { id: 'ASC' } });
  t.deepEqual(toGroup.map((r) => [r.idempotencyKey, r.recipient, r.state]), [['reply:aibot:g-1:0', 'group-1', 'sent'], ['reply:aibot:g-2:0', 'group-1', 'sent'], ['reply:aibot:g-3:0', 'group-1', 'sent']]);
  t.is(await db.manager.countBy(OutboxMessage, { recipient: 'demo-supervisor' }), 0, 'nothing to the supervisor\'s single chat');
  t.deepEqual(harness.responses, [], 'every reply shown by the streams: no response_url used');
});

forEachDatabase('in callback mode an official in a bound group is pointed to the single chat, and a supervisor of another jurisdiction is shown no figure of the group\'s unit', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan });
  const { db } = harness.service;
  t.is(await boundWithOutsider(db, harness.clock.now()), 'bound');

  t.is(await harness.sayInGroup('group-1', 'a', '进度', 'o-1'), ownReport);
  const shown: string[] = [];
  for (const [i, text] of ['进度', '未交', '查看 甲镇', '催办 甲镇'].entries()) {
    shown.push(await harness.sayInGroup('group-1', 'outsider', text, `x-${i}`));
    t.is(shown[i], outside, text);
  }
  t.false(shown.some((s) => /\d/.test(s) || s.includes('甲镇')), 'no figure, not even the unit\'s name');
  // In the jurisdiction, 查看 shows the figure: the assertions above are not vacuous.
  t.regex(await harness.sayInGroup('group-1', 'demo-supervisor', '查看 甲镇', 's-1'), /3719/);
  t.is(await db.manager.countBy(OutboxMessage, { recipient: 'outsider' }), 0);
  t.is(await db.manager.countBy(OutboxMessage, { recipient: 'a' }), 0);
});

forEachDatabase('in callback mode, without the app, a 催办 in a group says who cannot be reached; a group reply after the stream closed goes to that group message\'s response_url', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan });
  await harness.sayInGroup('group-1', 'demo-supervisor', '绑定 某县政务公开办', 'g-1');
  t.regex(await harness.sayInGroup('group-1', 'demo-supervisor', '催办 甲镇', 'g-2'), /填报人收不到消息（未配置自建应用，且填报人尚未与机器人对话），无法催办.*甲镇/);
  // A message whose turn runs after its stream closed: taken by a process that died before its
  // turn, run by this one's recovery 5 minutes later, answered through its response_url, in the group.
  const front = await startCallbackFront(t, harness.databaseUrl, harness.clock);
  const answer = await harness.postTo(front.url, groupBody(harness.responseBase, 'group-1', 'demo-supervisor', '未交', 'g-3'));
  t.deepEqual(answer.reply, { msgtype: 'stream', stream: { id: 'nb-g-3', finish: false, content: '' } });
  harness.clock.advance(5 * 60_000);
  t.is(await harness.service.engine.recover(harness.clock.now()), 1);
  await harness.service.idle();
  t.deepEqual(harness.responses.map((r) => r.code), ['rc-g-3']);
  t.regex((harness.responses[0].body.markdown as { content: string }).content, /甲镇/);
  t.is(await harness.service.db.manager.countBy(OutboxMessage, { recipient: 'a' }), 0);
});

forEachDatabase('in callback mode a file asked for in a group (导出) goes to the asker through the app, or the group\'s reply says how to get it; never 「已通过单聊发给您」', async (t, database) => {
  const withApp = await startAibotCallbackService(t, database, { plan, app: true });
  await withApp.sayInGroup('group-1', 'demo-supervisor', '绑定 某县政务公开办', 'g-1');
  const sent = await withApp.sayInGroup('group-1', 'demo-supervisor', '导出', 'g-2');
  t.true(sent.includes(FILE_BY_APP), sent);
  t.false(sent.includes('单聊发给您'), sent);
  // 导出 makes the overview workbook and the roll-up: each through the app, to the asker alone.
  t.deepEqual(withApp.app!.messages.map((m) => [m.touser, m.msgtype]), [['demo-supervisor', 'file'], ['demo-supervisor', 'file']]);
  t.true(withApp.app!.uploads.some((u) => u.filename.endsWith('.xlsx')));

  const alone = await startAibotCallbackService(t, database, { plan });
  await alone.sayInGroup('group-2', 'demo-supervisor', '绑定 某县政务公开办', 'g-3');
  const told = await alone.sayInGroup('group-2', 'demo-supervisor', '导出', 'g-4');
  t.true(told.includes(NO_FILE), told);
  t.false(told.includes('单聊发给您'), told);
  const files = await alone.service.db.manager.find(OutboxMessage, { where: [{ idempotencyKey: 'file:aibot:g-4:0' }, { idempotencyKey: 'file:aibot:g-4:1' }], order: { id: 'ASC' } });
  t.deepEqual(files.map((f) => [f.channel, f.recipient, f.state]), [['aibot-callback', 'demo-supervisor', 'failed'], ['aibot-callback', 'demo-supervisor', 'failed']]);
});
