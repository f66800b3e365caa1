// Publishing a campaign of 1,000 units (a county, 20 supervising offices of 50 units each; nine
// units in ten with a synthetic report, most handed in, a few in the 2019 format), on a fresh
// SQLite file and on MariaDB: each measurement below, once to warm up, then the mean of RUNS.
// Targets: the supervisors' .xlsx overview, loaded and rendered, under 10 s; one report's .docx under 300 ms;
// 内容雷同 (every unit's three texts against every other's and its own last year's) under 2 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { CampaignUnit } from '../entities/campaign-unit.ts';
import { Campaign } from '../entities/campaign.ts';
import type { ReportRecordStatus } from '../handlers/standing.ts';
import { ReportRecord } from '../entities/report-record.ts';
import { ReportText } from '../entities/report-text.ts';
import { Unit } from '../entities/unit.ts';
import type { CampaignRow } from '../src/bot/jurisdiction.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { loadOverview } from '../src/publish/campaign-overview.ts';
import { renderDocx } from '../src/publish/docx.ts';
import { findNearCopies, type UnitTexts } from '../src/publish/near-copies.ts';
import { renderOverviewXlsx } from '../src/publish/overview-xlsx.ts';
import type { TextId } from '../src/report/report.ts';
import { seed } from '../test/support/reports.ts';
import { syntheticReports } from '../test/support/synthetic.ts';
import { withMariadb } from './mariadb.ts';
import type { Row } from './index.ts';

const OFFICES = 20;
const UNITS_PER_OFFICE = 50;
const UNITS = OFFICES * UNITS_PER_OFFICE;
const RUNS = 3;
const NOW = new Date('2026-02-03T09:00:00+08:00');
const campaign: CampaignRow = { id: 1, year: 2025, format: '2021', deadlines: { default: '2026-01-20' } };

/** One thing timed on the loaded campaign; the roll-up's .docx joins this list as one more. */
interface Measurement {
  name: string;
  /** Milliseconds the mean must stay under; none for a figure given for information. */
  target?: number;
  run(db: DataSource): Promise<unknown>;
}

const overview = (db: DataSource) => db.transaction((m) => loadOverview(m, campaign, NOW));

const measurements: Measurement[] = [
  { name: 'load the overview', run: overview },
  { name: 'load the overview and render the .xlsx', target: 10_000, run: async (db) => renderOverviewXlsx(await overview(db)) },
  { name: 'render one report (seed 000) as .docx', target: 300, run: () => renderDocx(seed('000').report) },
  { name: 'load the overview and render the roll-up as .docx', run: async (db) => renderDocx((await overview(db)).rollUp.report) },
];

async function insertMany<T extends object>(m: EntityManager, entity: new () => T, rows: Partial<T>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await m.insert(entity, rows.slice(i, i + 200) as never);
}

/** Of every ten units: the first has not started, the second is filling in, the third was sent back, the others have handed in. */
function statusOf(i: number): ReportRecordStatus | undefined {
  const place = i % 10;
  if (place === 0) return undefined;
  if (place === 1) return 'draft';
  if (place === 2) return 'returned';
  return place % 2 ? 'submitted' : 'approved';
}

