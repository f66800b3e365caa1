import test from 'ava';
import type { DataSource } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Conversation } from '../../entities/conversation.ts';
import { Member } from '../../entities/member.ts';
import { Reminder } from '../../entities/reminder.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { createCampaign } from '../../src/admin/campaigns.ts';
import { closeNames, closeWords, sameUnitNames } from '../../src/admin/close-names.ts';
import { importMembers } from '../../src/admin/import-members.ts';
import { importUnits } from '../../src/admin/import-units.ts';
import { listMembers, setMemberDisabled } from '../../src/admin/members.ts';
import { deleteUnit, moveUnit, renameUnit, unitTree } from '../../src/admin/units.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { membersOf } from '../../src/bot/jurisdiction.ts';
import { findMember } from '../../src/bot/member-lookup.ts';
import { findWriter } from '../../src/bot/store.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
import { sendDueReminders } from '../../src/jobs/reminder-tick.ts';
import { forEachDatabase } from '../support/databases.ts';
import { migrations } from '../../src/db/data-source.ts';
import { MembersDisabled1796800000000 } from '../../src/db/migrations/0008-members-disabled.ts';

const at = new Date('2026-01-05T02:00:00Z');

/** 城关镇人民政府 and 教育局 under the county, 东街社区 under 城关镇人民政府; a supervisor and three filers. */
async function county(db: DataSource): Promise<void> {
  await importUnits(db, '单位名称,类型,上级单位\n某县人民政府,县市政府,\n城关镇人民政府,镇,某县人民政府\n教育局,部门,某县人民政府\n东街社区,街道办,城关镇人民政府\n');
  await importMembers(db, '账号,姓名,角色,单位\nsup,王审核,审核人,某县人民政府\nZhangSan,张三,填报人,城关镇人民政府\nlisi,李四,填报人,城关镇人民政府\nzhaoliu,赵六,填报人,教育局\n');
}

/** Every unit as `name<parent`, sorted. */
async function parents(db: DataSource): Promise<string[]> {
  const units = await db.manager.find(Unit);
  const nameOf = new Map(units.map((u) => [u.id, u.name]));
  return units.map((u) => `${u.name}<${u.parentId === null ? '-' : nameOf.get(u.parentId)}`).sort();
}

test('close names: a name inside another, or one or two characters off; never the name itself', (t) => {
  const names = ['城关镇人民政府', '城关乡人民政府', '教育局', '县教育局', '财政局', '某县人民政府'];
  t.deepEqual(closeNames('城关镇', names), ['城关镇人民政府']);
  t.deepEqual(closeNames('城关镇人民政俯', names), ['城关镇人民政府', '城关乡人民政府']);
  t.deepEqual(closeNames('教育局', names), ['县教育局']);
  t.deepEqual(closeNames('卫健委', names), []);
  // Two neighbours swapped are one slip of the finger.
  t.deepEqual(closeNames('关城镇人民政府', names), ['城关镇人民政府', '城关乡人民政府']);
  // A command word: one slip only (export is no import).
  t.deepEqual(closeWords('unti', ['unit', 'member']), ['unit']);
  t.deepEqual(closeWords('Campagin', ['campaign', 'calendar']), ['campaign']);
  t.deepEqual(closeWords('export', ['import', 'list']), []);
  t.deepEqual(closeNames('局', names), []);
});

test('a new unit may be an old one written differently: a name inside another, or a long name a character off; never two short names a character apart', (t) => {
  const names = ['城关镇人民政府', '章集镇', '县市场监督管理局', '胡集镇'];
  t.deepEqual(sameUnitNames('城关镇', names), ['城关镇人民政府']);
  t.deepEqual(sameUnitNames('胡集镇', names.filter((n) => n !== '胡集镇')), []);
  t.deepEqual(sameUnitNames('县市场监管督理局', names), ['县市场监督管理局']);
  t.deepEqual(sameUnitNames('某县胡集镇', names), ['胡集镇']);
  // As a suggestion after a miss, a short name one character off is still offered.
  t.deepEqual(closeNames('胡集真', names), ['胡集镇']);
});

