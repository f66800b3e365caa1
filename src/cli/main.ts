// The nianbao command: a table of commands, each with its own options; parse, run one, return
// its exit code (0 fine, 1 the report has errors, 2 the command could not run).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closeWords, didYouMean } from '../admin/close-names.ts';
import { checkCommand, importCommand, renderCommand, showCommand } from './report-commands.ts';
import { badNow, readNow } from './admin-commands.ts';
import { campaignCommand, campaignOptions, campaignUsage } from './campaign-commands.ts';
import { chatCommand, demoCommand, importSaveCommand, renderStoredCommand, reportShowCommand, tickCommand } from './database-commands.ts';
import { exportCommand, rollupCommand } from './publish-commands.ts';
import { importBatch } from './import-batch.ts';
import { calendarSetCommand, calendarShowCommand } from './calendar-commands.ts';
import { processOutput, type Output } from './output.ts';
import { memberCommand, unitCommand } from './unit-commands.ts';
import { wechatCommand } from './wechat-commands.ts';
import { groupCommand, groupUsage } from './group-commands.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

interface Command {
  /** One line per form of the command: the form, two spaces, what it does. */
  usage: string;
  options: Options;
  /** How many positional arguments the command takes: exactly so many, or from min to max. */
  files: number | [min: number, max: number];
  run(files: string[], values: Values, out: Output): Promise<number>;
}

