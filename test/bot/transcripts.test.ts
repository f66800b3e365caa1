// Acceptance: each seed report filled by chat through the real engine on the real database
// (SQLite and MariaDB); what is stored equals the seed's import.
import { ReportRecord } from '../../entities/report-record.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { readReport } from '../../src/bot/store.ts';
import { formats } from '../../src/report/formats.ts';
import { forEachDatabase } from '../support/databases.ts';
import { expectedValues, previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import { readTranscript } from '../handlers/helpers.ts';

for (const [id, { file }] of Object.entries(seedTranscripts)) {
  forEachDatabase(`seed ${id} filed by chat through the engine is stored as the seed says, and submitted`, async (t, database) => {
    const db = await database.open(t);
    const seed = seedReport(file);
    await setUpDemo(db, { supervisingUnit: '某县政务公开办', year: seed.year, format: '2019', units: [{ name: seed.unit, officialId: 'official', lastYear: previousOf(seed) }] });
    const engine = createEngine(db, { now: () => new Date('2021-01-10T02:00:00Z') });
    const lines = readTranscript(new URL(`../transcripts/seed-${id}.txt`, import.meta.url));
    for (const [i, text] of lines.entries()) {
      const outcome = await engine.handle({ key: `seed-${id}-${i}`, userId: 'official', text, receivedAt: new Date() });
      t.true(outcome.replies.length > 0 && outcome.replies.every((r) => r.trim() !== ''));
    }
    const record = await db.manager.findOneByOrFail(ReportRecord, { year: seed.year });
    const stored = await readReport(db.manager, record, seed.unit);
    t.is(record.status, 'submitted');
    t.deepEqual(Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])), expectedValues(id, seed));
    for (const key of ['overview', 'problems', 'other'] as const) t.is(stored.texts[key], seed.texts[key], key);
  });
}
