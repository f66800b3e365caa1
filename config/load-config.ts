// The one reader of process.env: validated, frozen, every problem reported at once naming the
// variable to set. Secrets (WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY, WECOM_ROBOT_KEY, WECOM_BOT_SECRET,
// WECOM_BOT_TOKEN, WECOM_BOT_AES_KEY, NIANBAO_WECHAT_KEY, the database password) are never echoed in a message.
import { AppError } from '../src/app-error.ts';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { defaultDatabaseUrl } from '../src/db/open-database.ts';
import { AIBOT_WS_URL } from '../src/wecom/aibot-frames.ts';
import { isEncodingAesKey } from '../src/wecom/crypto.ts';

/** The self-built app the bot is (企业微信 → 应用管理 → 自建应用), and where its callback is served. */
export interface WecomConfig {
  corpId: string;
  agentId: number;
  secret: string;
  /** 接收消息 → Token. */
  token: string;
  /** 接收消息 → EncodingAESKey. */
  encodingAesKey: string;
  /** https://qyapi.weixin.qq.com, or a fake in tests. */
  apiBase: string;
  callbackPath: string;
}

/** The 智能机器人 over its long connection (管理后台 → 智能机器人 → API 模式 → 长连接): no public URL needed. */
export interface AibotConfig {
  botId: string;
  secret: string;
  /** wss://openws.work.weixin.qq.com, a private deployment's own, or a fake in tests. */
  wsUrl: string;
}

/** The 智能机器人 through its callback URL (API 模式 → URL 回调): needs a public address. */
export interface AibotCallbackConfig {
  /** URL 回调 → Token. */
  token: string;
  /** URL 回调 → EncodingAESKey. */
  encodingAesKey: string;
  /** Where the Koa app serves it (default /wecom/bot). */
  callbackPath: string;
}

/** Which parts of the service a process runs: both (one process on SQLite), the web server, or the scheduler (one per cluster). */
export type ProcessRole = 'all' | 'web' | 'scheduler';

/** The settings the service and the CLI run with. */
export interface Config {
  /** `sqlite:PATH` (the embedded default) or `mysql://user:pass@host:port/db`. */
  databaseUrl: string;
  port: number;
  role: ProcessRole;
  /** Absent: local mode (no WeCom settings at all); chat with `nianbao chat`. */
  wecom?: WecomConfig;
  /** The 智能机器人's long connection, if one is set up (WECOM_BOT_ID, WECOM_BOT_SECRET). */
  aibot?: AibotConfig;
  /** The 智能机器人's callback URL, if one is set up (WECOM_BOT_TOKEN, WECOM_BOT_AES_KEY). */
  aibotCallback?: AibotCallbackConfig;
  /** The key of the supervisors' group robot (消息推送), if one is set up. */
  robotKey?: string;
  /** When reminders and digests may be sent on working days (Asia/Shanghai): NIANBAO_SEND_HOURS=09:00-18:00. */
  sendHours: { from: string; to: string };
  /** The key that encrypts the personal WeChat login in the database: NIANBAO_WECHAT_KEY, 64 hex digits (32 bytes). */
  wechatKey?: string;
}

const WECOM_REQUIRED = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'] as const;
const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';
const DEFAULT_PORT = 8080;

