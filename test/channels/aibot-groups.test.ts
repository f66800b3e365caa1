// The 智能机器人 in group chats and as a reminder channel, end to end over the fake long
// connection (and the app's fake where the app is configured too): a group bound by a supervisor,
// their 进度 and 催办 answered in it; an official pointed to the single chat; a supervisor of
// another jurisdiction shown no figure of the group's unit.
import { AibotGroup } from '../../entities/aibot-group.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { Reminder } from '../../entities/reminder.ts';
import { Unit } from '../../entities/unit.ts';
import { bindGroup } from '../../src/bot/aibot-groups.ts';
import { inTransaction } from '../../src/bot/sql.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
import { defaultPolicy, runReminderTick } from '../../src/jobs/reminder-tick.ts';
import { startAibotService } from '../support/aibot-service.ts';
import { forEachDatabase } from '../support/databases.ts';
import { bound, boundWithOutsider, outside, ownReport, plan, urgeText } from '../support/group-fixture.ts';

forEachDatabase('a supervisor binds a group with 绑定; 进度 and 催办 are answered in the group; 催办 reaches an official who talked to the bot through aibot_send_msg and one who never did through the app', async (t, database) => {
  const harness = await startAibotService(t, database, { plan, app: true });
  await harness.say('a', '你好');
  // The reminder comes later than the reply window of 甲镇's message: the bot starts the chat.
  harness.clock.advance(10 * 60_000);
  t.deepEqual(await harness.sayInGroup('group-1', 'demo-supervisor', '绑定 某县政务公开办'), [bound]);
  t.deepEqual(await harness.sayInGroup('group-1', 'demo-supervisor', '进度'), [[
    '【某县政务公开办 · 2025年度报告】共2个单位',
    '已提交0（其中已通过0）、填报中0、未开始2、退回修改0',
    '已提交单位合计：新收申请0件，办结0件，结转下年度0件；行政复议0件，行政诉讼0件。',
    '回复“未交”查看未提交的单位，“查看 单位名”查看详情。',
  ].join('\n')]);
  const urged = (await harness.sayInGroup('group-1', 'demo-supervisor', '催办 甲镇 乙镇')).join('\n');
  t.regex(urged, /已向2个单位发出催办/);
  t.true(harness.fake.said().filter((s) => s.to === 'group-1').every((s) => s.via === 'respond'), 'answered on the group message\'s req_id');
  t.deepEqual(harness.saidTo('demo-supervisor'), [], 'nothing went to the supervisor\'s single chat');

  await harness.fake.waitFor(() => harness.saidTo('a').length === 2);
  const [toA] = harness.fake.said().filter((s) => s.to === 'a').slice(1);
  t.is(toA.via, 'send');
  t.is(toA.content, urgeText('甲镇'));
  t.is(harness.fake.frames.find((f) => f.cmd === 'aibot_send_msg' && f.body.chatid === 'a')?.body.msgtype, 'markdown');
  await harness.app!.waitForMessages(1);
  await harness.service.idle();
  t.deepEqual(harness.app!.messages.map((m) => m.touser), ['b']);
  t.is((harness.app!.messages[0].text as { content: string }).content, urgeText('乙镇'));
  t.deepEqual(harness.saidTo('b'), [], 'b never opened the bot: it cannot reach them');
});

forEachDatabase('with the bot alone, a 催办 to an official who never opened it is not said to be sent: the reply names why, and nothing waits for them', async (t, database) => {
  const harness = await startAibotService(t, database, { plan });
  await harness.say('a', '你好');
  harness.clock.advance(10 * 60_000);
  await harness.sayInGroup('group-1', 'demo-supervisor', '绑定 某县政务公开办');
  const urged = (await harness.sayInGroup('group-1', 'demo-supervisor', '催办 甲镇 乙镇')).join('\n');
  t.regex(urged, /已向1个单位发出催办/);
  t.regex(urged, /填报人收不到消息（未配置自建应用，且填报人尚未与机器人对话），无法催办；请填报人先在企业微信中打开机器人发送任意一条消息：乙镇/);
  await harness.fake.waitFor(() => harness.saidTo('a').length === 2);
  await harness.service.idle();
  t.deepEqual((await harness.service.db.manager.findBy(OutboxMessage, { recipient: 'b' })).length, 0);
  t.is(await harness.service.db.manager.countBy(Reminder, { recipient: 'b', kind: 'urge' }), 0);
});

