// The Word file an official gets in chat, through the engine and the outbox on both databases:
// dated the day the report was handed in (never the day it is made), its opening paragraph
// naming the contact the unit set once with 「联系方式」, or the official's own opening.
import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { UnitContact } from '../../entities/unit-contact.ts';
import { Unit } from '../../entities/unit.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { createEngine } from '../../src/bot/engine.ts';
import type { OutboxRow } from '../../src/bot/outbox.ts';
import { DRAFT_MARK } from '../../src/publish/docx.ts';
import { withDocuments } from '../../src/publish/files.ts';
import { importDocx } from '../../src/publish/read-docx.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import type { ExecutionContext } from 'ava';
import JSZip from 'jszip';
import { fileOf, firstAttempt } from '../support/outbox-rows.ts';
import { storedText } from '../support/outbox-rows.ts';

const seed = seedReport(seedTranscripts['002'].file); // 王店镇, 2019
const OPENING = '本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）要求，由嘉兴市秀洲区王店镇编制。'
  + '全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。'
  + '本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。';

async function setUp(t: ExecutionContext, database: TestDatabase) {
  const db = await database.open(t);
  await setUpDemo(db, { supervisingUnit: '秀洲区政务公开办', year: seed.year, format: '2019', units: [{ name: seed.unit, officialId: 'wd', lastYear: previousOf(seed) }] });
  const clock = { now: new Date('2020-01-14T03:00:00Z') };
  const engine = createEngine(db, { now: () => clock.now });
  let n = 0;
  // Through WeCom's outbox (the console cannot carry a file): the replies as they were queued.
  const say = async (text: string) => {
    const key = `k${n++}`;
    await engine.accept({ key, userId: 'wd', channel: 'wecom', content: { kind: 'text', text }, receivedAt: clock.now });
    await engine.drain('wd');
    const rows = await db.manager.find(OutboxMessage, { where: { recipient: 'wd', kind: 'text' }, order: { id: 'ASC' } });
    return rows.filter((r) => r.idempotencyKey.startsWith(`reply:${key}:`)).map((r) => storedText(r)).join('\n');
  };
  return { db, clock, say };
}

/** The Word file of the last 生成报告, as the outbox makes it when it sends it, read back. */
async function lastFile(db: DataSource, at: Date) {
  const [row] = await db.manager.find(OutboxMessage, { where: { kind: 'report-file' }, order: { id: 'DESC' }, take: 1 });
  const sent: OutboxRow[] = [];
  const sender = withDocuments({ quota: { perMinute: 30, perHour: 1000 }, send: async (r) => (sent.push(r), { kind: 'sent' }) }, db, () => at);
  await sender.send(firstAttempt(row));
  const bytes = Buffer.from(fileOf(sent[0]).base64, 'base64');
  const read = await importDocx(bytes);
  if (read.kind !== 'imported') throw new Error(read.reason);
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  // The importer reads a draft's mark under the title as the start of the opening.
  const { preface, ...texts } = read.report.texts;
  return { texts: { ...texts, preface: preface?.replace(`${DRAFT_MARK}\n`, '') }, draft: xml.includes(DRAFT_MARK) };
}

/** The unit's report as if handed in at `at`: the seed's numbers and texts, status submitted. */
async function submit(db: DataSource, at: Date): Promise<void> {
  const unit = await db.manager.findOneByOrFail(Unit, { name: seed.unit });
  await db.manager.update(ReportRecord, { unitId: unit.id, year: seed.year }, { status: 'submitted', submittedAt: at, values: JSON.stringify(seed.values) });
}

forEachDatabase('the Word file of a report handed in on a simulated day carries that day, whenever it is made; a draft the day it is asked for', async (t, database) => {
  const { db, clock, say } = await setUp(t, database);
  await say('开始');
  t.regex(await say('生成报告'), /联系方式.*尚未设置[\s\S]*联系方式：县政府办公室；地址：/);
  const draft = await lastFile(db, clock.now);
  t.is(draft.texts.signature, '嘉兴市秀洲区王店镇\n2020年1月14日');
  t.true(draft.draft);
  t.is(draft.texts.preface, OPENING);

  // Handed in on Friday 17 January 2020 at 23:30 in Shanghai (15:30 UTC), the file made in February.
  await submit(db, new Date('2020-01-17T15:30:00Z'));
  clock.now = new Date('2020-02-03T02:00:00Z');
  await say('生成报告');
  const handedIn = await lastFile(db, new Date('2020-02-05T02:00:00Z'));
  t.is(handedIn.texts.signature, '嘉兴市秀洲区王店镇\n2020年1月17日');
  t.false(handedIn.draft);
});

forEachDatabase('联系方式 set once in chat is stored for the unit and ends the opening paragraph; 修改开头 replaces the paragraph, 恢复默认开头 brings it back', async (t, database) => {
  const { db, clock, say } = await setUp(t, database);
  await say('开始');
  t.is(await say('联系方式'), '报告开头的联系方式尚未设置。请回复“联系方式：县政府办公室；地址：城关镇人民路1号；电话：0571-12345678”（办公室名称必填，地址和电话可以只写一项）。');
  t.is(await say('联系方式：王店镇党政办公室；地址：王店镇建设街1号；电话：0573-83112345'),
    '已保存联系方式，报告开头将写：“如对本报告有疑问，请与王店镇党政办公室联系（地址：王店镇建设街1号；电话：0573-83112345）。”回复“生成报告”可得到 Word 文件。');
  const unit = await db.manager.findOneByOrFail(Unit, { name: seed.unit });
  t.like(await db.manager.findOneByOrFail(UnitContact, { unitId: unit.id }), { office: '王店镇党政办公室', address: '王店镇建设街1号', phone: '0573-83112345' });
  t.notRegex(await say('生成报告'), /尚未设置/);
  t.is((await lastFile(db, clock.now)).texts.preface, `${OPENING}如对本报告有疑问，请与王店镇党政办公室联系（地址：王店镇建设街1号；电话：0573-83112345）。`);

  // A second 联系方式 replaces the first; a phone alone is enough besides the office.
  await say('修改联系方式：王店镇政务公开办；电话：0573-83119999');
  t.like(await db.manager.findOneByOrFail(UnitContact, { unitId: unit.id }), { office: '王店镇政务公开办', address: null, phone: '0573-83119999' });

  const own = '本报告由王店镇人民政府办公室编制，统计期限为2019年全年。';
  t.regex(await say(`修改开头：${own}`), /已保存您写的开头一段/);
  await say('生成报告');
  t.is((await lastFile(db, clock.now)).texts.preface, own);
  t.regex(await say('恢复默认开头'), /^已恢复系统生成的开头：\n本报告根据/);
  await say('生成报告');
  t.is((await lastFile(db, clock.now)).texts.preface, `${OPENING}如对本报告有疑问，请与王店镇政务公开办联系（电话：0573-83119999）。`);
});
