// findWriter reads the member, their unit and the campaign it files in with one statement, from
// the unit's stored ancestry: checked against scopes of every kind (a whole-tree campaign
// with an exclusion, roots, a `below` root, an exclusion with a unit under it), a unit four levels
// below its root, the newest of several campaigns, and a cycle in the parent column that the
// admin commands refuse but bad data may hold.
import type { DataSource } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign } from '../../entities/campaign.ts';
import { Member } from '../../entities/member.ts';
import { UnitAncestor } from '../../entities/unit-ancestor.ts';
import { Unit } from '../../entities/unit.ts';
import { createCampaign } from '../../src/admin/campaigns.ts';
import { importMembers } from '../../src/admin/import-members.ts';
import { importUnits } from '../../src/admin/import-units.ts';
import { deleteUnit, moveUnit } from '../../src/admin/units.ts';
import { allUnits, ancestries, storeAncestries } from '../../src/bot/jurisdiction.ts';
import { findWriter } from '../../src/bot/store.ts';
import { forEachDatabase } from '../support/databases.ts';

const created = new Date('2025-11-01T00:00:00.000Z');

/** Units as [name, kind, parent name], each with a filer whose userid is `f-` and the name (their ancestries stored unless `before0017`). */
async function tree(db: DataSource, units: [string, string, string | null][], before0017 = false): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const [name, kind] of units) {
    const unit = await db.manager.save(Unit, { name, kind, parentId: null, createdAt: created });
    ids.set(name, unit.id);
    await db.manager.save(Member, { userId: `f-${name}`, userKey: `f-${name}`, name: `${name}填报人`, role: 'filer', unitId: unit.id, createdAt: created, disabledAt: null });
  }
  // Parents set afterwards, so that a cycle can be written.
  for (const [name, , parent] of units) if (parent) await db.manager.update(Unit, { id: ids.get(name) }, { parentId: ids.get(parent) });
  if (!before0017) await storeAncestries(db.manager);
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

/** The stored ancestries (unit_ancestors) and the ones the parent column gives, each unit's as `name:above,…` sorted. */
async function ancestryRows(db: DataSource): Promise<{ stored: string[]; walked: string[] }> {
  const units = await allUnits(db.manager);
  const name = new Map(units.map((u) => [u.id, u.name]));
  const stored = await db.manager.find(UnitAncestor);
  const line = (id: number, above: number[]) => `${name.get(id)}:${above.map((a) => name.get(a)).sort().join(',')}`;
  return {
    stored: units.map((u) => line(u.id, stored.filter((r) => r.unitId === u.id).map((r) => r.ancestorId))).sort(),
    walked: units.map((u) => line(u.id, ancestries(units)(u.id))).sort(),
  };
}

forEachDatabase('a move, an import that moves units and a deletion are seen by the next message: the stored ancestries follow the parent column', async (t, database) => {
  const db = await database.open(t);
  await importUnits(db, '单位名称,类型,上级单位\n某县人民政府,县市政府,\n甲片区办,部门,某县人民政府\n乙片区办,部门,某县人民政府\n城关镇,镇,甲片区办\n东街,街道,城关镇\n');
  await importMembers(db, '账号,姓名,角色,单位\ncg,张三,填报人,城关镇\ndj,李四,填报人,东街\n');
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-25', units: ['甲片区办'] }), { kind: 'created' });
  const years = async () => [(await findWriter(db.manager, 'cg'))?.campaign?.year, (await findWriter(db.manager, 'dj'))?.campaign?.year];
  const consistent = async () => {
    const { stored, walked } = await ancestryRows(db);
    t.deepEqual(stored, walked);
  };
  t.deepEqual(await years(), [2025, 2025]);
  await consistent();

  // Moved out of the campaign's root, with the unit below it.
  t.like(await moveUnit(db, '城关镇', '乙片区办'), { kind: 'changed' });
  t.deepEqual(await years(), [undefined, undefined]);
  await consistent();

  // Moved back by an import, and a new unit under it.
  t.like(await importUnits(db, '单位名称,类型,上级单位\n城关镇,镇,甲片区办\n新村,乡,东街\n'), { kind: 'imported', created: 1, updated: 1 });
  t.deepEqual(await years(), [2025, 2025]);
  await consistent();

  t.like(await deleteUnit(db, '新村'), { kind: 'changed' });
  await consistent();
  t.is((await ancestryRows(db)).stored.length, 5);
});

forEachDatabase('migration 0017 stores the ancestry of every unit already there, a cycle in bad data walked once', async (t, database) => {
  const db = await database.open(t);
  await db.undoLastMigration();
  const ids = await tree(db, [['县', '县', null], ['办', '县级部门', '县'], ['镇', '镇', '办'], ['环甲', '镇', '环乙'], ['环乙', '镇', '环甲']], true);
  await campaign(db, { year: 2025, status: 'open', scope: 'units' }, [[ids.get('办')!, 'root']]);
  t.deepEqual((await db.runMigrations()).map((m) => m.name), ['UnitAncestors1797700000000']);
  const { stored, walked } = await ancestryRows(db);
  t.deepEqual(stored, ['办:办,县', '县:县', '环乙:环乙,环甲', '环甲:环乙,环甲', '镇:办,县,镇']);
  t.deepEqual(stored, walked);
  t.is((await findWriter(db.manager, 'f-镇'))?.campaign?.year, 2025);
  t.is((await findWriter(db.manager, 'f-县'))?.campaign, undefined);
});
