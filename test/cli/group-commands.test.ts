// nianbao group end to end, on a fresh SQLite file (ava runs each test file in a process of its
// own, so setting DATABASE_URL here touches no other file).
import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AibotGroup } from '../../entities/aibot-group.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-group-cli-'));
process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.sqlite')}`;

async function groups(): Promise<[string, number, string, string][]> {
  const db = await openDatabase(process.env.DATABASE_URL!);
  try {
    return (await db.manager.find(AibotGroup, { order: { chatId: 'ASC' } })).map((g) => [g.chatId, g.unitId, g.digest, g.boundBy]);
  } finally {
    await db.destroy();
  }
}

test.before(async () => {
  const db = await openDatabase(process.env.DATABASE_URL!);
  await setUpDemo(db, { supervisingUnit: '某县政务公开办', year: 2025, format: '2021', units: [{ name: '甲镇', officialId: 'a' }] });
  await db.destroy();
});

test.serial('group bind binds a group to a unit by name, with the digest asked for; a second bind needs --replace', async (t) => {
  t.deepEqual(await runCli('group', 'bind', 'wrOgAAA', '某县政务公开办', '--digest', 'also'), {
    code: 0, stderr: '',
    stdout: '已把群 wrOgAAA 绑定到某县政务公开办；每日简报同时发到群里和各审核人。审核人可在群里 @机器人 发送“进度”“未交”“查看 单位名称”“催办 单位名称”。',
  });
  t.deepEqual(await groups(), [['wrOgAAA', 1, 'also', 'cli']]);
  t.deepEqual(await runCli('group', 'bind', 'wrOgAAA', '甲镇'), { code: 2, stdout: '', stderr: '群 wrOgAAA 已绑定某县政务公开办。如需改绑，请加 --replace。' });
  t.is((await runCli('group', 'bind', 'wrOgAAA', '甲镇', '--replace')).code, 0);
  t.deepEqual(await groups(), [['wrOgAAA', 2, 'also', 'cli']]);
});

test.serial('bad input is refused naming what to type instead, and nothing changes', async (t) => {
  t.deepEqual(await runCli('group', 'bind', 'wrOgBBB', '某乡'), { code: 2, stdout: '', stderr: '单位「某乡」不存在；请核对单位全称（可用 nianbao unit list 查看）' });
  t.deepEqual(await runCli('group', 'bind', 'wrOgBBB', '甲'), { code: 2, stdout: '', stderr: '单位「甲」不存在。您是指『甲镇』吗？' });
  t.deepEqual(await runCli('group', 'bind', 'wrOgBBB', '甲镇', '--digest', 'yes'), { code: 2, stdout: '', stderr: '简报方式「yes」有误，应为 also（群里和审核人都发）、instead（只发到群里）或 off（不发到群里）。' });
  t.deepEqual(await runCli('group', 'digest', 'wrOgBBB', 'off'), { code: 2, stdout: '', stderr: '群 wrOgBBB 尚未绑定。请先运行 nianbao group bind wrOgBBB 单位名称。' });
  t.deepEqual(await groups(), [['wrOgAAA', 2, 'also', 'cli']]);
});

test.serial('group digest, list and unbind', async (t) => {
  t.deepEqual(await runCli('group', 'digest', 'wrOgAAA', 'instead'), { code: 0, stderr: '', stdout: '群 wrOgAAA：每日简报只发到群里（不再单独发给该单位的审核人）。' });
  t.deepEqual(await runCli('group', 'list'), { code: 0, stderr: '', stdout: 'wrOgAAA  甲镇  每日简报只发到群里（不再单独发给该单位的审核人）' });
  t.deepEqual(await runCli('group', 'unbind', 'wrOgAAA'), { code: 0, stderr: '', stdout: '已解除群 wrOgAAA 的绑定。' });
  t.deepEqual(await runCli('group', 'list'), { code: 0, stderr: '', stdout: '还没有绑定的群。' });
});
