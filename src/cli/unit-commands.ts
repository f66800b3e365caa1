// nianbao unit … and member …: importing units and members from CSV, correcting them, and
// listing them, on the configured database.
import { readFile } from 'node:fs/promises';
import { closeWords, didYouMean } from '../admin/close-names.ts';
import type { DataSource } from 'typeorm';
import { importMembers } from '../admin/import-members.ts';
import { importUnits, type ImportResult } from '../admin/import-units.ts';
import { listMembers, setMemberDisabled } from '../admin/members.ts';
import { decodeCsv } from '../admin/read-csv.ts';
import { deleteUnit, moveUnit, renameUnit, unitTree, type UnitChange } from '../admin/units.ts';
import { drawTable, listed, type OptionValues } from './admin-commands.ts';
import { withDatabase } from './database-commands.ts';
import type { Output } from './output.ts';
import { bindCodeCommand } from './wechat-commands.ts';

/** A CSV file's text (UTF-8, or GBK as Excel saves it on a Chinese Windows), or why it cannot be read. */
async function readCsvFile(file: string): Promise<{ kind: 'read'; text: string; gbk: boolean } | { kind: 'failed'; reason: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { kind: 'failed', reason: `无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (error as Error).message}` };
  }
  const decoded = decodeCsv(bytes);
  return decoded.kind === 'failed' ? { kind: 'failed', reason: `文件 ${file} 无法读取：${decoded.reason}` } : { kind: 'read', text: decoded.text, gbk: decoded.encoding === 'GB18030' };
}

async function importFile(file: string, what: '单位' | '成员', measure: string, work: (db: DataSource, text: string) => Promise<ImportResult>, out: Output): Promise<number> {
  const read = await readCsvFile(file);
  if (read.kind === 'failed') return out.fail(read.reason);
  return withDatabase(out, async (db) => {
    const result = await work(db, read.text);
    if (result.kind === 'refused') return out.fail(listed(`${file} 中有${result.problems.length}处问题，未导入任何${what}。请修改后重新导入：`, result.problems));
    const parts = [
      result.created && `新建 ${result.created} ${measure}`, result.updated && `更新 ${result.updated} ${measure}`,
      result.unchanged && `${result.unchanged} ${measure}没有变化`,
    ].filter(Boolean);
    out.print(`已导入${what}${read.gbk ? '（文件为 GBK 编码，已自动识别）' : ''}：${parts.join('，')}。`);
    if (result.notes) out.warn(listed('请留意：', result.notes));
    return 0;
  });
}

/** A text ending as a sentence does. */
const sentence = (text: string) => (/[。？]$/.test(text) ? text : `${text}。`);

/** What a change did, printed; or its problems, exit code 2. */
function said(change: UnitChange, failed: string, out: Output): number {
  if (change.kind === 'refused') return out.fail(change.problems.length === 1 ? `${failed}：${sentence(change.problems[0])}` : listed(`${failed}：`, change.problems));
  out.print(change.text);
  return 0;
}

/** A command's form per action: how many names it takes after the action, its options, and its usage. */
interface Form {
  names: number;
  options: readonly string[];
  usage: string;
}

/** Run `action` if the positionals and options fit its form; else say the form. */
function checked(noun: string, forms: Record<string, Form>, [action, ...names]: string[], values: OptionValues, out: Output, run: (names: string[]) => Promise<number>): Promise<number> {
  const form = forms[action];
  if (!form) return Promise.resolve(out.fail(`「${noun}」只支持 ${Object.keys(forms).join('、')}。${didYouMean(closeWords(action ?? '', Object.keys(forms)))}用法：\n${Object.values(forms).map((f) => `  nianbao ${f.usage}`).join('\n')}`));
  const stray = Object.keys(values).filter((key) => values[key] !== undefined && !form.options.includes(key));
  if (names.length !== form.names || stray.length) {
    return Promise.resolve(out.fail(`${stray.length ? `${noun} ${action} 不接受 ${stray.map((k) => `--${k}`).join('、')}。` : ''}「${noun} ${action}」的用法：nianbao ${form.usage}`));
  }
  return run(names);
}

