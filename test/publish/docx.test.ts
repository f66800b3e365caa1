import test from 'ava';
import { readFileSync } from 'node:fs';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import JSZip from 'jszip';
import { DRAFT_MARK, renderDocx } from '../../src/publish/docx.ts';
import { importDocx } from '../../src/publish/read-docx.ts';
import { formats } from '../../src/report/formats.ts';
import { openingOf } from '../../src/report/opening.ts';
import { importText } from '../../src/report/import/import-text.ts';
import type { Report } from '../../src/report/report.ts';
import { reports2021, reports2021Dir } from '../fixtures/reports-2021.ts';
import { seeds } from '../fixtures/seeds.ts';

const seedDir = new URL('../../../shared/seeds/', import.meta.url);
const cases: [string, URL][] = [
  ...seeds.map((e) => [e.file, new URL(e.file, seedDir)] as [string, URL]),
  ...reports2021.map((e) => [e.file, new URL(e.file, reports2021Dir)] as [string, URL]),
];

function imported(text: string): Report {
  const result = importText(text);
  if (result.kind !== 'imported') throw new Error(result.reason);
  return result.report;
}

/** The report as its document prints it: a blank cell is printed 0 (rule T7), so it reads back as 0. */
function asPrinted(report: Report): Report['values'] {
  return Object.fromEntries(formats[report.format].cells.map((c) => [c.id, report.values[c.id] ?? 0]));
}

for (const [file, url] of cases) {
  test(`${file}: import → .docx → import gives the same report`, async (t) => {
    const report = imported(readFileSync(url, 'utf8'));
    const back = await importDocx(await renderDocx(report, { signedOn: '2021-01-20' }));
    if (back.kind !== 'imported') return t.fail(back.reason);
    t.deepEqual(back.problems, []);
    t.is(back.report.format, report.format);
    t.is(back.report.unit, report.unit);
    t.is(back.report.year, report.year);
    t.deepEqual(back.report.values, asPrinted(report));
    const { signature, ...texts } = back.report.texts;
    const { signature: printed, ...expected } = report.texts;
    // A report without an opening paragraph of its own gets the generated one (tested below).
    t.deepEqual(texts, { ...expected, preface: report.texts.preface ?? openingOf(report) });
    // A report without a signature of its own is signed by its unit on the day given.
    t.is(signature, printed ?? `${report.unit}\n2021年1月20日`);
  });
}

test('a draft\'s file says under its title that it is a draft; a submitted report\'s does not', async (t) => {
  const report = imported(readFileSync(new URL(seeds[0].file, seedDir), 'utf8'));
  const text = async (draft: boolean) => (await (await JSZip.loadAsync(await renderDocx(report, { draft }))).file('word/document.xml')!.async('string'));
  t.true((await text(true)).includes(DRAFT_MARK));
  t.false((await text(false)).includes('草稿'));
});

test('the document carries the title, page numbers in the footer, and A4 pages', async (t) => {
  const report = imported(readFileSync(new URL(seeds[0].file, seedDir), 'utf8'));
  const zip = await JSZip.loadAsync(await renderDocx(report));
  const document = await zip.file('word/document.xml')!.async('string');
  t.true(document.includes('杨舍镇2020年度政府信息公开工作年度报告'));
  t.regex(document, /<w:pgSz w:w="11906" w:h="16838"/);
  const footers = Object.keys(zip.files).filter((name) => /^word\/footer\d*\.xml$/.test(name));
  t.true(footers.length >= 1);
  t.regex(await zip.file(footers[0])!.async('string'), /PAGE/);
});