const commands: Record<string, Command> = {
  import: {
    usage: [
      'import FILE [--json] [--unit NAME] [--year Y]  导入已发布的年度报告（网页 .html、文本、Word、PDF），输出报告 JSON 或概要；不完整时退出码为 1',
      'import FILE|DIR… --save [--unit NAME] [--force] [--check OUT.xlsx]  导入并保存为各单位当年的报告（如上年报告），单位取标题中的名称；不完整的不保存，除非 --force',
      'import FILE|DIR… --check OUT.xlsx      逐个导入并核对，把各单位报告的问题写入一个 Excel 文件（不保存）',
    ].join('\n'),
    options: { json: { type: 'boolean' }, save: { type: 'boolean' }, unit: { type: 'string' }, year: { type: 'string' }, force: { type: 'boolean' }, check: { type: 'string' } },
    files: [1, Infinity],
    run: (files, v, out) => {
      const year = v.year as string | undefined;
      if (year !== undefined && !/^\d{4}$/.test(year)) return Promise.resolve(out.fail(`年份「${year}」有误，应为四位数字，例如：--year 2024`));
      const given = { unit: v.unit as string | undefined, ...(year && { year: Number(year) }) };
      const check = v.check as string | undefined;
      if (v.save === true) return importSaveCommand(files, { ...given, force: v.force === true, check }, out);
      if (v.force !== undefined) return Promise.resolve(out.fail('--force 只和 --save 一起使用。'));
      if (check !== undefined) return importBatch(files, { ...given, force: false, check }, undefined, out);
      if (files.length > 1) return Promise.resolve(out.fail('不加 --save 时一次只能导入一个文件。'));
      return importCommand(files[0], v.json === true, given, out);
    },
  },
  render: {
    usage: 'render FILE|--unit NAME [--year Y] --docx OUT.docx | --md  生成官方版式的 Word 文档，或输出 Markdown',
    options: { unit: { type: 'string' }, year: { type: 'string' }, docx: { type: 'string' }, md: { type: 'boolean' } },
    files: [0, 1],
    run: ([file], v, out) => {
      const options = { docx: v.docx as string | undefined, md: v.md === true };
      if (!options.docx && !options.md) return Promise.resolve(out.fail('请用 --docx OUT.docx 指定要生成的 Word 文件，或用 --md 输出 Markdown。'));
      if ((file === undefined) === (v.unit === undefined)) return Promise.resolve(out.fail('请给出报告文件，或用 --unit 指定数据库中的单位（二者选一）。'));
      return file !== undefined ? renderCommand(file, options, out) : renderStoredCommand(v.unit as string, v.year as string | undefined, options, out);
    },
  },
  check: {
    usage: 'check FILE [--previous FILE] [--json]  核对勾稽关系和填报规则；有错误时退出码为 1',
    options: { json: { type: 'boolean' }, previous: { type: 'string' } },
    files: 1,
    run: ([file], v, out) => checkCommand(file, v.previous as string | undefined, v.json === true, out),
  },
  show: {
    usage: 'show FILE [--md]                       按官方版式显示报告（终端表格，或 Markdown）',
    options: { md: { type: 'boolean' } },
    files: 1,
    run: ([file], v, out) => showCommand(file, v.md === true, out),
  },
  chat: {
    usage: 'chat --user USERID [--now ISO]         以该成员身份与机器人对话（终端交互；管道输入时每行一条消息）；--now 模拟当前时间',
    options: { user: { type: 'string' }, now: { type: 'string' } },
    files: 0,
    run: (_, v, out) => withNow(v.now, out, (now) => chatCommand(v.user as string | undefined, now, out)),
  },
  tick: {
    usage: 'tick [--now ISO]                       运行一次催办提醒（按该时间计划当天提醒并发出到期的），列出发出的消息',
    options: { now: { type: 'string' } },
    files: 0,
    run: (_, v, out) => withNow(v.now, out, (now) => tickCommand(now, out)),
  },
  demo: {
    usage: 'demo [--seeds DIR]                     在内置数据库中建立演示数据（五个单位、填报人、审核人、2025年度填报任务）',
    options: { seeds: { type: 'string' } },
    files: 0,
    run: (_, v, out) => demoCommand(v.seeds as string | undefined, out),
  },
  report: {
    usage: 'report show --unit NAME [--year Y] [--json]  显示数据库中保存的报告',
    options: { unit: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
    files: 1,
    run: async ([action], v, out) => action === 'show'
      ? reportShowCommand(v.unit as string | undefined, v.year as string | undefined, v.json === true, out)
      : out.fail(`「report」只支持 show。\n\n${usage}`),
  },
  unit: {
    usage: [
      'unit import FILE.csv                   导入单位（表头 name,kind,parent 或 单位名称,类型,上级单位）；同名单位更新',
      'unit list [--unit NAME]                按上下级显示单位（树形），含类型和填报人；--unit 只显示该单位及其下级',
      'unit rename NAME NEWNAME               单位改名（报告、成员和填报任务随之保留）',
      'unit move NAME --parent PARENT|--top   更换上级单位（不能形成循环）；--top 设为最上级单位',
      'unit delete NAME                       删除没有报告、成员和下级单位的单位（如误建的单位）',
    ].join('\n'),
    options: { unit: { type: 'string' }, parent: { type: 'string' }, top: { type: 'boolean' } },
    files: [1, 3],
    run: (positionals, v, out) => unitCommand(positionals, v, out),
  },
  member: {
    usage: [
      'member import FILE.csv                 导入成员（表头 userid,name,role,unit 或 账号,姓名,角色,单位）；同账号（不区分大小写）更新',
      'member list [--unit NAME]              列出成员的账号、姓名、角色、单位和是否停用；--unit 只列该单位及其下级的成员',
      'member disable USERID                  停用成员：机器人不再接受其填报、不再提醒，已填内容保留',
      'member enable USERID                   重新启用已停用的成员',
      'member bind-code USERID                为该成员生成个人微信绑定码（一次有效，24小时内使用）',
    ].join('\n'),
    options: { unit: { type: 'string' } },
    files: [1, 2],
    run: (positionals, v, out) => memberCommand(positionals, v, out),
  },
  wechat: {
    usage: 'wechat                                 运行个人微信通道（wechat4u，需设置 NIANBAO_WECHAT_KEY），扫码登录后一直运行',
    options: {},
    files: 0,
    run: (_, __, out) => wechatCommand(out),
  },
  group: {
    usage: groupUsage,
    options: { digest: { type: 'string' }, replace: { type: 'boolean' } },
    files: [1, 3],
    run: (args, v, out) => groupCommand(args, v as { digest?: string; replace?: boolean }, out),
  },
  campaign: {
    usage: campaignUsage,
    options: campaignOptions,
    files: [1, 2],
    run: (args, v, out) => campaignCommand(args, v, out),
  },
  calendar: {
    usage: [
      'calendar show YEAR|DATE                显示该年的节假日安排（放假日和调休上班日），或说明尚未设置；给出日期（如 2027-10-02）时显示当天是否上班',
      'calendar set YEAR FILE                 从文本文件设置该年的节假日安排：国务院办公厅通知的原文，或每行一个日期（2027-02-06 休 / 2027-02-20 班）',
    ].join('\n'),
    options: {},
    files: [2, 3],
    run: async ([action, year, file], _, out) => {
      if (action === 'show' && file === undefined) return calendarShowCommand(year, out);
      if (action === 'set' && file !== undefined) return calendarSetCommand(year, file, out);
      return out.fail(`「calendar」的用法：nianbao calendar show YEAR|DATE；nianbao calendar set YEAR FILE\n\n${usage}`);
    },
  },
  export: {
    usage: 'export [--campaign ID] [--unit NAME] --xlsx OUT.xlsx [--now ISO]  导出各单位填报情况、问题清单和汇总的 Excel 表（默认为最新的进行中任务；--unit 只含该单位所辖单位）',
    options: { campaign: { type: 'string' }, unit: { type: 'string' }, xlsx: { type: 'string' }, now: { type: 'string' } },
    files: 0,
    run: (_, v, out) => exportCommand(v, out),
  },
  rollup: {
    usage: 'rollup [--campaign ID] [--unit NAME] --docx OUT.docx [--now ISO]  已提交报告逐项汇总成一份报告（Word），重新核对；未提交或格式不同的单位列出',
    options: { campaign: { type: 'string' }, unit: { type: 'string' }, docx: { type: 'string' }, now: { type: 'string' } },
    files: 0,
    run: (_, v, out) => rollupCommand(v, out),
  },
};

const usage = `用法：nianbao <命令> [参数]\n\n${Object.values(commands).flatMap((c) => c.usage.split('\n')).map((line) => `  ${line}`).join('\n')}

FILE 可以是报告文本（.txt）、Word 文档（.docx）或报告 JSON（.json）；FILE.csv 为 Excel 或 WPS 保存的 CSV（UTF-8 或 GBK 编码均可，自动识别；以逗号、中文逗号或分号分隔，与表头一致）。
单位类型为 镇、乡、街道、县级部门、县市政府 之一；成员角色为 填报人、审核人、管理员（或 filer、supervisor、admin）。
数据库由环境变量 DATABASE_URL 指定，默认 sqlite:data/nianbao.sqlite。`;

/** What parseArgs refused, in the admin's words. */
function argumentProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'([^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `没有「${option}」这个参数`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return /argument missing/.test(message) ? `「${option.split(' ')[0]}」后面缺少取值` : `「${option.split(' ')[0]}」的取值有误`;
  return message;
}

