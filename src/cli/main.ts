// The nianbao command: parse the arguments, run one command, return its exit code.
import { parseArgs } from 'node:util';
import { checkCommand, importCommand, showCommand } from './report-commands.ts';
import { processOutput, type Output } from './output.ts';

const usage = `用法：nianbao <命令> [参数]

  import FILE [--json]                 导入已发布的年度报告（文本），输出报告 JSON 或概要
  check FILE [--previous FILE] [--json]  核对勾稽关系和填报规则；有错误时退出码为 1
  show FILE [--md]                      按官方版式显示报告（终端表格，或 Markdown）

FILE 可以是报告文本（.txt）或报告 JSON（.json）。`;

/** Run the command line; returns the process exit code. */
export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, md: { type: 'boolean' }, previous: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return out.fail(`参数有误：${(error as Error).message}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (!command || command === 'help' || values.help) {
    out.print(usage);
    return command ? 0 : 2;
  }
  const file = positionals[0];
  const needsFile = ['import', 'check', 'show'].includes(command);
  if (needsFile && (!file || positionals.length > 1)) return out.fail(`「${command}」需要且只需要一个文件。\n\n${usage}`);
  switch (command) {
    case 'import': return importCommand(file, values.json ?? false, out);
    case 'check': return checkCommand(file, values.previous, values.json ?? false, out);
    case 'show': return showCommand(file, values.md ?? false, out);
    default: return out.fail(`没有「${command}」这个命令。\n\n${usage}`);
  }
}