forEachDatabase('unit rename: the unit keeps its members under the new name; unknown, taken, empty or the same name is answered', async (t, database) => {
  const db = await database.open(t);
  await county(db);
  t.deepEqual(await renameUnit(db, '教育局', '某县教育局'), { kind: 'changed', text: '已将单位「教育局」改名为「某县教育局」。' });
  t.deepEqual((await listMembers(db, '某县教育局') as { name: string }[]).map((x) => x.name), ['赵六']);
  t.deepEqual(await renameUnit(db, '城关镇', '城关镇政府'), { kind: 'refused', problems: ['单位「城关镇」不存在。您是指『城关镇人民政府』吗？'] });
  t.deepEqual(await renameUnit(db, '某县教育局', '城关镇人民政府'), { kind: 'refused', problems: ['已有名为「城关镇人民政府」的单位；如要合并两个单位，请先把成员移到其中一个，再删除另一个'] });
  t.deepEqual(await renameUnit(db, '某县教育局', ' '), { kind: 'refused', problems: ['新名称为空'] });
  t.deepEqual(await renameUnit(db, '某县教育局', '某县教育局'), { kind: 'unchanged', text: '单位名称已是「某县教育局」，没有变化。' });
});

forEachDatabase('unit move: under another unit or to the top; a cycle and the unit itself are refused; an unknown parent is answered with the close name', async (t, database) => {
  const db = await database.open(t);
  await county(db);
  t.deepEqual(await moveUnit(db, '东街社区', '教育局'), { kind: 'changed', text: '已将「东街社区」移到「教育局」之下。' });
  t.deepEqual(await moveUnit(db, '某县人民政府', '东街社区'), {
    kind: 'refused', problems: ['「东街社区」在「某县人民政府」之下，不能把「某县人民政府」移到它下面（会形成循环：某县人民政府 → 东街社区 → 教育局 → 某县人民政府）'],
  });
  t.deepEqual(await moveUnit(db, '教育局', '教育局'), { kind: 'refused', problems: ['「教育局」的上级单位不能是它自己'] });
  t.deepEqual(await moveUnit(db, '教育局', '某县政府'), { kind: 'refused', problems: ['上级单位「某县政府」不存在。您是指『某县人民政府』吗？'] });
  t.deepEqual(await moveUnit(db, '教育局', '某县人民政府'), { kind: 'unchanged', text: '「教育局」的上级单位已是「某县人民政府」，没有变化。' });
  t.deepEqual(await moveUnit(db, '教育局', undefined), { kind: 'changed', text: '已将「教育局」设为最上级单位（没有上级单位）。' });
  t.deepEqual(await parents(db), ['东街社区<教育局', '城关镇人民政府<某县人民政府', '教育局<-', '某县人民政府<-']);
});

forEachDatabase('unit delete: refused naming its reports, members and units below; an empty unit is deleted and leaves its campaigns', async (t, database) => {
  const db = await database.open(t);
  await county(db);
  await importUnits(db, 'name,kind,parent\n城关镇,镇,某县人民政府\n');
  const created = await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-20', units: 'all' });
  t.is(created.kind, 'created');
  const education = await db.manager.findOneByOrFail(Unit, { name: '教育局' });
  await db.manager.insert(ReportRecord, { unitId: education.id, campaignId: null, year: 2024, format: '2021', status: 'imported', values: '{}', reopened: null, version: 1, submittedAt: null, updatedAt: at });
  t.deepEqual(await deleteUnit(db, '城关镇人民政府'), {
    kind: 'refused',
    problems: [
      '单位「城关镇人民政府」有2名成员（张三、李四），停用的也保留着记录；请先在成员文件中把他们改到其他单位并导入（nianbao member import）',
      '单位「城关镇人民政府」有1个下级单位（东街社区），请先把它们移到其他单位之下（nianbao unit move）',
    ],
  });
  t.deepEqual((await deleteUnit(db, '教育局')).kind, 'refused');
  t.regex((await deleteUnit(db, '教育局') as { problems: string[] }).problems[0], /^单位「教育局」有1份报告（2024年度），报告不能随单位删除$/);
  // A campaign of every unit names none of them: they leave it by being deleted.
  t.deepEqual(await deleteUnit(db, '城关镇'), { kind: 'changed', text: '已删除单位「城关镇」。' });
  t.deepEqual(await deleteUnit(db, '东街社区'), { kind: 'changed', text: '已删除单位「东街社区」。' });
  t.deepEqual(await parents(db), ['城关镇人民政府<某县人民政府', '教育局<某县人民政府', '某县人民政府<-']);
  t.is(await db.manager.count(CampaignUnit), 0);
});