/** The county, its offices and units, the campaign, and the units' reports (every 50th of them in the 2019 format). */
async function buildCampaign(db: DataSource): Promise<void> {
  const now = new Date();
  const synthetic = syntheticReports(2 * UNITS, 20260203);
  await db.transaction(async (m) => {
    await m.insert(Campaign, { year: campaign.year, format: campaign.format, deadlines: JSON.stringify(campaign.deadlines), status: 'open', createdAt: now });
    await m.insert(Unit, { id: 1, name: '示范县', kind: '县市政府', parentId: null, createdAt: now });
    await insertMany(m, Unit, Array.from({ length: OFFICES }, (_, o) => ({ id: 2 + o, name: `第${o + 1}片区政务公开办`, kind: '县级部门', parentId: 1, createdAt: now })));
    const ids = Array.from({ length: UNITS }, (_, i) => 2 + OFFICES + i);
    await insertMany(m, Unit, ids.map((id, i) => ({ id, name: `第${Math.floor(i / UNITS_PER_OFFICE) + 1}片区第${(i % UNITS_PER_OFFICE) + 1}镇`, kind: '镇', parentId: 2 + Math.floor(i / UNITS_PER_OFFICE), createdAt: now })));
    await insertMany(m, CampaignUnit, ids.map((unitId) => ({ campaignId: 1, unitId })));
    const filed = ids.flatMap((unitId, i) => {
      const status = statusOf(i);
      // syntheticReports alternates the formats: 2019 at even indexes, 2021 at odd ones.
      return status ? [{ unitId, status, report: synthetic[i % 50 === 7 ? 2 * i : 2 * i + 1] }] : [];
    });
    await insertMany(m, ReportRecord, filed.map(({ unitId, status, report }) => ({
      unitId, campaignId: 1, year: campaign.year, format: report.format, status, values: JSON.stringify(report.values), reopened: null, version: 1,
      submittedAt: status === 'submitted' || status === 'approved' ? new Date('2026-01-18T10:00:00+08:00') : null, updatedAt: now,
    })));
    const reportIds = new Map((await m.find(ReportRecord, { select: { id: true, unitId: true } })).map((r) => [r.unitId, r.id]));
    await insertMany(m, ReportText, filed.flatMap(({ unitId, report }) => (Object.entries(report.texts) as [TextId, string][])
      .map(([textId, content]) => ({ reportId: reportIds.get(unitId)!, textId, content }))));
  });
}

async function measure(database: string, db: DataSource): Promise<Row[]> {
  await buildCampaign(db);
  const sample = await overview(db);
  const label = `${database}, ${UNITS.toLocaleString('en')} units`;
  const rows: Row[] = [
    { name: `${label}: handed in`, value: sample.handedIn, unit: 'units' },
    { name: `${label}: summed in the roll-up`, value: sample.rollUp.included.length, unit: 'units' },
    { name: `${label}: findings listed`, value: sample.units.reduce((n, u) => n + u.findings.length, 0), unit: 'findings' },
    { name: `${label}: the .xlsx`, value: (await renderOverviewXlsx(sample)).length / 1024, unit: 'KiB' },
  ];
  // Last year's texts: the next unit's, so that some are copies and most are not.
  const withReports = sample.units.filter((u) => u.report);
  const texts: UnitTexts[] = withReports.map((u, i) => ({ unit: u.name, texts: u.report!.texts, lastYear: withReports[(i + 1) % withReports.length].report!.texts }));
  rows.push({ name: `${label}: near-copies listed in 内容雷同`, value: findNearCopies(texts).length, unit: 'pairs' });
  for (const measurement of [...measurements, { name: `find the near-copies among ${texts.length} units' texts`, target: 2_000, run: async () => findNearCopies(texts) }]) {
    await measurement.run(db);
    const start = performance.now();
    for (let i = 0; i < RUNS; i++) await measurement.run(db);
    const mean = (performance.now() - start) / RUNS;
    const { target } = measurement;
    rows.push({
      name: `${label}: ${measurement.name}, mean of ${RUNS}`, value: mean, unit: 'ms',
      ...(target !== undefined && { target: `< ${target} ms`, ok: mean < target }),
    });
  }
  return rows;
}

async function onSqlite(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
  try {
    const db = await openDatabase(`sqlite:${join(dir, 'bench.sqlite')}`);
    try {
      return await measure('sqlite', db);
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function onMariadb(): Promise<Row[]> {
  return withMariadb(async (url) => {
    const db = await openDatabase(url);
    try {
      return await measure('mariadb', db);
    } finally {
      await db.destroy();
    }
  });
}

export async function run(): Promise<Row[]> {
  return [...(await onSqlite()), ...(await onMariadb())];
}
