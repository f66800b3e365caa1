// An official sends last year's report as a file through WeCom: the file message arrives as an
// encrypted callback (the independent encryptor), the service downloads it from the fake WeCom's
// media/get, imports it outside the turn, reads back what it found and stores it as the unit's
// previous-year report only on 「是」; 上年结转 is then offered from its 结转下年度.
import { readFileSync } from 'node:fs';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { ReportRecord } from '../../entities/report-record.ts';
import { createWecomFileReader } from '../../src/channels/wecom-file.ts';
import { renderDocx } from '../../src/publish/docx.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { convertWithLibreOffice } from '../support/office.ts';
import { seed } from '../support/reports.ts';
import { messageXml } from '../support/wecom-encryptor.ts';
import { startWecomService, testKeys, type WecomHarness } from '../support/wecom-service.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
// Seed 000 is 杨舍镇's 2020 report (2019 format): last year's for a 2021 campaign.
const plan2021 = { supervisingUnit: '某县政务公开办', year: 2021, format: '2021' as const, units: [{ name: '杨舍镇', officialId: 'o1' }, { name: '某县统计局', officialId: 'o2' }] };
const docxOf000 = async () => renderDocx(seed('000').report, { signedOn: '2021-01-15' });
const PREFILL = '根据上年报告，上年结转为：自然人2件。正确请回复“是”，如有不同请直接回复正确的数字（按 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 的顺序）。';

let msgIds = 7_000_000_000_000_000_000n;

/** The member sends a file, as WeCom's callback carries it: MsgType file, MediaId, FileName. */
async function sendFile(h: WecomHarness, userId: string, file: { bytes: Uint8Array; fileName: string; contentType?: string }): Promise<string[]> {
  const mediaId = h.fake.addMedia(file);
  const before = h.replies().length;
  const xml = messageXml({ toUser: testKeys.corpId, fromUser: userId, msgType: 'file', msgId: String(msgIds++), createTime: String(Math.floor(h.clock.now().getTime() / 1000)), fields: { MediaId: mediaId, FileName: file.fileName } });
  const answer = await h.post(xml);
  if (answer.status !== 200) throw new Error(`the callback answered ${answer.status}`);
  await h.service.idle();
  return h.replies().slice(before).map(([, text]) => text);
}

async function say(h: WecomHarness, userId: string, text: string): Promise<string[]> {
  const before = h.replies().length;
  await h.say(userId, text);
  await h.service.idle();
  return h.replies().slice(before).map(([, text]) => text);
}

const lastYearOf = (h: WecomHarness, year: number) => h.service.db.manager.findOneBy(ReportRecord, { year });

async function started(t: ExecutionContext, database: TestDatabase, plan = plan2021): Promise<WecomHarness> {
  return startWecomService(t, database, { plan });
}

forEachDatabase('last year’s report sent as a .docx is read back, stored on 是, and 上年结转 then offers its 结转下年度', async (t, database) => {
  const h = await started(t, database);
  await say(h, 'o1', '第二部分都是0');
  const read = await sendFile(h, 'o1', { bytes: await docxOf000(), fileName: '杨舍镇2020年度政府信息公开工作年度报告.docx', contentType: DOCX });
  t.deepEqual(read, [[
    '已读取「杨舍镇2020年度政府信息公开工作年度报告.docx」（Word 文件）：',
    '杨舍镇2020年度政府信息公开工作年度报告，国办公开办函〔2019〕60号格式；',
    '表格共198个单元格，198个有数字；',
    '结转下年度：自然人2件。',
    '这是贵单位2020年度的报告，作为上年报告保存吗？回复“是”保存',
  ].join('\n')]);
  t.is(h.fake.mediaGets, 1);
  t.is(await lastYearOf(h, 2020), null, 'nothing stored before 是');
  const card = h.fake.messages.at(-1)!;
  t.deepEqual((card.template_card as { button_list: { key: string }[] }).button_list.map((b) => b.key), ['是', '不是']);

  const saved = await say(h, 'o1', '是');
  t.is(saved.length, 1);
  t.true(saved[0].includes('已保存为贵单位2020年度（上年）的报告。'), saved[0]);
  t.true(saved[0].endsWith(PREFILL), saved[0]);
  const stored = await lastYearOf(h, 2020);
  t.is(stored?.status, 'imported');
  t.is(stored?.format, '2019');
  t.is(JSON.parse(stored!.values)['requests.carriedForward.natural'], 2);

  const prefilled = await say(h, 'o1', '是');
  t.true(prefilled[0].includes('已记录：上年结转 自然人2件'), prefilled[0]);
  const draft = await h.service.db.manager.findOneByOrFail(ReportRecord, { year: 2021 });
  t.is(JSON.parse(draft.values)['requests.carriedOver.natural'], 2);
});