forEachDatabase('unit tree: each unit before those below it, with its kind and enabled filers, disabled ones apart; or from one unit', async (t, database) => {
  const db = await database.open(t);
  await county(db);
  await setMemberDisabled(db, 'lisi', true, at);
  t.deepEqual(await unitTree(db), [
    { name: '某县人民政府', kind: '县市政府', depth: 0, filers: [], disabledFilers: [] },
    { name: '城关镇人民政府', kind: '镇', depth: 1, filers: ['张三'], disabledFilers: ['李四'] },
    { name: '东街社区', kind: '街道', depth: 2, filers: [], disabledFilers: [] },
    { name: '教育局', kind: '县级部门', depth: 1, filers: ['赵六'], disabledFilers: [] },
  ]);
  t.deepEqual((await unitTree(db, '城关镇人民政府') as { name: string; depth: number }[]).map((u) => [u.name, u.depth]), [['城关镇人民政府', 0], ['东街社区', 1]]);
  t.is(await unitTree(db, '城关镇'), '单位「城关镇」不存在。您是指『城关镇人民政府』吗？');
});

forEachDatabase('member disable and enable: by userid in any case, said when nothing changes, an unknown userid answered with a close one', async (t, database) => {
  const db = await database.open(t);
  await county(db);
  t.deepEqual(await setMemberDisabled(db, 'zhangsan', true, at), {
    kind: 'changed', text: '已停用成员「张三」（ZhangSan）：机器人不再接受其填报或审核，也不再向其发送提醒；其已填报的内容保留。恢复：nianbao member enable ZhangSan',
  });
  t.deepEqual((await db.manager.findOneByOrFail(Member, { userId: 'ZhangSan' })).disabledAt, at);
  t.deepEqual(await setMemberDisabled(db, 'ZhangSan', true, at), { kind: 'unchanged', text: '成员「张三」（ZhangSan）已是停用状态，没有变化。' });
  t.deepEqual(await setMemberDisabled(db, 'zhangsam', true, at), { kind: 'refused', problems: ['没有账号为「zhangsam」的成员。您是指『ZhangSan』吗？'] });
  t.deepEqual(await setMemberDisabled(db, 'ZHANGSAN', false, at), { kind: 'changed', text: '已启用成员「张三」（ZhangSan），可以继续使用机器人。' });
  t.is((await db.manager.findOneByOrFail(Member, { userId: 'ZhangSan' })).disabledAt, null);
});

forEachDatabase('member list: userid, name, role, unit and status, by unit; --unit takes the units below it too', async (t, database) => {
  const db = await database.open(t);
  await county(db);
  await importMembers(db, 'userid,name,role,unit\nqian,钱七,filer,东街社区\n');
  await setMemberDisabled(db, 'lisi', true, at);
  t.deepEqual(await listMembers(db), [
    { userId: 'sup', name: '王审核', role: '审核人', unit: '某县人民政府', disabled: false },
    { userId: 'ZhangSan', name: '张三', role: '填报人', unit: '城关镇人民政府', disabled: false },
    { userId: 'lisi', name: '李四', role: '填报人', unit: '城关镇人民政府', disabled: true },
    { userId: 'zhaoliu', name: '赵六', role: '填报人', unit: '教育局', disabled: false },
    { userId: 'qian', name: '钱七', role: '填报人', unit: '东街社区', disabled: false },
  ]);
  t.deepEqual((await listMembers(db, '城关镇人民政府') as { userId: string }[]).map((x) => x.userId), ['ZhangSan', 'lisi', 'qian']);
  t.is(await listMembers(db, '教育'), '单位「教育」不存在。您是指『教育局』吗？');
});

forEachDatabase('a WeCom userid finds its member whatever its case; of two differing only by case the exact one, else neither', async (t, database) => {
  const db = await database.open(t);
  await county(db);
  t.is((await findWriter(db.manager, 'zhangsan'))?.unitName, '城关镇人民政府');
  t.is((await findWriter(db.manager, 'LISI'))?.unitName, '城关镇人民政府');
  // As a database from before 0008 may hold them.
  const unitId = (await db.manager.findOneByOrFail(Unit, { name: '教育局' })).id;
  await db.manager.insert(Member, { userId: 'zhangSAN', userKey: 'zhangsan', name: '张三（重复）', role: 'filer', unitId, createdAt: at, disabledAt: null });
  t.is((await findMember(db.manager, 'ZhangSan'))?.userId, 'ZhangSan');
  t.is((await findMember(db.manager, 'zhangSAN'))?.userId, 'zhangSAN');
  t.is(await findMember(db.manager, 'zhangsan'), undefined);
  await setMemberDisabled(db, 'zhangSAN', true, at);
  t.is((await findMember(db.manager, 'zhangsan'))?.userId, 'ZhangSan');
});

