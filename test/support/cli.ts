// The nianbao command run in-process, with what it prints captured.
import { main } from '../../src/cli/main.ts';
import type { Output } from '../../src/cli/output.ts';

/** Run the CLI with these arguments: its exit code, and stdout and stderr as text. */
export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out: Output = { print: (s) => stdout.push(s), warn: (s) => stderr.push(s), fail: (s) => (stderr.push(s), 2) };
  return { code: await main(argv, out), stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}
