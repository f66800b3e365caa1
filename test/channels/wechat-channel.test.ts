// Personal WeChat through a real wechat4u instance that never connects: binding by a one-time
// code, a seed report filed by chat, unbound senders refused, non-text answered like WeCom's.
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { WechatBinding } from '../../entities/wechat-binding.ts';
import { readReport } from '../../src/bot/store.ts';
import { formats } from '../../src/report/formats.ts';
import { readTranscript } from '../handlers/helpers.ts';
import { forEachDatabase } from '../support/databases.ts';
import { expectedValues, previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import { startWechatHarness } from '../support/wechat-harness.ts';

const plan = { supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const, units: [{ name: '杨舍镇', officialId: 'o1' }, { name: '某县统计局', officialId: 'o2' }] };
const notBound = '您好，这里是政府信息公开工作年度报告填报助手。您的微信尚未绑定填报账号，请向本单位或上级政务公开管理员索取8位绑定码，直接发送给我即可完成绑定。';
const ambiguous = '抱歉，暂时无法确认您的微信身份：有其他联系人与您的微信昵称相同。请联系管理员在机器人微信中为您设置备注名后，重新生成绑定码。';
const invalid = '抱歉，该绑定码无效或已过期（每个绑定码只能使用一次，24小时内有效）。请联系本单位或上级政务公开管理员重新生成。';
const bound = (name: string) => `绑定成功。${name}您好，今后可以通过本微信填报政府信息公开工作年度报告、接收提醒。请回复“你好”开始，回复“帮助”查看可用的指令。`;

forEachDatabase('a member bound by code files a seed transcript through WeChat, and the stored report equals the seed', async (t, database) => {
  const seed = seedReport(seedTranscripts['001'].file);
  const harness = await startWechatHarness(t, database, {
    plan: { supervisingUnit: '某县政务公开办', year: seed.year, format: '2019', units: [{ name: seed.unit, officialId: 'official', lastYear: previousOf(seed) }] },
  });
  harness.contact({ UserName: '@official01', NickName: '竹亭小王', RemarkName: '竹亭镇王' });
  harness.contact({ UserName: '@supervisor1', NickName: '县公开办李' });
  await harness.say('@official01', await harness.bindCode('official'));
  await harness.say('@supervisor1', `绑定 ${await harness.bindCode('demo-supervisor')}`);
  t.deepEqual(harness.sent, [['@official01', bound('填报人1（演示）')], ['@supervisor1', bound('审核人（演示）')]]);
  t.deepEqual((await harness.wechat.db.manager.find(WechatBinding, { order: { memberId: 'ASC' } })).map((b) => [b.nickName, b.remarkName, b.alias]), [['县公开办李', '', ''], ['竹亭小王', '竹亭镇王', '']]);

  for (const text of readTranscript(new URL('../transcripts/seed-001.txt', import.meta.url))) {
    const before = harness.sent.length;
    harness.clock.advance(5000); // a person typing; the outbox keeps to 30 messages a minute per contact
    await harness.say('@official01', text);
    t.true(harness.sent.length > before, `a reply to ${text.slice(0, 20)}`);
  }
  const record = await harness.wechat.db.manager.findOneByOrFail(ReportRecord, { year: seed.year });
  const stored = await readReport(harness.wechat.db.manager, record, seed.unit);
  t.is(record.status, 'submitted');
  t.deepEqual(Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])), expectedValues('001', seed));
  for (const key of ['overview', 'problems', 'other'] as const) t.is(stored.texts[key], seed.texts[key], key);
  const toOfficial = harness.sent.filter(([to]) => to === '@official01').map(([, text]) => text);
  t.regex(toOfficial.at(-2)!, /已提交，审核人审核后会通知您/);
  t.is(toOfficial.at(-1), `${seed.unit}${seed.year}年度政府信息公开工作年度报告.docx`, 'the Word file as a WeChat file');
  t.true(toOfficial.some((text) => text === '确认提交年度报告：请回复“确认提交”或“暂不提交”\n提交后不能再修改，除非审核人退回。'), 'a card becomes what to reply, with what it says');
  // The supervisor is bound through WeChat too: told there, not through WeCom.
  t.regex(harness.sent.filter(([to]) => to === '@supervisor1').at(-1)![1], /已提交2020年度政府信息公开工作年度报告/);
  t.is(await harness.wechat.db.manager.countBy(OutboxMessage, { channel: 'wecom' }), 0);
  t.is(await harness.wechat.db.manager.countBy(OutboxMessage, { channel: 'wechat', state: 'sent' }), harness.sent.length, 'every reply through the outbox, sent once');
});

forEachDatabase('unbound senders are told how to bind, without a journal entry; a bound member\'s picture gets 「请发送文字」; groups and official accounts are ignored', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.contact({ UserName: '@stranger', NickName: '路人' });
  harness.contact({ UserName: '@o1', NickName: '杨舍小张' });
  harness.contact({ UserName: '@news', NickName: '某公众号', VerifyFlag: 24 });
  await harness.say('@stranger', '进度');
  await harness.say('@stranger', '12345678');
  await harness.say('@news', '今日要闻');
  await harness.say('@@group0001', '大家好');
  await harness.say('@o1', await harness.bindCode('o1'));
  await harness.say('@o1', { MsgType: 3 });
  t.deepEqual(harness.sent, [
    ['@stranger', notBound],
    ['@stranger', invalid],
    ['@o1', bound('填报人1（演示）')],
    ['@o1', '抱歉，目前只能识别文字消息，请直接发送文字回复。如需帮助，请回复“帮助”。'],
  ]);
});

