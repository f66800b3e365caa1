// Supervisors in chat, through the engine on both databases: scope, 催办 once a day, and the
// return/approve round trip with the officials told at each step.
import type { ExecutionContext } from 'ava';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign } from '../../entities/campaign.ts';
import { Member } from '../../entities/member.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { storeAncestries } from '../../src/bot/jurisdiction.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { createEngine, type Engine } from '../../src/bot/engine.ts';
import type { OutboxRow } from '../../src/bot/outbox.ts';
import { withDocuments } from '../../src/publish/files.ts';
import { importDocx } from '../../src/publish/read-docx.ts';
import { readTranscript } from '../handlers/helpers.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { docxParagraphs } from '../support/docx-text.ts';
import { previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import { fileOf, firstAttempt } from '../support/outbox-rows.ts';
import { storedText } from '../support/outbox-rows.ts';

const seed = seedReport(seedTranscripts['002'].file); // 王店镇, 2019
const transcript = readTranscript(new URL('../transcripts/seed-002.txt', import.meta.url));
const at = new Date('2020-01-14T03:00:00Z'); // a Tuesday, 11:00 in Shanghai

async function setUp(t: ExecutionContext, database: TestDatabase): Promise<{ db: DataSource; engine: Engine; say: (userId: string, text: string) => Promise<string> }> {
  const db = await database.open(t);
  await setUpDemo(db, {
    supervisingUnit: '秀洲区政务公开办', year: seed.year, format: '2019',
    units: [{ name: seed.unit, officialId: 'wd', lastYear: previousOf(seed) }, { name: '新塍镇', officialId: 'xc' }, { name: '油车港镇', officialId: 'ycg' }],
  });
  // A second district with its own supervisor and town.
  const other = await db.manager.save(Unit, { name: '南湖区政务公开办', kind: '县级部门', parentId: null, createdAt: at });
  await db.manager.save(Member, { userId: 'nh-supervisor', userKey: 'nh-supervisor', name: '南湖审核人', role: 'supervisor', unitId: other.id, createdAt: at });
  await db.manager.save(Unit, { name: '凤桥镇', kind: '镇', parentId: other.id, createdAt: at });
  await storeAncestries(db.manager);
  const engine = createEngine(db, { now: () => at });
  let n = 0;
  const say = async (userId: string, text: string) => (await engine.handle({ key: `k${n++}`, userId, text, receivedAt: at })).replies.join('\n');
  return { db, engine, say };
}

/** The file the outbox makes of a document row when it sends it. */
async function made(db: DataSource, row: OutboxMessage): Promise<{ name: string; base64: string }> {
  const sent: OutboxRow[] = [];
  const sender = withDocuments({ quota: { perMinute: 30, perHour: 1000 }, send: async (r) => (sent.push(r), { kind: 'sent' }) }, db, () => at);
  await sender.send(firstAttempt(row));
  return fileOf(sent[0]);
}

const sentTo = async (db: DataSource, userId: string) => (await db.manager.find(OutboxMessage, { where: { recipient: userId }, order: { id: 'ASC' } })).map((o) => storedText(o));

forEachDatabase('a supervisor sees the units under them only, and finds a unit by part of its name', async (t, database) => {
  const { say } = await setUp(t, database);
  await say('wd', '开始');
  await say('wd', '0 0 0');
  const progress = await say('demo-supervisor', '进度');
  t.regex(progress, /【秀洲区政务公开办 · 2019年度报告】共3个单位/);
  t.regex(progress, /已提交0（其中已通过0）、填报中1（平均\d+%）、未开始2、退回修改0/);
  t.notRegex(progress, /凤桥/);
  t.regex(await say('demo-supervisor', '查看 王店'), /^【嘉兴市秀洲区王店镇】填报中 \d+%，截止1月20日，还有6天\n还差第二部分/);
  t.regex(await say('demo-supervisor', '查看 凤桥镇'), /在您负责的单位中没有找到「凤桥镇」/);
  t.regex(await say('nh-supervisor', '查看 王店'), /^您好，南湖区政务公开办下登记的1个单位均未列入进行中的2019年度填报任务，因此没有需要审核的报告。如需将这些单位加入任务，请联系系统管理员。$/, 'another district sees nothing of this one, and is told why');
  t.regex(await say('nh-supervisor', '进度'), /南湖区政务公开办下登记的1个单位均未列入进行中的2019年度填报任务/);
  const pending = await say('demo-supervisor', '未交');
  t.regex(pending, /未提交3个单位：/);
  t.regex(pending, /· 新塍镇：未开始/);
});

forEachDatabase("催办 全部未交 reminds each unit's official now, with what is missing, and only once a day", async (t, database) => {
  const { db, say } = await setUp(t, database);
  await say('wd', '开始');
  const first = await say('demo-supervisor', '催办 全部未交');
  t.regex(first, /已向3个单位发出催办：\n· 嘉兴市秀洲区王店镇（1名填报人）：截止1月20日，还有6天\n· 新塍镇（1名填报人）：截止1月20日，还有6天\n· 油车港镇（1名填报人）：截止1月20日，还有6天/);
  const [toXc] = await sentTo(db, 'xc');
  // 2019 format, nothing filled: 17 row answers × 20 s (二 8, 三 3 and the outcome block as 3, 四 3) + 3 texts × 2 min ≈ 12 min.
  t.is(toXc, '秀洲区政务公开办提醒您：新塍镇2019年度政府信息公开工作年度报告距截止日期（1月20日）还有6天，尚未开始填报，全部完成约需12分钟。直接回复即可从上次的位置继续填报。如需稍后处理，可回复“明天再提醒我”。');
  const again = await say('demo-supervisor', '催办 新塍');
  t.regex(again, /今天已催办过（每个单位每天一次）：新塍镇/);
  t.is((await sentTo(db, 'xc')).length, 1);
});

forEachDatabase('return and approve: submitted → returned with the named section reopened → fixed and resubmitted → approved, everyone told', async (t, database) => {
  const { db, say } = await setUp(t, database);
  for (const line of transcript) await say('wd', line);
  const unit = await db.manager.findOneByOrFail(Unit, { name: seed.unit });
  t.is((await db.manager.findOneByOrFail(ReportRecord, { unitId: unit.id, year: seed.year })).status, 'submitted');
  t.regex((await sentTo(db, 'demo-supervisor'))[0], /嘉兴市秀洲区王店镇已提交2019年度政府信息公开工作年度报告。可回复“查看 嘉兴市秀洲区王店镇”审核/);

  t.regex(await say('demo-supervisor', '退回 王店 行政复议数字与台账不符 修改：第四部分'), /^已退回嘉兴市秀洲区王店镇的报告（需修改12项：行政复议·结果维持、.*），原因：「行政复议数字与台账不符」/);
  const record = await db.manager.findOneByOrFail(ReportRecord, { unitId: unit.id, year: seed.year });
  t.is(record.status, 'returned');
  t.true((JSON.parse(record.reopened!) as string[]).includes('appeals.review.upheld'));
  t.false((JSON.parse(record.reopened!) as string[]).includes('active.licensing.decisions'));
  t.regex((await sentTo(db, 'wd')).at(-1)!, /已被秀洲区政务公开办退回修改。\n原因：行政复议数字与台账不符\n需修改的项目（12项，合计数随之重新计算）：\n· 行政复议·结果维持/);

  const stored = async () => JSON.parse((await db.manager.findOneByOrFail(ReportRecord, { unitId: unit.id, year: seed.year })).values) as Record<string, number>;
  t.regex(await say('wd', '改 行政许可 处理决定数量 1'), /报告退回后只能修改审核人指出的项目，「.*行政许可.*」不在其中/, 'a cell not reopened stays closed');
  t.is((await stored())['active.licensing.decisions'], 57);
  await say('wd', '改 行政复议 结果维持 1');
  t.deepEqual([(await stored())['appeals.review.upheld'], (await stored())['appeals.review.total']], [1, 1], 'a reopened cell changes, and its total with it');
  await say('wd', '改 行政复议 结果维持 0');
  await say('wd', '提交');
  t.regex(await say('wd', '确认提交'), /已提交/);
  t.regex((await sentTo(db, 'demo-supervisor')).at(-1)!, /嘉兴市秀洲区王店镇已重新提交/);

  t.regex(await say('demo-supervisor', '通过 王店'), /已审核通过嘉兴市秀洲区王店镇的报告/);
  t.is((await db.manager.findOneByOrFail(ReportRecord, { unitId: unit.id, year: seed.year })).status, 'approved');
  t.regex((await sentTo(db, 'wd')).at(-1)!, /已由秀洲区政务公开办审核通过/);
  t.regex(await say('demo-supervisor', '退回 新塍 数据有误'), /新塍镇的报告未开始，尚未提交，不能退回/);
});

forEachDatabase('an official asks for the deadline, and 明天再提醒我 plans a reminder for the next working day', async (t, database) => {
  const { db, say } = await setUp(t, database);
  await say('xc', '开始');
  t.regex(await say('xc', '截止'), /本单位年度报告的填报截止日期为2020年1月20日，还有6天。/);
  t.regex(await say('xc', '明天再提醒我'), /好的，明天上午再提醒您/);
  const [row] = await db.query("SELECT idempotencyKey AS k, kind, state FROM reminders");
  t.like(row, { kind: 'snooze', state: 'pending' });
  t.regex(String(row.k), /^remind:\d+:\d+:2020-01-15:xc$/);
});

forEachDatabase('生成报告 sends the report as it stands as a Word file; the console says how to make one', async (t, database) => {
  const { db, engine, say } = await setUp(t, database);
  await say('xc', '开始');
  t.regex(await say('xc', '生成报告'), /正在按官方版式生成 Word 文件[\s\S]*报告尚未提交[\s\S]*终端模式下不发送文件，上面所说的文件不会发来[\s\S]*nianbao render --unit/);
  t.deepEqual(await db.manager.find(OutboxMessage, { where: { kind: 'report-file' } }), []);

  await engine.accept({ key: 'msg:doc', userId: 'xc', channel: 'wecom', content: { kind: 'text', text: '生成报告' }, receivedAt: at });
  await engine.drain('xc');
  // The turn asks for the file; the outbox makes it when it sends it.
  const [file] = await db.manager.find(OutboxMessage, { where: { kind: 'report-file', recipient: 'xc' } });
  const payload = await made(db, file);
  t.is(payload.name, '新塍镇2019年度政府信息公开工作年度报告.docx');
  const word = await importDocx(Buffer.from(payload.base64, 'base64'));
  if (word.kind !== 'imported') return t.fail(word.reason);
  t.like(word.report, { unit: '新塍镇', year: 2019, format: '2019' });
  t.is(word.report.texts.signature, '新塍镇\n2020年1月14日');
});

forEachDatabase('导出 sends the supervisor the Excel overview and the roll-up of the submitted reports as files', async (t, database) => {
  const { db, engine, say } = await setUp(t, database);
  for (const line of transcript) await say('wd', line);
  await say('xc', '开始');
  await engine.accept({ key: 'msg:export', userId: 'demo-supervisor', channel: 'wecom', content: { kind: 'text', text: '导出' }, receivedAt: at });
  await engine.drain('demo-supervisor');
  const rows = await db.manager.find(OutboxMessage, { where: { recipient: 'demo-supervisor' }, order: { id: 'ASC' } });
  const reply = rows.find((r) => r.kind === 'text' && r.idempotencyKey.startsWith('reply:msg:export'))!;
  t.regex(storedText(reply), /正在生成秀洲区政务公开办所属3个单位的 Excel 汇总表.*只计入已提交的1个单位，其余2个单位列于报告开头/);
  t.deepEqual(rows.filter((r) => r.idempotencyKey.startsWith('file:')).map((r) => r.kind), ['overview-file', 'rollup-file']);
  const files = await Promise.all(rows.filter((r) => r.idempotencyKey.startsWith('file:')).map((r) => made(db, r)));
  t.deepEqual(files.map((f) => f.name.replace(/（\d{4}-\d{2}-\d{2}）/, '')), ['秀洲区政务公开办2019年度政府信息公开工作年度报告填报汇总表.xlsx', '秀洲区政务公开办（汇总）2019年度政府信息公开工作年度报告.docx']);

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(Buffer.from(files[0].base64, 'base64')).buffer);
  const names = workbook.worksheets[0].getColumn(1).values.map(String);
  for (const unit of [seed.unit, '新塍镇', '油车港镇']) t.true(names.includes(unit), unit);

  const word = await importDocx(Buffer.from(files[1].base64, 'base64'));
  if (word.kind !== 'imported') return t.fail(word.reason);
  // Only 王店镇 is submitted: the roll-up is its report, every cell as printed.
  const unit = await db.manager.findOneByOrFail(Unit, { name: seed.unit });
  const record = await db.manager.findOneByOrFail(ReportRecord, { unitId: unit.id, year: seed.year });
  const values = JSON.parse(record.values) as Record<string, number | null>;
  t.is(word.report.values['requests.received.total'], values['requests.received.total'] ?? 0);
  t.is(word.report.values['active.licensing.decisions'], values['active.licensing.decisions'] ?? 0);
  t.regex(word.report.texts.overview ?? '', /未计入汇总的单位（2个）：.*新塍镇（尚未提交）/);
  // Signed by the supervising unit; no empty 五 or 六.
  t.deepEqual((await docxParagraphs(Buffer.from(files[1].base64, 'base64'))).slice(-2), ['秀洲区政务公开办', '2020年1月14日']);
  t.false((await docxParagraphs(Buffer.from(files[1].base64, 'base64'))).includes('五、存在的主要问题及改进情况'));
});

