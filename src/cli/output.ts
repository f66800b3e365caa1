// Where CLI commands write: injected so tests can capture it.

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