/** Run `work` with the `--now` instant, or say what is wrong with it. */
function withNow(text: Values[string], out: Output, work: (now: Date | undefined) => Promise<number>): Promise<number> {
  if (typeof text !== 'string') return work(undefined);
  const now = readNow(text);
  if (!now) return Promise.resolve(out.fail(badNow(text)));
  return work(now);
}

/** Run the command line; returns the process exit code. */
export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out.print(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) return out.fail(`没有「${name}」这个命令。${didYouMean(closeWords(name, Object.keys(commands)))}\n\n${usage}`);
  const forms = command.usage.split('\n').map((line) => `  nianbao ${line}`).join('\n');
  // `nianbao unit --help`: the command's own lines.
  if (rest.includes('--help') || rest.includes('-h')) {
    out.print(`「${name}」的用法：\n${forms}`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: command.options });
  } catch (error) {
    return out.fail(`参数有误：${argumentProblem(error)}\n\n「${name}」的用法：\n${forms}`);
  }
  const [min, max] = typeof command.files === 'number' ? [command.files, command.files] : command.files;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const forms = command.usage.split('\n').map((line) => `nianbao ${line.split(/\s{2,}/)[0]}`);
    return out.fail(`「${name}」的用法：${forms.join('；')}\n\n${usage}`);
  }
  return command.run(parsed.positionals, parsed.values as Values, out);
}