forEachDatabase('a supervisor whose own unit files too fills it in after 填报本单位 and goes back with 返回审核, nothing lost either way', async (t, database) => {
  const { db, say } = await setUp(t, database);
  const own = await db.manager.findOneByOrFail(Unit, { name: '秀洲区政务公开办' });
  const [campaign] = await db.manager.find(Campaign);
  await db.manager.insert(CampaignUnit, { campaignId: campaign.id, unitId: own.id });
  t.regex(await say('demo-supervisor', '帮助'), /填报本单位：填写本单位自己的年度报告/);
  const entered = await say('demo-supervisor', '填报本单位');
  t.regex(entered, /^现在填报秀洲区政务公开办的年度报告（回复“返回审核”可回到审核）。/);
  t.regex(entered, /规章/, 'the first question of the report');
  t.regex(await say('demo-supervisor', '0 0 0'), /已记录：规章 0 \/ 0 \/ 0/);
  const ownReport = async () => JSON.parse((await db.manager.findOneByOrFail(ReportRecord, { unitId: own.id })).values) as Record<string, number>;
  const answered = await ownReport();
  t.deepEqual(Object.values(answered), [0, 0, 0], 'the row is in the unit’s own report');
  t.notRegex(await say('demo-supervisor', '进度'), /共3个单位/, 'while filing, 进度 is the own report’s');
  t.regex(await say('demo-supervisor', '返回审核'), /^已返回审核/);
  t.regex(await say('demo-supervisor', '进度'), /【秀洲区政务公开办 · 2019年度报告】共3个单位/, 'its own unit is not among those it reviews');
  t.regex(await say('demo-supervisor', '填报本单位'), /^现在填报秀洲区政务公开办的年度报告/);
  t.deepEqual(await ownReport(), answered);
  t.regex(await say('nh-supervisor', '填报本单位'), /^您好，南湖区政务公开办目前没有需要填报的年度报告/);
  t.notRegex(await say('nh-supervisor', '帮助'), /填报本单位/);
});