forEachDatabase('last year’s report sent as a saved web page is read back and stored on 是', async (t, database) => {
  const h = await started(t, database, { ...plan2021, year: 2022, units: [{ name: '青山镇', officialId: 'o1' }] });
  const page = readFileSync(new URL('../fixtures/built-reports/01-2021-html-p/source.html', import.meta.url));
  const read = await sendFile(h, 'o1', { bytes: page, fileName: '青山镇2021年报.html', contentType: 'text/html' });
  t.true(read[0].includes('已读取「青山镇2021年报.html」（网页文件）：\n青山镇人民政府2021年度政府信息公开工作年度报告，国办公开办函〔2021〕30号格式；\n表格共200个单元格，200个有数字；\n结转下年度：自然人1、法律服务机构1（共2件）。'), read[0]);
  t.true(read[0].endsWith('这是贵单位2021年度的报告，作为上年报告保存吗？回复“是”保存'));
  await say(h, 'o1', '是');
  const stored = await lastYearOf(h, 2021);
  t.is(stored?.status, 'imported');
  t.is(JSON.parse(stored!.values)['requests.carriedForward.legalService'], 1);
});

forEachDatabase('a report of another unit is refused and nothing is stored', async (t, database) => {
  const h = await started(t, database);
  const read = await sendFile(h, 'o2', { bytes: await docxOf000(), fileName: '杨舍镇2020年报.docx', contentType: DOCX });
  t.true(read[0].endsWith('这是「杨舍镇」的报告，不是某县统计局的，未保存。只能导入本单位的上年报告。'), read[0]);
  t.is(await say(h, 'o2', '是').then((r) => r.some((x) => x.includes('已保存'))), false);
  t.is(await lastYearOf(h, 2020), null);
});

forEachDatabase('a file that is not a report is refused with the reason; nothing is stored without 是', async (t, database) => {
  const h = await started(t, database);
  await say(h, 'o1', '你好');
  t.deepEqual(await sendFile(h, 'o1', { bytes: Buffer.from('<html><body><p>关于召开会议的通知</p></body></html>'), fileName: '通知.html' }),
    ['未能读取「通知.html」：未能读出报告年份：标题应形如「某某镇2020年度政府信息公开工作年度报告」。未保存。']);
  t.deepEqual(await sendFile(h, 'o1', { bytes: Buffer.from('89504E470D0A1A0A0000', 'hex'), fileName: '年报截图.png' }),
    ['未能读取「年报截图.png」：图片中的文字无法读取。请发送上年报告的 Word（.docx）、PDF 或网页（.html）文件。未保存。']);
  t.deepEqual(await sendFile(h, 'o1', { bytes: Buffer.from('D0CF11E0A1B11AE10000', 'hex'), fileName: '2020年报.doc' }),
    ['未能读取「2020年报.doc」：这是旧版 Word（.doc）或 WPS 文件，无法直接读取：请在 Word 或 WPS 中“另存为” .docx 后再发送，或发送 PDF。未保存。']);
  t.deepEqual(await sendFile(h, 'o1', { bytes: Buffer.from('D0CF11E0A1B11AE10000', 'hex'), fileName: '统计表.xls' }),
    ['未能读取「统计表.xls」：Excel 表格不能作为年度报告导入。请发送上年报告的 Word（.docx）、PDF 或网页（.html）文件。未保存。']);

  // A report read back and declined: 「不是」 stores nothing, and neither does any other answer.
  await sendFile(h, 'o1', { bytes: await docxOf000(), fileName: '杨舍镇2020年报.docx', contentType: DOCX });
  t.true((await say(h, 'o1', '不是'))[0].includes('好的，没有记录。'));
  await sendFile(h, 'o1', { bytes: await docxOf000(), fileName: '杨舍镇2020年报.docx', contentType: DOCX });
  await say(h, 'o1', '第二部分都是0');
  t.is((await say(h, 'o1', '是')).some((r) => r.includes('已保存为贵单位')), false);
  t.is(await lastYearOf(h, 2020), null);
});

forEachDatabase('a report of the wrong year is refused, and so is one for a year whose report was filed in nianbao', async (t, database) => {
  const h = await started(t, database, { ...plan2021, year: 2022 });
  const read = await sendFile(h, 'o1', { bytes: await docxOf000(), fileName: '杨舍镇2020年报.docx', contentType: DOCX });
  t.true(read[0].endsWith('这是2020年度的报告，不是上年（2021年度）的报告，未保存。'), read[0]);

  const filed = await started(t, database);
  const unit = await filed.service.db.manager.query("SELECT id FROM units WHERE name = '杨舍镇'");
  await filed.service.db.manager.insert(ReportRecord, { unitId: unit[0].id, campaignId: null, year: 2020, format: '2019', status: 'approved', values: '{}', reopened: null, version: 0, submittedAt: null, updatedAt: new Date() });
  const refused = await sendFile(filed, 'o1', { bytes: await docxOf000(), fileName: '杨舍镇2020年报.docx', contentType: DOCX });
  t.true(refused[0].endsWith('贵单位2020年度的报告已在系统中填报，以系统中的为准，未保存。'), refused[0]);
  t.is((await lastYearOf(filed, 2020))?.status, 'approved');
});

