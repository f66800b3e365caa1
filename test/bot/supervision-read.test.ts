// Reading before approving (issue 14, defect 6): 查看 shows the key figures, findings and the first
// line of each text (a text too short to be an account is flagged, never 「未发现错误」), 「查看 <单位>
// 全文」 every text, and 「下载 <单位>」 the unit's Word file through the outbox (a draft said to be one).
import JSZip from 'jszip';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { DRAFT_MARK } from '../../src/publish/docx.ts';
import { withDocuments } from '../../src/publish/files.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { ReportText } from '../../entities/report-text.ts';
import { forEachDatabase } from '../support/databases.ts';
import { county, reportOf, shanghai } from '../support/supervision.ts';
import { fileOf, firstAttempt } from '../support/outbox-rows.ts';
import { storedText } from '../support/outbox-rows.ts';

forEachDatabase('查看 shows key figures, findings and the first line of each text; a text too short is flagged; 全文 shows every text', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  const overview = reportOf('甲镇').texts.overview!;
  const shown = await c.say('demo-supervisor', '查看 甲镇');
  t.is(shown, [
    '【甲镇】已提交，1月16日提交，按时',
    '主要数据：新收申请4件，办结4件，结转下年度0件；行政复议0件，行政诉讼0件。',
    '检查结果：数字核对无误。',
    '文字部分：',
    `· 总体情况（${[...overview].length}字）：${[...overview].slice(0, 40).join('')}…`,
    '· 存在的主要问题及改进情况（33字）：存在的主要问题是公开内容不够全面。下一步将加强培训，提高公开质量。',
    '· 其他需要报告的事项（12字，过短，请核实）：本年度未收取信息处理费。',
    '回复“查看 甲镇 全文”阅读全部文字，“下载 甲镇”获取 Word 文件。',
    '可回复“通过 甲镇”或“退回 甲镇 原因 修改：项目”。',
  ].join('\n'));
  const full = await c.say('demo-supervisor', '查看 甲镇 全文');
  t.is(full, ['【甲镇】年度报告文字部分（已提交的版本）：', `总体情况：\n${overview}`, `存在的主要问题及改进情况：\n${reportOf('甲镇').texts.problems}`, `其他需要报告的事项：\n${reportOf('甲镇').texts.other}`].join('\n'));

  // Junk in place of the overview: flagged, not passed.
  await c.hand('乙镇', 'submitted', shanghai('2026-01-16T10:00'));
  const report = await c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId('乙镇') });
  await c.db.manager.update(ReportText, { reportId: report.id, textId: 'overview' }, { content: '啊啊啊' });
  const junk = await c.say('demo-supervisor', '查看 乙镇');
  t.regex(junk, /\n· 总体情况（3字，过短，请核实）：啊啊啊\n/);
  t.notRegex(junk, /未发现/);
});

forEachDatabase('查看 of a draft says a key figure whose table is not filled yet is 未填写, not 0', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('乙镇', 'draft');
  const report = await c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId('乙镇') });
  const values = JSON.parse(report.values) as Record<string, number>;
  const filled = Object.fromEntries(Object.entries(values).filter(([id]) => !id.startsWith('appeals.') && !id.startsWith('requests.carriedForward.')));
  await c.db.manager.update(ReportRecord, { id: report.id }, { values: JSON.stringify(filled) });
  t.regex(await c.say('demo-supervisor', '查看 乙镇'), /\n主要数据：新收申请\d+件，办结\d+件，结转下年度未填写；行政复议未填写，行政诉讼未填写。\n/);
});

forEachDatabase('查看 does not flag 「无」 for 其他需要报告的事项 as too short: it is what the official is asked to reply when there is nothing', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  const report = await c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId('甲镇') });
  await c.db.manager.update(ReportText, { reportId: report.id, textId: 'other' }, { content: '无。' });
  const shown = await c.say('demo-supervisor', '查看 甲镇');
  t.regex(shown, /\n· 其他需要报告的事项（2字）：无。\n/);
  t.regex(shown, /\n检查结果：数字核对无误，未发现问题。\n/);
  // 「无」 for 存在的主要问题 is still flagged.
  await c.db.manager.update(ReportText, { reportId: report.id, textId: 'problems' }, { content: '无' });
  t.regex(await c.say('demo-supervisor', '查看 甲镇'), /\n· 存在的主要问题及改进情况（1字，过短，请核实）：无\n/);
});

forEachDatabase('下载 sends the unit\'s Word file through the outbox; a draft is said to be one', async (t, database) => {
  const c = await county(t, database, '2026-01-19T10:00');
  await c.hand('甲镇', 'submitted', shanghai('2026-01-16T10:00'));
  await c.hand('乙镇', 'draft');
  t.regex(await c.say('demo-supervisor', '下载 丙镇'), /^丙镇尚未开始填报，没有可发送的报告。$/);
  for (const [i, text] of ['下载 甲镇', '下载 乙镇'].entries()) {
    await c.engine.accept({ key: `msg:dl${i}`, userId: 'demo-supervisor', channel: 'wecom', content: { kind: 'text', text }, receivedAt: c.clock.now });
  }
  await c.engine.drain('demo-supervisor');
  const rows = await c.db.manager.find(OutboxMessage, { where: { recipient: 'demo-supervisor' }, order: { id: 'ASC' } });
  const texts = rows.filter((r) => r.kind === 'text').map((r) => storedText(r));
  t.deepEqual(texts, ['好的，正在按官方版式生成甲镇的年度报告（Word），稍后以文件发送。', '好的，正在按官方版式生成乙镇的年度报告（Word），稍后以文件发送。该报告尚未提交，文件是填报中的草稿。']);
  const ids = async (name: string) => (await c.db.manager.findOneByOrFail(ReportRecord, { unitId: await c.unitId(name) })).id;
  t.deepEqual(rows.filter((r) => r.kind === 'report-file').map((r) => JSON.parse(r.payload)), [{ reportId: await ids('甲镇'), signedOn: '2026-01-19' }, { reportId: await ids('乙镇'), signedOn: '2026-01-19' }]);
  // The files as the outbox makes them: the draft's says so under its title, the submitted one's does not.
  const made: string[] = [];
  const sender = withDocuments({ quota: { perMinute: 30, perHour: 1000 }, async send(row) {
    const { base64 } = fileOf(row);
    made.push(await (await JSZip.loadAsync(Buffer.from(base64, 'base64'))).file('word/document.xml')!.async('string'));
    return { kind: 'sent' as const };
  } }, c.db, () => c.clock.now);
  for (const row of rows.filter((r) => r.kind === 'report-file')) {
    await sender.send(firstAttempt(row));
  }
  t.deepEqual(made.map((xml) => xml.includes(DRAFT_MARK)), [false, true]);
});