/** Read and check the environment once, at start; throws CONFIG_INVALID naming every variable to fix. */
export function loadConfig(env: NodeJS.ProcessEnv): Readonly<Config> {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL || defaultDatabaseUrl;
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const port = readPort(env.PORT, problems);
  const role = (env.NIANBAO_ROLE || 'all') as ProcessRole;
  if (!['all', 'web', 'scheduler'].includes(role)) problems.push('NIANBAO_ROLE 只能是 all、web 或 scheduler');
  const wecom = readWecom(env, problems);
  const aibot = readAibot(env, problems);
  const aibotCallback = readAibotCallback(env, problems);
  if (wecom && aibotCallback && wecom.callbackPath === aibotCallback.callbackPath) problems.push(`WECOM_BOT_CALLBACK_PATH 与 WECOM_CALLBACK_PATH 不能相同（现均为 ${wecom.callbackPath}），请为智能机器人另设路径，如 /wecom/bot`);
  const robotKey = env.WECOM_ROBOT_KEY || undefined;
  if (robotKey && !/^[A-Za-z0-9-]{8,100}$/.test(robotKey)) {
    problems.push('WECOM_ROBOT_KEY 应只填写群机器人 Webhook 地址中 key= 后面的部分，而不是整个地址');
  }
  const hours = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(env.NIANBAO_SEND_HOURS || '09:00-18:00');
  const sendHours = hours ? { from: `${hours[1]}:${hours[2]}`, to: `${hours[3]}:${hours[4]}` } : { from: '09:00', to: '18:00' };
  if (!hours || sendHours.from >= sendHours.to) problems.push('NIANBAO_SEND_HOURS 应为工作日可发送提醒的时段，如 09:00-18:00（开始早于结束）');
  const wechatKey = env.NIANBAO_WECHAT_KEY || undefined;
  if (wechatKey && !/^[0-9a-fA-F]{64}$/.test(wechatKey)) problems.push('NIANBAO_WECHAT_KEY 应为 64 位十六进制数字（32 字节），可用 openssl rand -hex 32 生成');
  // PM2 would otherwise restart the WeChat process every few seconds, each time refused for want of the key.
  if (env.NIANBAO_WECHAT && !wechatKey) problems.push('已设置 NIANBAO_WECHAT（启用个人微信通道），但缺少 NIANBAO_WECHAT_KEY：请设置 64 位十六进制密钥（openssl rand -hex 32），或去掉 NIANBAO_WECHAT');
  if (problems.length) throw new AppError('CONFIG_INVALID', `配置有误，请检查以下环境变量：\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return Object.freeze({ databaseUrl, port, role, sendHours: Object.freeze(sendHours), ...(wecom && { wecom: Object.freeze(wecom) }), ...(aibot && { aibot: Object.freeze(aibot) }), ...(aibotCallback && { aibotCallback: Object.freeze(aibotCallback) }), ...(robotKey && { robotKey }), ...(wechatKey && { wechatKey }) });
}

function readAibot(env: NodeJS.ProcessEnv, problems: string[]): AibotConfig | undefined {
  const { WECOM_BOT_ID: botId = '', WECOM_BOT_SECRET: secret = '' } = env;
  if (!botId && !secret) {
    if (env.WECOM_BOT_WS_URL) problems.push('已设置 WECOM_BOT_WS_URL，但未设置 WECOM_BOT_ID 和 WECOM_BOT_SECRET：请一并设置，或去掉 WECOM_BOT_WS_URL');
    return undefined;
  }
  if (!botId) problems.push('智能机器人配置不完整，还需设置：WECOM_BOT_ID（机器人的 BotID，在智能机器人的“API 模式”页面查看）');
  if (!secret) problems.push('智能机器人配置不完整，还需设置：WECOM_BOT_SECRET（长连接的 Secret，在智能机器人的“API 模式 → 长连接”页面查看）');
  if (botId && !/^[A-Za-z0-9_-]{1,64}$/.test(botId)) problems.push('WECOM_BOT_ID 应为智能机器人的 BotID（英文、数字、下划线或连字符，不超过64位）');
  if (secret && /\s/.test(secret)) problems.push('WECOM_BOT_SECRET 含有空白字符，请检查是否复制完整');
  const wsUrl = env.WECOM_BOT_WS_URL || AIBOT_WS_URL;
  if (!/^wss?:\/\/[^\s/]+(\/\S*)?$/.test(wsUrl)) problems.push(`WECOM_BOT_WS_URL 应为 wss://主机[:端口][/路径]，默认 ${AIBOT_WS_URL}`);
  return { botId, secret, wsUrl };
}

function readAibotCallback(env: NodeJS.ProcessEnv, problems: string[]): AibotCallbackConfig | undefined {
  const { WECOM_BOT_TOKEN: token = '', WECOM_BOT_AES_KEY: encodingAesKey = '' } = env;
  if (!token && !encodingAesKey) {
    if (env.WECOM_BOT_CALLBACK_PATH) problems.push('已设置 WECOM_BOT_CALLBACK_PATH，但未设置 WECOM_BOT_TOKEN 和 WECOM_BOT_AES_KEY：请一并设置，或去掉 WECOM_BOT_CALLBACK_PATH');
    return undefined;
  }
  if (!token) problems.push('智能机器人回调配置不完整，还需设置：WECOM_BOT_TOKEN（在智能机器人的“API 模式 → URL 回调”页面查看 Token）');
  if (!encodingAesKey) problems.push('智能机器人回调配置不完整，还需设置：WECOM_BOT_AES_KEY（在智能机器人的“API 模式 → URL 回调”页面查看 EncodingAESKey）');
  if (token && !/^[A-Za-z0-9]{1,32}$/.test(token)) problems.push('WECOM_BOT_TOKEN 应为智能机器人 URL 回调设置中的 Token（不超过32位英文或数字）');
  if (encodingAesKey && !isEncodingAesKey(encodingAesKey)) problems.push('WECOM_BOT_AES_KEY 应为智能机器人 URL 回调设置中的 EncodingAESKey（43位英文或数字）');
  const callbackPath = env.WECOM_BOT_CALLBACK_PATH || '/wecom/bot';
  if (!/^\/[A-Za-z0-9/_-]*$/.test(callbackPath)) problems.push('WECOM_BOT_CALLBACK_PATH 应为以 / 开头的路径，如 /wecom/bot');
  return { token, encodingAesKey, callbackPath };
}

function readPort(value: string | undefined, problems: string[]): number {
  if (!value) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) problems.push(`PORT 应为 0–65535 的整数，现为「${value}」`);
  return port;
}

