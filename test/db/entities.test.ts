import type { ExecutionContext } from 'ava';
import type { DataSource, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign } from '../../entities/campaign.ts';
import { CellChange } from '../../entities/cell-change.ts';
import { Conversation } from '../../entities/conversation.ts';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { Member } from '../../entities/member.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { ReportText } from '../../entities/report-text.ts';
import { Unit } from '../../entities/unit.ts';
import { forEachDatabase } from '../support/databases.ts';
import { at } from './rows.ts';

// The servers run in China: a local zone east of UTC must not shift stored times.
process.env.TZ = 'Asia/Shanghai';

const emoji = '「杨舍镇😀」';

/** Insert `row`, read it back by the `key` columns (generated ids included), and expect exactly the row. */
async function roundTrip<T extends ObjectLiteral>(
  t: ExecutionContext,
  dataSource: DataSource,
  target: EntityTarget<T> & (new () => T),
  row: T,
  key: (keyof T & string)[],
): Promise<void> {
  await dataSource.manager.insert(target, row);
  const where = Object.fromEntries(key.map((column) => [column, row[column]])) as FindOptionsWhere<T>;
  const found = await dataSource.manager.findOneByOrFail(target, where);
  t.deepEqual(found, Object.assign(new target(), row));
}

/** `count` characters of CJK text (3 bytes each in UTF-8), with an emoji every 1,000. */
function longChinese(count: number): string {
  const characters = Array.from({ length: count }, (_, i) =>
    i % 1000 === 999 ? '😀' : String.fromCodePoint(0x4e00 + ((i * 7919) % 20000)),
  );
  return characters.join('');
}

forEachDatabase('every entity round-trips, times to the millisecond and text with emoji and CJK', async (t, db) => {
  const dataSource = await db.open(t);
  const county = Object.assign(new Unit(), { name: '示范县政务公开办公室', kind: '县级部门', parentId: null, createdAt: at });
  await roundTrip(t, dataSource, Unit, county, ['name']);
  const town = Object.assign(new Unit(), { name: emoji, kind: '镇', parentId: county.id, createdAt: new Date(at.getTime() + 1) });
  await roundTrip(t, dataSource, Unit, town, ['id']);

  const member = Object.assign(new Member(), {
    userId: 'ZhangSan',
    userKey: 'zhangsan',
    name: '张三😀',
    role: 'filer' as const,
    unitId: town.id,
    createdAt: at,
    disabledAt: null,
  });
  await roundTrip(t, dataSource, Member, member, ['id']);

  const campaign = Object.assign(new Campaign(), {
    year: 2025,
    format: '2021' as const,
    deadlines: JSON.stringify({ default: '2026-01-20', 县级部门: '2026-01-31' }),
    status: 'open' as const,
    createdAt: at,
  });
  await roundTrip(t, dataSource, Campaign, campaign, ['id']);
  await roundTrip(t, dataSource, CampaignUnit, { campaignId: campaign.id, unitId: town.id, role: 'root' }, ['unitId']);

  const report = Object.assign(new ReportRecord(), {
    unitId: town.id,
    campaignId: campaign.id,
    year: 2025,
    format: '2021' as const,
    status: 'returned' as const,
    values: JSON.stringify({ 'apply.new.total': 23, 'apply.new.natural': null }),
    reopened: JSON.stringify(['apply.new.total', 'texts.overview']),
    version: 7,
    submittedAt: new Date('2026-01-15T08:30:00.001Z'),
    updatedAt: at,
  });
  await roundTrip(t, dataSource, ReportRecord, report, ['id']);
  const imported = Object.assign(new ReportRecord(), {
    ...report,
    id: undefined,
    campaignId: null,
    year: 2024,
    status: 'imported' as const,
    reopened: null,
    submittedAt: null,
  });
  await roundTrip(t, dataSource, ReportRecord, imported, ['unitId', 'year']);

  const overview = longChinese(60_000);
  await roundTrip(t, dataSource, ReportText, { reportId: report.id, textId: 'overview', content: overview }, ['reportId', 'textId']);
  const stored = await dataSource.manager.findOneByOrFail(ReportText, { reportId: report.id, textId: 'overview' });
  t.is([...stored.content].length, 60_000);

  const change = Object.assign(new CellChange(), {
    reportId: report.id,
    cell: 'texts.overview',
    oldValue: JSON.stringify(overview),
    newValue: JSON.stringify(`${emoji}本年度`),
    memberId: member.id,
    messageKey: '4561255354251345929',
    note: `行政复议数字与台账不符${emoji}`,
    at,
  });
  await roundTrip(t, dataSource, CellChange, change, ['id']);

  const conversation = Object.assign(new Conversation(), {
    memberId: member.id,
    reportId: report.id,
    state: JSON.stringify({ version: 1, flow: { asking: 'apply.new.total', echo: emoji } }),
    version: 3,
    updatedAt: at,
  });
  await roundTrip(t, dataSource, Conversation, conversation, ['memberId']);

  const inbound = Object.assign(new InboundMessage(), {
    key: '4561255354251345929',
    memberUserId: 'ZhangSan',
    channel: 'wecom',
    content: JSON.stringify({ kind: 'text', text: '行政处罚 3' }),
    receivedAt: at,
    status: 'done' as const,
    attempts: 2,
    retryAt: at,
    replies: JSON.stringify(['已记录：行政处罚 3', `${emoji}，请继续`]),
  });
  await roundTrip(t, dataSource, InboundMessage, inbound, ['id']);
});

forEachDatabase('times are stored as UTC wall-clock values, the same text on both databases', async (t, db) => {
  const dataSource = await db.open(t);
  await dataSource.manager.insert(Unit, { name: '杨舍镇', kind: '镇', parentId: null, createdAt: at });
  const [row] = await dataSource.query(
    db.name === 'sqlite'
      ? 'SELECT createdAt AS stored FROM units'
      : "SELECT DATE_FORMAT(createdAt, '%Y-%m-%d %H:%i:%s.%f') AS stored FROM units",
  );
  t.is(String(row.stored).slice(0, 23), '2026-01-20 23:59:59.987');
});

forEachDatabase('units that differ only in an emoji are different units', async (t, db) => {
  const dataSource = await db.open(t);
  await dataSource.manager.insert(Unit, [
    { name: '杨舍镇😀', kind: '镇', parentId: null, createdAt: at },
    { name: '杨舍镇😁', kind: '镇', parentId: null, createdAt: at },
  ]);
  const found = await dataSource.manager.findBy(Unit, { name: '杨舍镇😁' });
  t.deepEqual(
    found.map((unit) => unit.name),
    ['杨舍镇😁'],
  );
});
