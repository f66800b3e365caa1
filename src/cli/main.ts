// The nianbao command: a table of commands, each with its own options; parse, run one, return
// its exit code (0 fine, 1 the report has errors, 2 the command could not run).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkCommand, importCommand, showCommand } from './report-commands.ts';
import { chatCommand, demoCommand, reportShowCommand } from './database-commands.ts';
import { processOutput, type Output } from './output.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  usage: string;
  options: Options;
  /** How many positional arguments the command takes. */
  files: number;
  run(files: string[], values: Values, out: Output): Promise<number>;
}

const commands: Record<string, Command> = {
  import: {
    usage: 'import FILE [--json]                   导入已发布的年度报告（文本），输出报告 JSON 或概要',
    options: { json: { type: 'boolean' } },
    files: 1,
    run: ([file], v, out) => importCommand(file, v.json === true, out),
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
    usage: 'chat --user USERID                     以该成员身份与机器人对话（终端交互；管道输入时每行一条消息）',
    options: { user: { type: 'string' } },
    files: 0,
    run: (_, v, out) => chatCommand(v.user as string | undefined, out),
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
};

const usage = `用法：nianbao <命令> [参数]\n\n${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}

FILE 可以是报告文本（.txt）或报告 JSON（.json）。数据库由环境变量 DATABASE_URL 指定，默认 sqlite:data/nianbao.sqlite。`;

/** Run the command line; returns the process exit code. */
export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out.print(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) return out.fail(`没有「${name}」这个命令。\n\n${usage}`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: command.options });
  } catch (error) {
    return out.fail(`参数有误：${(error as Error).message}\n\n${usage}`);
  }
  if (parsed.positionals.length !== command.files) {
    return out.fail(`「${name}」的用法：nianbao ${command.usage.split(/\s{2,}/)[0]}\n\n${usage}`);
  }
  return command.run(parsed.positionals, parsed.values as Values, out);
}
