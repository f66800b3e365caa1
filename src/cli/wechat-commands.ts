// nianbao wechat | member bind-code: the personal WeChat channel (wechat4u) run by hand, and the
// one-time codes that bind a member to their WeChat contact.
import { loadConfig, type Config } from '../../config/load-config.ts';
import { AppError, describeError } from '../app-error.ts';
import { createBindCode } from '../bot/wechat-bindings.ts';
import { inTransaction } from '../bot/sql.ts';
import { createWechatProcess } from '../channels/wechat-process.ts';
import { loadWechat4u } from '../channels/wechat4u.ts';
import { withDatabase } from './database-commands.ts';
import type { Output } from './output.ts';

const noKey = '未设置 NIANBAO_WECHAT_KEY，个人微信通道不能启动：登录信息须加密保存在数据库中。请设置 64 位十六进制的密钥（可用 openssl rand -hex 32 生成）后重试；密钥更换后须重新扫码登录。';
const risks = '提示：个人微信通道使用网页版微信协议（wechat4u），部分微信号不能登录网页版（ret 1203），腾讯也可能随时让其下线或限制账号；建议优先使用企业微信。';

/** `wechat`: run the channel until the account is logged out (exit code 1, so that PM2 starts it again with a new QR code). */
export async function wechatCommand(out: Output): Promise<number> {
  let config: Readonly<Config>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    return out.fail(error instanceof AppError ? error.message : String(error));
  }
  if (!config.wechatKey) return out.fail(noKey);
  out.warn(risks);
  let Wechat;
  try {
    Wechat = await loadWechat4u();
  } catch (error) {
    return out.fail(`无法加载 wechat4u（个人微信通道）：${describeError(error)}。请在项目目录下运行 npm ci 后重试。`);
  }
  let wechat;
  try {
    wechat = await createWechatProcess(config, Wechat, { log: out.warn });
  } catch (error) {
    return out.fail(`无法打开数据库：${describeError(error)}`);
  }
  // wechat4u's polling requests would keep the process alive after stop(): leave explicitly.
  const leave = async (code: number) => {
    await wechat.stop();
    process.exit(code);
  };
  process.once('SIGTERM', () => void leave(0));
  process.once('SIGINT', () => void leave(0));
  await wechat.connect();
  await wechat.loggedOut;
  await leave(1);
  return 1;
}

/** `member bind-code USERID`: a new one-time code the member sends to the bot's WeChat account. */
export function bindCodeCommand(userId: string, out: Output, now = new Date()): Promise<number> {
  return withDatabase(out, async (db) => {
    const created = await inTransaction(db, (m) => createBindCode(m, userId, now));
    if (created.kind === 'unknown') return out.fail(`没有账号为「${userId}」的成员。请先用 nianbao member import 导入该成员。`);
    const until = created.expiresAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    out.print([
      `已为${created.name}（${userId}）生成个人微信绑定码：${created.code}`,
      `有效期至 ${until}（24小时），只能使用一次；重新生成后，之前未使用的绑定码作废。`,
      `请${created.name}先添加机器人微信为好友，再把这 8 位数字发给它。绑定按微信昵称和备注名识别，绑定后请勿更改；如需给对方设置备注名，请在发送绑定码之前设置。`,
    ].join('\n'));
    return 0;
  });
}