/** A small Word document in the official layout but made by other software: its own table shapes. */
async function handMade(): Promise<Buffer> {
  const p = (text: string) => new Paragraph({ text, alignment: AlignmentType.LEFT });
  const row = (...cells: string[]) => new TableRow({ children: cells.map((c) => new TableCell({ children: c.split('\n').map(p) })) });
  const requestRows = formats['2021'].requestRows;
  const document = new Document({
    sections: [{
      children: [
        p('青禾县统计局2023年度政府信息公开工作年度报告'),
        p('一、总体情况'), p('本局认真贯彻落实条例。'),
        p('二、主动公开政府信息情况'),
        // Rows in another order than the format's, a header broken over two lines in its cell.
        new Table({ rows: [
          row('第二十条第（六）项'), row('信息内容', '本年处理\n决定数量'), row('行政强制', '4'), row('行政处罚', '17'),
          row('第二十条第（一）项'), row('信息内容', '本年制发件数', '本年废止件数', '现行有效件数'), row('行政规范性文件', '2', '0', '9'), row('规章', '0', '0', '0'),
          row('第二十条第（八）项'), row('信息内容', '本年收费金额（单位：万元）'), row('行政事业性收费', '0.5'),
          row('第二十条第（五）项'), row('信息内容', '本年处理决定数量'), row('行政许可', '30'),
        ] }),
        p('三、收到和处理政府信息公开申请情况'),
        new Table({ rows: [
          row('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况'),
          row('自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'),
          // Only some rows, in reverse order: each is found by its label.
          ...[...requestRows].reverse().filter((r) => ['received', 'granted', 'total', 'carriedForward', 'otherHandling.other'].includes(r.id))
            .map((r) => row(r.id === 'otherHandling.other' ? '（六）其他处理' : '', r.label, '1', '0', '0', '0', '0', '0', '1')),
        ] }),
        p('四、政府信息公开行政复议、行政诉讼情况'),
        new Table({ rows: [
          row('行政复议', '行政诉讼'), row('结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉'),
          row(...Array.from({ length: 15 }, () => '0')),
        ] }),
        p('五、存在的主要问题及改进情况'), p('问题是人手不足。'),
        p('六、其他需要报告的事项'), p('本年未收取信息处理费。'),
      ],
    }],
  });
  return Packer.toBuffer(document);
}

test('a .docx made by other software is read by its labels, not by the position of its rows', async (t) => {
  const result = await importDocx(await handMade());
  if (result.kind !== 'imported') return t.fail(result.reason);
  const { report } = result;
  t.is(report.format, '2021');
  t.is(report.unit, '青禾县统计局');
  t.is(report.year, 2023);
  t.like(report.values, {
    'active.penalty.decisions': 17, 'active.coercion.decisions': 4, 'active.licensing.decisions': 30,
    'active.norms.issued': 2, 'active.norms.inForce': 9, 'active.fees.amountYuan': 5000,
    'requests.received.natural': 1, 'requests.granted.total': 1, 'requests.otherHandling.other.natural': 1, 'requests.carriedForward.total': 1,
  });
  t.false('requests.carriedOver.natural' in report.values);
  t.is(report.texts.overview, '本局认真贯彻落实条例。');
  t.is(report.texts.other, '本年未收取信息处理费。');
});

test('a file that is not a Word document is refused with the reason', async (t) => {
  const notZip = await importDocx(Buffer.from('这不是文档'));
  t.is(notZip.kind, 'failed');
  t.regex(notZip.kind === 'failed' ? notZip.reason : '', /不是有效的 Word（\.docx）文档.*另存为/);

  const zip = new JSZip();
  zip.file('word/other.xml', '<x/>');
  const noBody = await importDocx(await zip.generateAsync({ type: 'nodebuffer' }));
  t.is(noBody.kind, 'failed');

  zip.file('word/document.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><w:document><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>');
  const entities = await importDocx(await zip.generateAsync({ type: 'nodebuffer' }));
  t.is(entities.kind, 'failed');

  // A body that inflates past 50 MB (here 60 MB of spaces, about 60 KB zipped) is counted while it inflates and refused.
  zip.file('word/document.xml', `<w:document><w:body>${' '.repeat(60 * 1024 * 1024)}</w:body></w:document>`, { compression: 'DEFLATE' });
  const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  t.true(bomb.byteLength < 1024 * 1024);
  t.deepEqual(await importDocx(bomb), { kind: 'failed', reason: '文档正文过大，不像一份年度报告。' });
});

test('a Word document that is not a report says what it lacks', async (t) => {
  const document = new Document({ sections: [{ children: [new Paragraph('会议通知'), new Paragraph('请各单位准时参会。')] }] });
  const result = await importDocx(await Packer.toBuffer(document));
  t.is(result.kind, 'failed');
  t.regex(result.kind === 'failed' ? result.reason : '', /标题/);
});