const unitForms: Record<string, Form> = {
  import: { names: 1, options: [], usage: 'unit import FILE.csv' },
  list: { names: 0, options: ['unit'], usage: 'unit list [--unit NAME]' },
  rename: { names: 2, options: [], usage: 'unit rename NAME NEWNAME' },
  move: { names: 1, options: ['parent', 'top'], usage: 'unit move NAME --parent PARENT | --top' },
  delete: { names: 1, options: [], usage: 'unit delete NAME' },
};

/** `unit import|list|rename|move|delete …`. */
export function unitCommand(positionals: string[], values: OptionValues, out: Output): Promise<number> {
  return checked('unit', unitForms, positionals, values, out, ([name, newName]) => {
    switch (positionals[0]) {
      case 'import': return importFile(name, '单位', '个', importUnits, out);
      case 'list': return withDatabase(out, async (db) => printTree(await unitTree(db, values.unit as string | undefined), out));
      case 'rename': return withDatabase(out, async (db) => said(await renameUnit(db, name, newName), '未改名', out));
      case 'move': {
        const parent = values.parent as string | undefined;
        if ((parent === undefined) === (values.top !== true)) return Promise.resolve(out.fail('请用 --parent 指定新的上级单位，或用 --top 设为最上级单位（二者选一）。'));
        return withDatabase(out, async (db) => said(await moveUnit(db, name, parent), '未移动', out));
      }
      default: return withDatabase(out, async (db) => said(await deleteUnit(db, name), '未删除', out));
    }
  });
}

function printTree(tree: Awaited<ReturnType<typeof unitTree>>, out: Output): number {
  if (typeof tree === 'string') return out.fail(sentence(tree));
  if (tree.length === 0) return out.fail('还没有任何单位，请先导入单位：nianbao unit import FILE.csv');
  const lines = tree.map((u) => {
    const filers = u.filers.length ? `填报人：${u.filers.join('、')}` : '没有填报人';
    return `${'  '.repeat(u.depth)}${u.name}（${u.kind}）  ${filers}${u.disabledFilers.length ? `；已停用：${u.disabledFilers.join('、')}` : ''}`;
  });
  const without = tree.filter((u) => u.filers.length === 0).length;
  out.print([...lines, '', `共 ${tree.length} 个单位${without ? `，其中 ${without} 个没有填报人` : ''}。`].join('\n'));
  return 0;
}

const memberForms: Record<string, Form> = {
  import: { names: 1, options: [], usage: 'member import FILE.csv' },
  list: { names: 0, options: ['unit'], usage: 'member list [--unit NAME]' },
  disable: { names: 1, options: [], usage: 'member disable USERID' },
  enable: { names: 1, options: [], usage: 'member enable USERID' },
  'bind-code': { names: 1, options: [], usage: 'member bind-code USERID' },
};

/** `member import|list|disable|enable|bind-code …`; `now` is when a disable takes effect. */
export function memberCommand(positionals: string[], values: OptionValues, out: Output, now = new Date()): Promise<number> {
  return checked('member', memberForms, positionals, values, out, ([arg]) => {
    switch (positionals[0]) {
      case 'import': return importFile(arg, '成员', '名', importMembers, out);
      case 'list': return withDatabase(out, async (db) => printMembers(await listMembers(db, values.unit as string | undefined), out));
      case 'bind-code': return bindCodeCommand(arg, out);
      default: {
        const disable = positionals[0] === 'disable';
        return withDatabase(out, async (db) => said(await setMemberDisabled(db, arg, disable, now), disable ? '未停用' : '未启用', out));
      }
    }
  });
}

function printMembers(members: Awaited<ReturnType<typeof listMembers>>, out: Output): number {
  if (typeof members === 'string') return out.fail(sentence(members));
  if (members.length === 0) return out.fail('还没有成员，请先导入成员：nianbao member import FILE.csv');
  const disabled = members.filter((x) => x.disabled).length;
  out.print([
    drawTable(['账号', '姓名', '角色', '单位', '状态'], members.map((x) => [x.userId, x.name, x.role, x.unit, x.disabled ? '已停用' : '正常']), []),
    `共 ${members.length} 名成员${disabled ? `，其中 ${disabled} 名已停用` : ''}。`,
  ].join('\n'));
  return 0;
}
