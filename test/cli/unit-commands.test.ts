// unit … and member … end to end, on a fresh SQLite file (ava runs each test file in a process of
// its own, so setting DATABASE_URL here touches no other file).
import test from 'ava';
import iconv from 'iconv-lite';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-unit-cli-'));
process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.sqlite')}`;

/** A file in the test's directory. */
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

// As Excel on a Chinese Windows saves 「CSV（逗号分隔）」: GBK, CRLF.
const units = file('units.csv', iconv.encode('单位名称,类型,上级单位\r\n某县人民政府,县政府,\r\n城关镇人民政府,镇,某县人民政府\r\n东街社区,街道办,城关镇人民政府\r\n教育局,部门,某县人民政府\r\n误建单位,镇,某县人民政府\r\n', 'gbk'));
const members = file('members.csv', iconv.encode('账号,姓名,角色,单位\r\nsup,王审核,审核人,某县人民政府\r\nZhangSan,张三,填报人,城关镇人民政府\r\nlisi,李四,填报人,城关镇人民政府\r\n', 'gbk'));

test.serial('a GBK file from Excel is imported and said to be GBK; a close name in it is noted', async (t) => {
  t.deepEqual(await runCli('unit', 'import', units), { code: 0, stdout: '已导入单位（文件为 GBK 编码，已自动识别）：新建 5 个。', stderr: '' });
  t.deepEqual(await runCli('member', 'import', members), { code: 0, stdout: '已导入成员（文件为 GBK 编码，已自动识别）：新建 3 名。', stderr: '' });
  t.deepEqual(await runCli('unit', 'import', file('close.csv', 'name,kind,parent\n城关镇,镇,某县人民政府\n')), {
    code: 0, stdout: '已导入单位：新建 1 个。',
    stderr: '请留意：\n  第2行：新建了单位「城关镇」，与已有的『城关镇人民政府』相近；如是同一单位，请用 nianbao unit delete 删除新建的，并在文件中改用已有名称',
  });
  t.deepEqual(await runCli('unit', 'delete', '城关镇'), { code: 0, stdout: '已删除单位「城关镇」。', stderr: '' });
});

test.serial('unit list prints the tree with kinds and filers, and counts the units without one', async (t) => {
  t.deepEqual(await runCli('member', 'disable', 'LISI'), {
    code: 0, stdout: '已停用成员「李四」（lisi）：机器人不再接受其填报或审核，也不再向其发送提醒；其已填报的内容保留。恢复：nianbao member enable lisi', stderr: '',
  });
  t.deepEqual(await runCli('unit', 'list'), {
    code: 0,
    stdout: [
      '某县人民政府（县市政府）  没有填报人',
      '  城关镇人民政府（镇）  填报人：张三；已停用：李四',
      '    东街社区（街道）  没有填报人',
      '  教育局（县级部门）  没有填报人',
      '  误建单位（镇）  没有填报人',
      '',
      '共 5 个单位，其中 4 个没有填报人。',
    ].join('\n'),
    stderr: '',
  });
  t.deepEqual(await runCli('unit', 'list', '--unit', '城关镇'), { code: 2, stdout: '', stderr: '单位「城关镇」不存在。您是指『城关镇人民政府』吗？' });
});

test.serial('member list shows userid, name, role, unit and status; enable brings a member back', async (t) => {
  t.deepEqual(await runCli('member', 'list', '--unit', '城关镇人民政府'), {
    code: 0,
    stdout: [
      '账号      姓名  角色    单位            状态',
      '────────  ────  ──────  ──────────────  ──────',
      'ZhangSan  张三  填报人  城关镇人民政府  正常',
      'lisi      李四  填报人  城关镇人民政府  已停用',
      '共 2 名成员，其中 1 名已停用。',
    ].join('\n'),
    stderr: '',
  });
  t.deepEqual(await runCli('member', 'enable', 'lisi'), { code: 0, stdout: '已启用成员「李四」（lisi），可以继续使用机器人。', stderr: '' });
  t.deepEqual(await runCli('member', 'enable', 'lisi'), { code: 0, stdout: '成员「李四」（lisi）已是启用状态，没有变化。', stderr: '' });
  t.deepEqual(await runCli('member', 'disable', 'wangwu'), { code: 2, stdout: '', stderr: '未停用：没有账号为「wangwu」的成员。' });
  t.deepEqual(await runCli('member', 'disable', 'zhangsam'), { code: 2, stdout: '', stderr: '未停用：没有账号为「zhangsam」的成员。您是指『ZhangSan』吗？' });
});

test.serial('rename, move and delete say what they did, or why not', async (t) => {
  t.deepEqual(await runCli('unit', 'rename', '教育局', '某县教育局'), { code: 0, stdout: '已将单位「教育局」改名为「某县教育局」。', stderr: '' });
  t.deepEqual(await runCli('unit', 'move', '东街社区', '--parent', '某县教育局'), { code: 0, stdout: '已将「东街社区」移到「某县教育局」之下。', stderr: '' });
  t.deepEqual(await runCli('unit', 'move', '某县人民政府', '--parent', '东街社区'), {
    code: 2, stdout: '', stderr: '未移动：「东街社区」在「某县人民政府」之下，不能把「某县人民政府」移到它下面（会形成循环：某县人民政府 → 东街社区 → 某县教育局 → 某县人民政府）。',
  });
  t.deepEqual(await runCli('unit', 'move', '东街社区'), { code: 2, stdout: '', stderr: '请用 --parent 指定新的上级单位，或用 --top 设为最上级单位（二者选一）。' });
  t.deepEqual(await runCli('unit', 'delete', '城关镇人民政府'), {
    code: 2, stdout: '',
    stderr: '未删除：单位「城关镇人民政府」有2名成员（张三、李四），停用的也保留着记录；请先在成员文件中把他们改到其他单位并导入（nianbao member import）。',
  });
  t.deepEqual(await runCli('unit', 'delete', '误建单位'), { code: 0, stdout: '已删除单位「误建单位」。', stderr: '' });
  t.deepEqual(await runCli('unit', 'delete', '误建单位'), { code: 2, stdout: '', stderr: '未删除：单位「误建单位」不存在。' });
});

test.serial('a wrong action, a missing name or an option of another action is answered with the form', async (t) => {
  t.deepEqual(await runCli('unit', 'rename', '教育局'), { code: 2, stdout: '', stderr: '「unit rename」的用法：nianbao unit rename NAME NEWNAME' });
  t.deepEqual(await runCli('unit', 'delete', '教育局', '--parent', 'x'), { code: 2, stdout: '', stderr: 'unit delete 不接受 --parent。「unit delete」的用法：nianbao unit delete NAME' });
  t.deepEqual(await runCli('member', 'remove', 'lisi'), {
    code: 2, stdout: '',
    stderr: [
      '「member」只支持 import、list、disable、enable、bind-code。用法：',
      '  nianbao member import FILE.csv',
      '  nianbao member list [--unit NAME]',
      '  nianbao member disable USERID',
      '  nianbao member enable USERID',
      '  nianbao member bind-code USERID',
    ].join('\n'),
  });
});