forEachDatabase('in a bound group an official is pointed to the single chat, and a supervisor of another jurisdiction is shown no figure of the group\'s unit', async (t, database) => {
  const harness = await startAibotService(t, database, { plan });
  const { db } = harness.service;
  t.is(await boundWithOutsider(db, harness.clock.now()), 'bound');

  t.deepEqual(await harness.sayInGroup('group-1', 'a', '进度'), [ownReport]);
  t.deepEqual(await harness.sayInGroup('group-1', 'a', '我的报告'), [ownReport]);
  for (const text of ['进度', '未交', '查看 甲镇', '催办 甲镇']) {
    const replies = await harness.sayInGroup('group-1', 'outsider', text);
    t.deepEqual(replies, [outside], text);
  }
  t.false(harness.fake.said().filter((s) => s.to === 'group-1').some((s) => /\d/.test(s.content) || s.content.includes('甲镇')), 'no figure, not even the unit\'s name');
  // In the jurisdiction, 查看 shows the figure: the assertions above are not vacuous.
  t.regex((await harness.sayInGroup('group-1', 'demo-supervisor', '查看 甲镇')).join('\n'), /3719/);
  // A file (导出's workbooks) goes to the asker's single chat over the connection, never to the group.
  t.true((await harness.sayInGroup('group-1', 'demo-supervisor', '导出')).includes('文件已通过单聊发给您。'));
  const files = await db.manager.find(OutboxMessage, { where: [{ kind: 'overview-file' }, { kind: 'rollup-file' }] });
  t.deepEqual(files.map((f) => [f.channel, f.recipient]), [['aibot', 'demo-supervisor'], ['aibot', 'demo-supervisor']]);
  t.deepEqual(harness.saidTo('outsider'), []);
  t.is(harness.saidTo('a').length, 0);
});

forEachDatabase('the digest is posted to a bound group as well as to the supervisor, who is told how many members the bot cannot reach; /healthz counts them too', async (t, database) => {
  const harness = await startAibotService(t, database, { plan });
  const { db } = harness.service;
  const county = await db.manager.findOneByOrFail(Unit, { name: '某县政务公开办' });
  await inTransaction(db, (m) => bindGroup(m, { chatId: 'group-1', unitId: county.id, digest: 'also', boundBy: 'cli' }, harness.clock.now()));
  await harness.say('demo-supervisor', '帮助');
  harness.clock.advance(10 * 60_000);
  // The bot alone, without the app: 甲镇's and 乙镇's officials never opened it.
  const sent = await runReminderTick(db, harness.clock.now(), loadCalendar(), { from: '09:00', to: '18:00' }, defaultPolicy, new Set(['aibot', 'aibot-group']));
  t.deepEqual(sent.map((d) => [d.channel, d.recipient]).sort(), [['aibot', 'demo-supervisor'], ['aibot-group', 'group-1']]);
  for (const { channel, recipient } of sent) harness.service.dispatcher!.kick(channel, recipient);
  await harness.fake.waitFor(() => harness.saidTo('group-1').length === 1 && harness.saidTo('demo-supervisor').length === 2);
  const [group] = harness.fake.said().filter((s) => s.to === 'group-1');
  t.is(group.via, 'send');
  t.is(harness.fake.frames.find((f) => f.cmd === 'aibot_send_msg' && f.body.chatid === 'group-1')?.body.msgtype, 'markdown');
  t.is(group.content, [
    '早上好！【每日简报 · 某县政务公开办 · 2025年度报告】共2个单位',
    '已提交0（其中已通过0）、填报中0、未开始2、退回修改0',
    '已提交单位合计：新收申请0件，办结0件，结转下年度0件；行政复议0件，行政诉讼0件。',
    '回复“未交”查看未提交的单位，“查看 单位名”查看详情。',
    '本次简报：无新的进展。',
    '目前没有逾期未交的单位。',
    '下一个截止日期：1月20日，2个单位尚未提交。',
  ].join('\n'));
  const digest = harness.saidTo('demo-supervisor')[1];
  t.is(digest.replace(/^[^]*\n\n/, ''), '2 人尚未与机器人对话，无法接收提醒：请他们在企业微信中打开机器人（工作台或搜索机器人名称）发一条消息。');
  t.is(digest.replace(/\n\n[^\n]*$/, ''), group.content, 'the same digest of the same units');

  const health = await (await fetch(`${harness.service.url}/healthz`)).json() as { aibot: { unreached: number; notice: string } };
  t.like(health.aibot, { unreached: 2, notice: '2 人尚未与机器人对话，无法接收提醒' });
});

