// The one reader of process.env: validated, frozen, every problem reported at once naming the
// variable to set.
import { z } from 'zod';
import { AppError } from '../src/app-error.ts';

/** The settings the service and the CLI run with. */
export interface Config {
  /** `sqlite:PATH` (the embedded default) or `mysql://user:pass@host:port/db`. */
  databaseUrl: string;
}

const schema = z.object({
  DATABASE_URL: z.string()
    .regex(/^(sqlite:.+|mysql:\/\/.+|mariadb:\/\/.+)$/, 'DATABASE_URL 应为 sqlite:路径 或 mysql://用户:密码@主机:端口/库名')
    .default('sqlite:data/nianbao.sqlite'),
});

/** Read and check the environment once, at start; throws CONFIG_INVALID naming every variable to fix. */
export function loadConfig(env: NodeJS.ProcessEnv): Readonly<Config> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}：${i.message}`);
    throw new AppError('CONFIG_INVALID', `配置有误，请设置以下环境变量：\n${problems.join('\n')}`);
  }
  return Object.freeze({ databaseUrl: parsed.data.DATABASE_URL });
}