forEachDatabase('a binding code binds once, only before it expires, and a new code voids the unused one', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.contact({ UserName: '@a', NickName: '甲' });
  harness.contact({ UserName: '@b', NickName: '乙' });
  const first = await harness.bindCode('o1');
  await harness.say('@a', first);
  await harness.say('@b', first);
  t.deepEqual(harness.sent, [['@a', bound('填报人1（演示）')], ['@b', invalid]], 'used once');

  const expiring = await harness.bindCode('o2');
  harness.clock.advance(24 * 3600_000);
  await harness.say('@b', expiring);
  const replaced = await harness.bindCode('o2');
  const current = await harness.bindCode('o2');
  await harness.say('@b', replaced);
  await harness.say('@b', current);
  t.deepEqual(harness.sent.slice(2), [['@b', invalid], ['@b', invalid], ['@b', bound('填报人2（演示）')]]);
  t.regex(current, /^\d{8}$/);
});

forEachDatabase('two contacts with the same nickname cannot bind until one has a remark', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.contact({ UserName: '@x', NickName: '小王' });
  harness.contact({ UserName: '@y', NickName: '小王' });
  const code = await harness.bindCode('o1');
  await harness.say('@x', code);
  t.regex(harness.sent[0][1], /有其他联系人与您的微信昵称相同/);
  harness.contact({ UserName: '@x', NickName: '小王', RemarkName: '杨舍镇王' });
  await harness.say('@x', code);
  t.deepEqual(harness.sent[1], ['@x', bound('填报人1（演示）')], 'the refused attempt did not use the code up');
}, 'sqlite');

forEachDatabase('after 5 wrong codes in an hour a contact is told to wait, even with the right code', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.contact({ UserName: '@g', NickName: '猜码人' });
  const code = await harness.bindCode('o1');
  for (let i = 0; i < 5; i++) await harness.say('@g', String(10_000_000 + i));
  await harness.say('@g', code);
  const tooMany = '抱歉，绑定码输错次数过多，请1小时后再试，或联系管理员确认绑定码。';
  t.deepEqual(harness.sent.map(([, text]) => text), [...Array<string>(5).fill(invalid), tooMany]);
  // A new nickname starts no new count.
  harness.contact({ UserName: '@g', NickName: '换了昵称' });
  await harness.say('@g', code);
  t.deepEqual(harness.sent.at(-1), ['@g', tooMany]);
  harness.clock.advance(3600_000 + 1000);
  await harness.say('@g', code);
  t.deepEqual(harness.sent.at(-1), ['@g', bound('填报人1（演示）')]);
}, 'sqlite');

forEachDatabase('a contact the bot cannot act for is told why at most once in ten minutes, so nobody can fill the shared sending pace', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.contact({ UserName: '@stranger', NickName: '路人' });
  for (const text of ['你好', '在吗', '？']) await harness.say('@stranger', text);
  t.deepEqual(harness.sent, [['@stranger', notBound]]);
  harness.clock.advance(600_000);
  await harness.say('@stranger', '你好');
  t.deepEqual(harness.sent, [['@stranger', notBound], ['@stranger', notBound]]);
  t.is(await harness.wechat.db.manager.count(InboundMessage), 0, 'nothing of theirs is journaled or run as a turn');
}, 'sqlite');

forEachDatabase('when another contact comes to look like a bound one, neither is taken for the member: nothing they send is applied', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.contact({ UserName: '@real', NickName: '小王' });
  await harness.say('@real', await harness.bindCode('o1'));
  await harness.say('@real', '开始');
  const journaled = await harness.wechat.db.manager.count(InboundMessage);
  harness.contact({ UserName: '@other', NickName: '小王' });
  await harness.say('@other', '0 0 0');
  await harness.say('@real', '0 0 0');
  t.deepEqual(harness.sent.slice(-2), [['@other', ambiguous], ['@real', ambiguous]]);
  t.is(await harness.wechat.db.manager.count(InboundMessage), journaled);
  t.deepEqual(JSON.parse((await harness.wechat.db.manager.findOneByOrFail(ReportRecord, { year: 2025 })).values), {});
});

forEachDatabase('the messages that make wechat4u log out (「🌚 🌝」 three times) are dropped before it sees them; the others go on', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.contact({ UserName: '@o1', NickName: '杨舍小张' });
  let stopped = false;
  harness.bot.stop = () => void (stopped = true);
  const raw = (MsgId: string, Content: string) => ({ MsgId, MsgType: 1, FromUserName: '@o1', ToUserName: harness.bot.user.UserName, Content, CreateTime: 1 });
  // wechat4u emits each message a few promise turns later: the second is emitted after the first would be.
  const second = new Promise<void>((resolve) => harness.bot.on('message', (m: { MsgId: string }) => m.MsgId === '9002' && resolve()));
  harness.bot.handleMsg([raw('9001', '🌚 🌝🌚 🌝🌚 🌝'), raw('9002', '你好')]);
  await second;
  await harness.idle();
  t.false(stopped);
  t.deepEqual(harness.sent, [['@o1', notBound]], 'only 你好 arrived');
}, 'sqlite');

forEachDatabase('while web WeChat is logged out, replies wait for the next login however long it takes, never given up', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.contact({ UserName: '@stranger', NickName: '路人' });
  harness.bot.state = 'logout';
  await harness.say('@stranger', '你好');
  for (let i = 0; i < 15; i++) {
    harness.clock.advance(61_000);
    await harness.wechat.dispatcher.sweep();
  }
  const [row] = await harness.wechat.db.manager.find(OutboxMessage);
  // 15 looks, more than the 12 attempts after which a failing message is given up.
  t.deepEqual([row.state, row.lastError], ['pending', 'web WeChat is not logged in']);
  harness.bot.state = 'login';
  harness.clock.advance(61_000);
  await harness.wechat.dispatcher.sweep();
  t.deepEqual(harness.sent, [['@stranger', notBound]]);
}, 'sqlite');