function readWecom(env: NodeJS.ProcessEnv, problems: string[]): WecomConfig | undefined {
  const set = WECOM_REQUIRED.filter((name) => env[name]);
  if (!set.length) return undefined;
  const missing = WECOM_REQUIRED.filter((name) => !env[name]);
  if (missing.length) problems.push(`企业微信配置不完整，还需设置：${missing.join('、')}（不使用企业微信时五项都不要设置）`);
  const corpId = env.WECOM_CORP_ID ?? '';
  const agentId = Number(env.WECOM_AGENT_ID);
  const { WECOM_SECRET: secret = '', WECOM_TOKEN: token = '', WECOM_AES_KEY: encodingAesKey = '' } = env;
  if (corpId && !/^[A-Za-z0-9]{1,64}$/.test(corpId)) problems.push('WECOM_CORP_ID 应为企业ID（我的企业 → 企业信息，如 ww1436e0e65a779aee）');
  if (env.WECOM_AGENT_ID && !(Number.isInteger(agentId) && agentId > 0)) problems.push('WECOM_AGENT_ID 应为应用的 AgentId（正整数）');
  if (secret && /\s/.test(secret)) problems.push('WECOM_SECRET 含有空白字符，请检查是否复制完整');
  if (token && !/^[A-Za-z0-9]{1,32}$/.test(token)) problems.push('WECOM_TOKEN 应为接收消息设置中的 Token（不超过32位英文或数字）');
  if (encodingAesKey && !isEncodingAesKey(encodingAesKey)) problems.push('WECOM_AES_KEY 应为接收消息设置中的 EncodingAESKey（43位英文或数字）');
  const apiBase = (env.WECOM_API_BASE || DEFAULT_API_BASE).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+$/.test(apiBase)) problems.push(`WECOM_API_BASE 应为 http(s)://主机[:端口]，默认 ${DEFAULT_API_BASE}`);
  const callbackPath = env.WECOM_CALLBACK_PATH || '/wecom/callback';
  if (!/^\/[A-Za-z0-9/_-]*$/.test(callbackPath)) problems.push('WECOM_CALLBACK_PATH 应为以 / 开头的路径，如 /wecom/callback');
  return { corpId, agentId, secret, token, encodingAesKey, apiBase, callbackPath };
}