forEachDatabase('a group whose digest goes there instead: the unit\'s supervisors get none of their own', async (t, database) => {
  const harness = await startAibotService(t, database, { plan });
  const { db } = harness.service;
  const county = await db.manager.findOneByOrFail(Unit, { name: '某县政务公开办' });
  await inTransaction(db, (m) => bindGroup(m, { chatId: 'group-1', unitId: county.id, digest: 'instead', boundBy: 'cli' }, harness.clock.now()));
  const sent = await runReminderTick(db, harness.clock.now(), loadCalendar(), { from: '09:00', to: '18:00' }, defaultPolicy, new Set(['aibot', 'aibot-group']));
  t.deepEqual(sent.map((d) => [d.channel, d.recipient]), [['aibot-group', 'group-1']]);
  t.deepEqual((await db.manager.find(Reminder)).map((r) => [r.kind, r.recipient, r.state]), [['group-digest', 'group-1', 'sent']]);
}, 'sqlite');

forEachDatabase('in a group not bound yet the bot says how to bind it; an official cannot bind it, a supervisor only to a unit in their jurisdiction', async (t, database) => {
  const harness = await startAibotService(t, database, { plan });
  t.deepEqual(await harness.sayInGroup('wrOg-1', 'demo-supervisor', '进度'), ['您好，本群尚未绑定单位。请本单位的审核人在群里 @机器人 发送「绑定 单位名称」，或由管理员运行 nianbao group bind wrOg-1 单位名称。填报本单位报告请在与机器人的单聊中进行（点击机器人头像 → 发消息）。']);
  t.deepEqual(await harness.sayInGroup('wrOg-1', 'a', '绑定 甲镇'), ['您好，只有审核人可以绑定群聊。']);
  t.deepEqual(await harness.sayInGroup('wrOg-1', 'demo-supervisor', '绑定 某区政务公开办'), ['在您的审核范围内没有找到「某区政务公开办」。请核对单位全称后重新发送，例如：@机器人 绑定 某县政务公开办']);
  t.deepEqual(await harness.sayInGroup('wrOg-1', 'demo-supervisor', '绑定 甲镇'), ['本群已绑定甲镇。审核人可在群里 @机器人 发送“进度”“未交”“查看 单位名称”“催办 单位名称”；填报本单位报告请在与机器人的单聊中进行。']);
  t.deepEqual(await harness.sayInGroup('wrOg-1', 'demo-supervisor', '绑定 某县政务公开办'), ['本群已绑定甲镇。如需改绑，请联系管理员运行 nianbao group bind wrOg-1 单位名称 --replace。']);
  t.deepEqual((await harness.service.db.manager.find(AibotGroup)).map((g) => [g.chatId, g.unitId, g.digest, g.boundBy]), [['wrOg-1', 2, 'off', 'demo-supervisor']]);
}, 'sqlite');

forEachDatabase('without the app, a reminder to an official who never opened the bot is dropped saying why, not left waiting', async (t, database) => {
  const harness = await startAibotService(t, database, { plan });
  const { db } = harness.service;
  await harness.say('a', '你好');
  // The scheduler's own reminder of the unit on a reminder day: dropped, with the reason.
  const day = new Date('2026-01-13T01:30:00Z');
  harness.clock.advance(day.getTime() - harness.clock.now().getTime());
  const sent = await runReminderTick(db, harness.clock.now(), loadCalendar(), { from: '09:00', to: '18:00' }, defaultPolicy, new Set(['aibot', 'aibot-group']));
  t.deepEqual(sent.map((d) => [d.channel, d.recipient]), [['aibot', 'a']]);
  const reminders = await db.manager.find(Reminder, { order: { recipient: 'ASC' } });
  t.deepEqual(reminders.filter((r) => r.kind !== 'digest').map((r) => [r.recipient, r.state, r.note]), [['a', 'sent', null], ['b', 'dropped', '尚未与机器人对话，无法接收提醒：未配置自建应用']]);
  harness.service.dispatcher!.kick('aibot', 'a');
  await harness.fake.waitFor(() => harness.saidTo('a').length === 2);
  t.is(harness.fake.said().filter((s) => s.to === 'a')[1].via, 'send');
}, 'sqlite');
