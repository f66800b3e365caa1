// findWriter reads the member, their unit and the campaign it files in with one statement, the
// unit's ancestry walked up in SQL: checked against scopes of every kind (a whole-tree campaign
// with an exclusion, roots, a `below` root, an exclusion with a unit under it), a unit four levels
// below its root, the newest of several campaigns, and a cycle in the parent column that the
// admin commands refuse but bad data may hold.
import type { DataSource } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign } from '../../entities/campaign.ts';
import { Member } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import { findWriter } from '../../src/bot/store.ts';
import { forEachDatabase } from '../support/databases.ts';

const created = new Date('2025-11-01T00:00:00.000Z');

/** Units as [name, kind, parent name], each with a filer whose userid is `f-` and the name. */
async function tree(db: DataSource, units: [string, string, string | null][]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const [name, kind] of units) {
    const unit = await db.manager.save(Unit, { name, kind, parentId: null, createdAt: created });
    ids.set(name, unit.id);
    await db.manager.save(Member, { userId: `f-${name}`, userKey: `f-${name}`, name: `${name}填报人`, role: 'filer', unitId: unit.id, createdAt: created, disabledAt: null });
  }
  // Parents set afterwards, so that a cycle can be written.
  for (const [name, , parent] of units) if (parent) await db.manager.update(Unit, { id: ids.get(name) }, { parentId: ids.get(parent) });
  return ids;
}

async function campaign(db: DataSource, fields: Pick<Campaign, 'year' | 'status' | 'scope'>, rows: [number, CampaignUnit['role']][]): Promise<number> {
  const { id } = await db.manager.save(Campaign, { ...fields, format: '2021', deadlines: JSON.stringify({ default: `${fields.year + 1}-01-20`, 村: `${fields.year + 1}-01-31` }), createdAt: created });
  for (const [unitId, role] of rows) await db.manager.insert(CampaignUnit, { campaignId: id, unitId, role });
  return id;
}

forEachDatabase('a writer\'s campaign: the newest open one whose scope covers the unit or a unit above it and does not exclude the unit, else the newest closed one', async (t, database) => {
  const db = await database.open(t);
  const ids = await tree(db, [
    ['省', '省', null], ['市', '市', '省'], ['县', '县', '市'], ['镇', '镇', '县'], ['村', '村', '镇'],
    ['外省', '省', null], ['外市', '市', '外省'], ['环甲', '镇', '环乙'], ['环乙', '镇', '环甲'],
  ]);
  const id = (name: string) => ids.get(name)!;
  // 2025, open: the units below 市 (not 市 itself), but not 镇 (村 under it still files).
  const open = await campaign(db, { year: 2025, status: 'open', scope: 'units' }, [[id('市'), 'below'], [id('镇'), 'excluded']]);
  // 2025, closed: every unit but 外市.
  await campaign(db, { year: 2025, status: 'closed', scope: 'all' }, [[id('外市'), 'excluded']]);
  // 2024, closed: 外省 and the units below it.
  await campaign(db, { year: 2024, status: 'closed', scope: 'units' }, [[id('外省'), 'root']]);

  const found = async (name: string) => {
    const writer = await findWriter(db.manager, `f-${name}`);
    return { unitName: writer?.unitName, campaign: writer?.campaign, closedYear: writer?.closedYear };
  };
  t.deepEqual(await found('县'), { unitName: '县', campaign: { id: open, year: 2025, format: '2021', deadline: '2026-01-20' }, closedYear: undefined });
  t.deepEqual(await found('村'), { unitName: '村', campaign: { id: open, year: 2025, format: '2021', deadline: '2026-01-31' }, closedYear: undefined });
  t.deepEqual(await found('省'), { unitName: '省', campaign: undefined, closedYear: 2025 });
  t.deepEqual(await found('市'), { unitName: '市', campaign: undefined, closedYear: 2025 });
  t.deepEqual(await found('镇'), { unitName: '镇', campaign: undefined, closedYear: 2025 });
  t.deepEqual(await found('外省'), { unitName: '外省', campaign: undefined, closedYear: 2025 });
  t.deepEqual(await found('外市'), { unitName: '外市', campaign: undefined, closedYear: 2024 });
  t.deepEqual(await found('环甲'), { unitName: '环甲', campaign: undefined, closedYear: 2025 });
  t.is(await findWriter(db.manager, 'nobody'), undefined);

  // Another process's exclude is seen by the next lookup: nothing is cached.
  await db.manager.insert(CampaignUnit, { campaignId: open, unitId: id('村'), role: 'excluded' });
  t.deepEqual(await found('村'), { unitName: '村', campaign: undefined, closedYear: 2025 });
});

forEachDatabase('a writer with no campaign at all is found with their unit', async (t, database) => {
  const db = await database.open(t);
  await tree(db, [['县', '县', null], ['镇', '镇', '县']]);
  const writer = await findWriter(db.manager, 'F-镇');
  t.like(writer, { unitName: '镇', unitKind: '镇', role: 'filer', disabled: false });
  t.is(writer?.campaign, undefined);
  t.is(writer?.closedYear, undefined);
});
