// What to do about a WeCom errcode, as data. WeCom says to decide on `errcode`, never on
// `errmsg` (https://developer.work.weixin.qq.com/document/path/90313), so this table is the one
// place that turns a code into an action and a hint an operator can follow.

/** What the caller should do about a failed call. */
export type ErrorAction = 'refresh-token' | 'backoff' | 'config' | 'recipient' | 'content' | 'bug';

/** An errcode's action, with a short hint in Chinese for the operator. */
export interface ErrorAdvice {
  action: ErrorAction;
  hint: string;
}

// https://developer.work.weixin.qq.com/document/path/90313 (global errcodes) and
// https://developer.work.weixin.qq.com/document/path/99110 (93000, group robot).
const table: ReadonlyMap<number, ErrorAdvice> = new Map<number, ErrorAdvice>([
  [-1, { action: 'backoff', hint: '企业微信系统繁忙：稍后自动重试（建议不超过3次）' }],
  [40001, { action: 'config', hint: '应用Secret不正确：请在管理后台→应用管理→本应用中查看Secret，并更新本服务的配置' }],
  [40091, { action: 'config', hint: 'Secret不合法（可能是其他企业或其他应用的Secret）：请填写本企业本应用的Secret' }],
  [40013, { action: 'config', hint: 'CorpID不正确：请在管理后台→我的企业→企业信息中查看企业ID，并更新本服务的配置' }],
  [40014, { action: 'refresh-token', hint: 'access_token无效：已重新获取，仍失败请检查是否有其他程序在使用同一应用' }],
  [42001, { action: 'refresh-token', hint: 'access_token已过期：已重新获取，仍失败请检查令牌缓存' }],
  [41001, { action: 'bug', hint: '请求缺少access_token：这是程序缺陷，请联系开发人员' }],
  [45009, { action: 'backoff', hint: '接口调用超过频率限制：等待限制时段结束后再发送' }],
  [45033, { action: 'backoff', hint: '接口并发调用超过限制：降低并发，稍后重试' }],
  [48002, { action: 'config', hint: 'API接口无权限调用：请确认使用的是本应用的Secret，并在管理后台为应用开通相应权限' }],
  [48006, { action: 'config', hint: '接口权限被收回（应用长期未使用）：请管理员在管理后台→应用管理中重新启用本应用' }],
  [50003, { action: 'config', hint: '应用已禁用：请管理员在管理后台→应用管理中启用本应用' }],
  [60011, { action: 'recipient', hint: '接收人不在应用的可见范围内：请在管理后台→应用→可见范围中加入该成员或其部门' }],
  [60020, { action: 'config', hint: '服务器出口IP不在应用的企业可信IP中：请在管理后台→应用→企业可信IP中加入本服务器的出口IP' }],
  [81013, { action: 'recipient', hint: '接收人全部无效或无权限：请确认成员仍在通讯录中，且在应用的可见范围内' }],
  [40003, { action: 'recipient', hint: '无效的UserID：请确认该成员的企业微信账号（UserID）登记正确' }],
  [44004, { action: 'content', hint: '消息内容为空：请检查要发送的内容' }],
  [45002, { action: 'content', hint: '消息内容超过长度限制（文本不超过2048字节）：请拆分后发送' }],
  [40007, { action: 'content', hint: '文件media_id无效（临时素材3天后过期或类型不符）：请重新上传文件后发送' }],
  [93000, { action: 'config', hint: '群机器人webhook key无效或机器人已被移除：请在群里重新添加消息推送机器人，并只填写URL中key=后面的部分' }],
]);

/** What to do about an errcode; anything not in WeCom's table is treated as a bug of ours. */
export function actionOf(errcode: number): ErrorAdvice {
  return table.get(errcode) ?? { action: 'bug', hint: `未预期的企业微信错误码 ${errcode}：请联系开发人员` };
}

const second = 1000;
const minute = 60 * second;

/** How long to wait (ms) before attempt number `attempt` (1 = the first retry) after `errcode`. */
export function backoffOf(errcode: number, attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  // A frequency block lasts as long as the window it broke; the minute window is the one a
  // sender hits (https://developer.work.weixin.qq.com/document/path/90312). The errcode does not
  // say which window, and errmsg must not be parsed, so the caller escalates if it repeats.
  if (errcode === 45009) return minute;
  // 45033 means too many calls at once: a short pause that grows lets the others finish.
  if (errcode === 45033) return Math.min(2 * second * n, 30 * second);
  // -1 (system busy) and everything else: exponential from 1 s, capped at 5 minutes.
  return Math.min(second * 2 ** (n - 1), 5 * minute);
}
