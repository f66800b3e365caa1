// Demo data on a database: units, members, last year's reports and an open campaign, so that
// filing can be tried (and tested) without any other setup.
import type { DataSource } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign } from '../../entities/campaign.ts';
import { Member } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import type { FormatId } from '../report/report.ts';
import { unitKind, type Report } from '../report/report.ts';
import { storeReport } from '../bot/store-report.ts';
import { storeAncestries } from '../bot/jurisdiction.ts';
import { userIdKey } from '../bot/member-lookup.ts';

/** What a demo is made of: the campaign, and each unit with its official and last year's report. */
export interface DemoPlan {
  supervisingUnit: string;
  year: number;
  format: FormatId;
  units: { name: string; officialId: string; lastYear?: Report }[];
}

const kinds = { 镇: '镇', 乡: '乡', 街道: '街道', 政府: '县市政府', 部门: '县级部门' } as const;

/** Create the plan's units (under one supervising unit with `demo-supervisor`), members, reports and open campaign. */
export async function setUpDemo(db: DataSource, plan: DemoPlan): Promise<number> {
  const { campaignId, unitIds } = await db.transaction(async (m) => {
    const county = await m.save(Unit, { name: plan.supervisingUnit, kind: '县级部门', parentId: null, createdAt: new Date() });
    await m.save(Member, { userId: 'demo-supervisor', userKey: 'demo-supervisor', name: '审核人（演示）', role: 'supervisor', unitId: county.id, createdAt: new Date() });
    const campaign = await m.save(Campaign, {
      year: plan.year, format: plan.format, deadlines: JSON.stringify({ default: `${plan.year + 1}-01-20`, 县级部门: `${plan.year + 1}-01-31` }),
      status: 'open', createdAt: new Date(),
    });
    const unitIds: number[] = [];
    for (const [i, entry] of plan.units.entries()) {
      const unit = await m.save(Unit, { name: entry.name, kind: kinds[unitKind(entry.name)], parentId: county.id, createdAt: new Date() });
      await m.save(Member, { userId: entry.officialId, userKey: userIdKey(entry.officialId), name: `填报人${i + 1}（演示）`, role: 'filer', unitId: unit.id, createdAt: new Date() });
      await m.insert(CampaignUnit, { campaignId: campaign.id, unitId: unit.id });
      unitIds.push(unit.id);
    }
    await storeAncestries(m);
    return { campaignId: campaign.id, unitIds };
  });
  for (const [i, entry] of plan.units.entries()) {
    if (entry.lastYear) await storeReport(db, unitIds[i], entry.lastYear, plan.year - 1, 'imported');
  }
  return campaignId;
}
