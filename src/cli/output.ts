// Where CLI commands write: injected so tests can capture it; and the files they write.
import { writeFile } from 'node:fs/promises';

/** Standard output for results, standard error for warnings and failures. */
export interface Output {
  print(text: string): void;
  warn(text: string): void;
  /** Say why a command cannot go on; returns the exit code 2. */
  fail(reason: string): number;
}

/** The process's own streams. */
export const processOutput: Output = {
  print: (text) => process.stdout.write(`${text}\n`),
  warn: (text) => process.stderr.write(`${text}\n`),
  fail: (reason) => {
    process.stderr.write(`${reason}\n`);
    return 2;
  },
};

const writeProblems: Record<string, string> = {
  ENOENT: '所在目录不存在', EACCES: '没有写入权限', EISDIR: '这是一个目录', EROFS: '文件系统只读',
  EBUSY: '文件正被其他程序占用，请关闭后重试', EPERM: '没有写入权限，或文件正被其他程序打开，请关闭后重试', ENOSPC: '磁盘空间不足',
};

/** Write a file a command made; undefined when written, or the exit code after saying why not. */
export async function writeOutput(file: string, bytes: Buffer, out: Output): Promise<number | undefined> {
  try {
    await writeFile(file, bytes);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return out.fail(`无法写入文件 ${file}：${writeProblems[code] ?? (error as Error).message}`);
  }
}