forEachDatabase('an incomplete import says what is missing and stores nothing; a file WeCom no longer has is said to have expired', async (t, database) => {
  const h = await started(t, database);
  await say(h, 'o1', '你好');
  // Seed 000's text cut from its 「四、结转下年度」 row to heading 五: table 四 and that row are gone.
  const lines = readFileSync(new URL('../../../shared/seeds/000_cc3b440ac1b55c30.txt', import.meta.url), 'utf8').split('\n');
  const from = lines.findIndex((l) => /^四、/.test(l.trim()));
  const to = lines.findIndex((l, i) => i > from && /^五、/.test(l.trim()));
  const cut = Buffer.from([...lines.slice(0, from + 1), ...lines.slice(to)].join('\n'));
  const read = await sendFile(h, 'o1', { bytes: cut, fileName: '杨舍镇2020年报.txt', contentType: 'text/plain' });
  t.deepEqual(read[0].split('\n').slice(-4), [
    '导入不完整，未保存。',
    '表格三（收到和处理政府信息公开申请情况）缺少1行：四、结转下年度。',
    '未找到表格四（行政复议、行政诉讼情况）。',
    '请发送完整的上年报告（含三张表格）。',
  ]);
  t.false((await say(h, 'o1', '是')).some((r) => r.includes('已保存')));
  t.is(await lastYearOf(h, 2020), null);

  h.fake.inject('media/get', { errcode: 40007, errmsg: 'invalid media_id' });
  t.deepEqual(await sendFile(h, 'o1', { bytes: await docxOf000(), fileName: '杨舍镇2020年报.docx', contentType: DOCX }), ['未能读取「杨舍镇2020年报.docx」：文件已过期，无法下载，请重新发送。未保存。']);
});

test('a file larger than the cap is refused by its size, unread', async (t) => {
  const reader = createWecomFileReader({ downloadMedia: async (_id, maxBytes) => ({ kind: 'tooLarge', maxBytes }) });
  t.deepEqual(await reader({ mediaId: 'm', fileName: 'scan.pdf' }), { kind: 'refused', reason: '文件超过20MB，太大了，不像一份年度报告。请发送报告的 Word（.docx）、PDF 或网页文件。' });
});

forEachDatabase('a supervisor’s file is not downloaded nor imported', async (t, database) => {
  const h = await started(t, database);
  t.deepEqual(await sendFile(h, 'demo-supervisor', { bytes: await docxOf000(), fileName: '杨舍镇2020年报.docx', contentType: DOCX }),
    ['审核人员发来的文件不会导入。各单位的上年报告由填报人在对话中发送文件导入，或由管理员用 nianbao import 批量导入。']);
  t.is(h.fake.mediaGets, 0);
  t.is(await lastYearOf(h, 2020), null);
});

forEachDatabase('last year’s report sent as a PDF (LibreOffice’s from the rendered .docx) is read back and stored on 是', async (t, database) => {
  const h = await started(t, database);
  await say(h, 'o1', '第二部分都是0');
  const pdf = await convertWithLibreOffice(await docxOf000(), 'docx', 'pdf');
  const read = await sendFile(h, 'o1', { bytes: pdf, fileName: '杨舍镇2020年报.pdf', contentType: 'application/pdf' });
  t.true(read[0].startsWith('已读取「杨舍镇2020年报.pdf」（PDF 文件）：\n杨舍镇2020年度政府信息公开工作年度报告，国办公开办函〔2019〕60号格式；\n表格共198个单元格，198个有数字；\n结转下年度：自然人2件。'), read[0]);
  t.true((await say(h, 'o1', '是'))[0].endsWith(PREFILL));
  t.is((await lastYearOf(h, 2020))?.status, 'imported');
}, 'sqlite');

forEachDatabase('a report sent again replaces the one imported before, after 是', async (t, database) => {
  const h = await started(t, database);
  await say(h, 'o1', '你好');
  await sendFile(h, 'o1', { bytes: await docxOf000(), fileName: '杨舍镇2020年报.docx', contentType: DOCX });
  await say(h, 'o1', '是');
  const changed = { ...seed('000').report, values: { ...seed('000').report.values, 'requests.carriedForward.natural': 1, 'requests.carriedForward.total': 1, 'requests.total.natural': 23, 'requests.total.total': 23 } };
  const again = await sendFile(h, 'o1', { bytes: await renderDocx(changed, { signedOn: '2021-01-15' }), fileName: '杨舍镇2020年报（更正）.docx', contentType: DOCX });
  t.true(again[0].endsWith('这是贵单位2020年度的报告，作为上年报告保存吗？回复“是”保存（将替换之前导入的上年报告）'), again[0]);
  await say(h, 'o1', '是');
  const stored = await lastYearOf(h, 2020);
  t.is(stored?.version, 1);
  t.is(JSON.parse(stored!.values)['requests.carriedForward.natural'], 1);
});