forEachDatabase('a disabled member is told so and nothing of theirs is stored; no reminders find them, and they are no unit\'s filer', async (t, database) => {
  const db = await database.open(t);
  await county(db);
  await setMemberDisabled(db, 'zhaoliu', true, at);
  const engine = createEngine(db, { now: () => at });
  t.deepEqual(await engine.handle({ key: 'm1', userId: 'ZhaoLiu', text: '开始', receivedAt: at }), {
    kind: 'replied', replies: ['您好，您的账号已被管理员停用，暂时不能填报或审核年度报告。如需恢复，请联系本单位或上级政务公开管理员。'],
  });
  t.is(await db.manager.count(Conversation), 0);
  const units = await db.manager.find(Unit, { order: { id: 'ASC' } });
  const filers = await membersOf(db.manager, units.map((u) => u.id), 'filer');
  t.deepEqual([...filers.values()].flat(), ['ZhangSan', 'lisi']);
  const created = await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-20' });
  // 教育局 still files (its filer is disabled, a new one will come); the county government only reviews.
  t.like(created, { kind: 'created', units: ['城关镇人民政府', '教育局', '东街社区'], withoutFilers: ['某县人民政府'] });
  // A reminder planned for today before 李四 was disabled is dropped when due; 张三's goes out.
  const unitId = (await db.manager.findOneByOrFail(Unit, { name: '城关镇人民政府' })).id;
  const campaignId = created.kind === 'created' ? created.campaignId : 0;
  await db.manager.insert(Reminder, ['ZhangSan', 'lisi'].map((recipient) => ({
    idempotencyKey: `remind:${recipient}`, campaignId, unitId, recipient, kind: 'T-7', dueAt: at, state: 'pending' as const, note: null, createdAt: at,
  })));
  await setMemberDisabled(db, 'lisi', true, at);
  t.deepEqual(await sendDueReminders(db, at, loadCalendar()), [{ channel: 'wecom', recipient: 'ZhangSan' }]);
  t.deepEqual((await db.manager.find(Reminder, { order: { id: 'ASC' } })).map((r) => [r.recipient, r.state, r.note]), [['ZhangSan', 'sent', null], ['lisi', 'dropped', '成员已停用']]);
});

forEachDatabase('migration 0008 keeps members that differ only by case and announces them to the operator', async (t, database) => {
  const db = await database.open(t);
  await county(db);
  // Back to the schema before 0008 (members of any case were possible then), then forward again.
  for (let i = migrations.indexOf(MembersDisabled1796800000000); i < migrations.length; i++) await db.undoLastMigration();
  await db.query("INSERT INTO members (userId, name, role, unitId, createdAt) SELECT 'zhangsan', '张三二', 'filer', unitId, createdAt FROM members WHERE userId = 'ZhangSan'");
  const warned: string[] = [];
  const warn = console.warn;
  console.warn = (text: string) => warned.push(text);
  try {
    t.deepEqual((await db.runMigrations()).map((m) => m.name), migrations.slice(migrations.indexOf(MembersDisabled1796800000000)).map((m) => m.name));
  } finally {
    console.warn = warn;
  }
  t.deepEqual(warned, ['nianbao: members ZhangSan, zhangsan differ only by case; WeCom treats them as one account. Disable all but one: nianbao member disable USERID']);
  t.is(await db.manager.count(Member), 5);
  // 0016 keeps each userid lower-cased beside it, as it is looked up.
  t.deepEqual((await db.manager.find(Member, { where: { userKey: 'zhangsan' }, order: { id: 'ASC' } })).map((m) => m.userId), ['ZhangSan', 'zhangsan']);
  t.deepEqual(await importMembers(db, 'userid,name,role,unit\nZHANGSAN,张三,filer,城关镇人民政府\n'), {
    kind: 'refused', problems: ['第2行：账号「ZHANGSAN」对应多名仅大小写不同的成员（ZhangSan、zhangsan），无法确定更新哪一个；请在文件中写出其中一个的准确账号，并停用其余的（nianbao member disable）'],
  });
  t.deepEqual(await importMembers(db, 'userid,name,role,unit\nzhangsan,张三二,supervisor,城关镇人民政府\n'), { kind: 'imported', created: 0, updated: 1, unchanged: 0 });
});
