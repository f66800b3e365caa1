// A campaign of 20,000 units on MariaDB (200 county offices of 100 towns each, a supervisor per
// office, an official per town, half the towns with a draft, a tenth submitted): planning a
// reminder day's rows, and building every supervisor's morning digest as the scheduler does.
// Target: under 2 s for both together.
import { loadCalendar, shanghaiTime } from '../src/calendar/working-calendar.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { digestText } from '../handlers/reminders.ts';
import { loadCampaignView } from '../src/bot/campaign-view.ts';
import { openCampaigns } from '../src/bot/jurisdiction.ts';
import { planReminders } from '../src/jobs/reminder-tick.ts';
import { withMariadb } from './mariadb.ts';
import type { Row } from './index.ts';

const OFFICES = 200;
const TOWNS = 100;

async function insertMany(db: Awaited<ReturnType<typeof openDatabase>>, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${chunk.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ')}`, chunk.flat());
  }
}

export async function run(): Promise<Row[]> {
  return withMariadb(async (url) => {
    const db = await openDatabase(url);
    try {
      const at = shanghaiTime('2026-01-13', '08:00'); // T-7 of a 2026-01-20 deadline, a Tuesday
      const now = new Date();
      await db.query("INSERT INTO campaigns (year, format, deadlines, status, createdAt) VALUES (2025, '2021', ?, 'open', ?)", [JSON.stringify({ default: '2026-01-20' }), now]);
      await insertMany(db, 'units', ['id', 'name', 'kind', 'parentId', 'createdAt'], Array.from({ length: OFFICES }, (_, o) => [o + 1, `第${o + 1}县政务公开办`, '县级部门', null, now]));
      const towns = Array.from({ length: OFFICES * TOWNS }, (_, i) => OFFICES + 1 + i);
      await insertMany(db, 'units', ['id', 'name', 'kind', 'parentId', 'createdAt'], towns.map((id, i) => [id, `第${Math.floor(i / TOWNS) + 1}县第${(i % TOWNS) + 1}镇`, '镇', Math.floor(i / TOWNS) + 1, now]));
      await insertMany(db, 'campaign_units', ['campaignId', 'unitId'], towns.map((id) => [1, id]));
      await insertMany(db, 'members', ['userId', 'name', 'role', 'unitId', 'createdAt'], [
        ...Array.from({ length: OFFICES }, (_, o) => [`s${o + 1}`, '审核人', 'supervisor', o + 1, now]),
        ...towns.map((id) => [`f${id}`, '填报人', 'filer', id, now]),
      ]);
      const values = JSON.stringify({ 'active.rules.issued': 0, 'active.rules.repealed': 0, 'active.rules.inForce': 3, 'requests.received.natural': 4, 'requests.received.total': 4 });
      await insertMany(db, 'reports', ['unitId', 'campaignId', 'year', 'format', 'status', 'values', 'reopened', 'version', 'submittedAt', 'updatedAt'],
        towns.filter((_, i) => i % 2 === 0).map((id, i) => [id, 1, 2025, '2021', i % 5 === 0 ? 'submitted' : 'draft', values, null, 1, null, now]));

      const calendar = loadCalendar();
      const planStart = performance.now();
      const planned = await planReminders(db, at, calendar);
      const planMs = performance.now() - planStart;
      const digestStart = performance.now();
      let bytes = 0;
      // As the scheduler's tick builds them: the campaign loaded once, each supervisor's share in memory.
      const campaign = (await db.transaction((m) => openCampaigns(m)))[0];
      const view = await db.transaction((m) => loadCampaignView(m, campaign, '2026-01-13'));
      for (let o = 1; o <= OFFICES; o++) {
        bytes += digestText({ supervisorUnit: `第${o}县政务公开办`, year: 2025, units: view.under(o), today: '2026-01-13' }, { submitted: [], returned: [], approved: [], edited: 0 }).length;
      }
      const digestMs = performance.now() - digestStart;
      const total = planMs + digestMs;
      return [
        { name: `${OFFICES * TOWNS} units: plan a reminder day (${planned} rows)`, value: planMs, unit: 'ms' },
        { name: `${OFFICES * TOWNS} units: build ${OFFICES} supervisors' digests (${bytes} characters)`, value: digestMs, unit: 'ms' },
        { name: `${OFFICES * TOWNS} units: planning and digests together`, value: total, unit: 'ms', target: '< 2000 ms', ok: total < 2000 },
      ];
    } finally {
      await db.destroy();
    }
  });
}
