// What the two group-chat tests share (the long connection's, test/channels/aibot-groups.test.ts,
// and the callback URL's, test/channels/aibot-callback-groups.test.ts): the county, its two towns,
// a report with a figure found nowhere else, and a group bound to the county with a supervisor of
// another county beside it.
import type { DataSource } from 'typeorm';
import { Member } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import { storeAncestries } from '../../src/bot/jurisdiction.ts';
import { bindGroup } from '../../src/bot/aibot-groups.ts';
import { inTransaction } from '../../src/bot/sql.ts';
import { storeReport } from '../../src/bot/store-report.ts';
import { formats } from '../../src/report/formats.ts';
import type { Report } from '../../src/report/report.ts';
import { reportOf } from './supervision.ts';

export const plan = { supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const, units: [{ name: '甲镇', officialId: 'a' }, { name: '乙镇', officialId: 'b' }] };
export const bound = '本群已绑定某县政务公开办。审核人可在群里 @机器人 发送“进度”“未交”“查看 单位名称”“催办 单位名称”；填报本单位报告请在与机器人的单聊中进行。';
export const ownReport = '您好，为避免报告内容在群里公开，填报和查询本单位的年度报告请在与机器人的单聊中进行（点击机器人头像 → 发消息）。';
export const outside = '您好，本群绑定的某县政务公开办不在您的审核范围内，群里不能显示其填报情况。请在与机器人的单聊中查询您负责的单位。';
export const urgeText = (unit: string) => `某县政务公开办提醒您：${unit}2025年度政府信息公开工作年度报告距截止日期（1月20日）还有15天，尚未开始填报，全部完成约需11分钟。直接回复即可从上次的位置继续填报。如需稍后处理，可回复“明天再提醒我”。`;

/** 甲镇's report with a figure found nowhere else: 3719 applications received. */
export function figured(): Report {
  const values: Report['values'] = Object.fromEntries(formats['2021'].cells.map((c) => [c.id, 0]));
  for (const id of ['requests.received.natural', 'requests.received.total', 'requests.granted.natural', 'requests.granted.total', 'requests.total.natural', 'requests.total.total']) values[id] = 3719;
  return { ...reportOf('甲镇'), values };
}

/** 甲镇's report submitted with its figure, `group-1` bound to the county, and `outsider`, a supervisor of another county; whether the binding took. */
export async function boundWithOutsider(db: DataSource, at: Date): Promise<string> {
  const county = await db.manager.findOneByOrFail(Unit, { name: '某县政务公开办' });
  await storeReport(db, (await db.manager.findOneByOrFail(Unit, { name: '甲镇' })).id, figured(), 2025, 'submitted');
  const other = await db.manager.save(Unit, { name: '某区政务公开办', kind: '县级部门', parentId: null, createdAt: new Date() });
  await storeAncestries(db.manager);
  await db.manager.save(Member, { userId: 'outsider', userKey: 'outsider', name: '外区审核人', role: 'supervisor', unitId: other.id, createdAt: new Date() });
  return inTransaction(db, (m) => bindGroup(m, { chatId: 'group-1', unitId: county.id, boundBy: 'cli' }, at));
}
