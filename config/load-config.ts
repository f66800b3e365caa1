// The one reader of process.env: validated, frozen, every problem reported at once naming the
// variable to set.
import { AppError } from '../src/app-error.ts';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { defaultDatabaseUrl } from '../src/db/open-database.ts';

/** The settings the service and the CLI run with. */
export interface Config {
  /** `sqlite:PATH` (the embedded default) or `mysql://user:pass@host:port/db`. */
  databaseUrl: string;
}

/** Read and check the environment once, at start; throws CONFIG_INVALID naming every variable to fix. */
export function loadConfig(env: NodeJS.ProcessEnv): Readonly<Config> {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL || defaultDatabaseUrl;
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length) throw new AppError('CONFIG_INVALID', `配置有误，请检查以下环境变量：\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return Object.freeze({ databaseUrl });
}
