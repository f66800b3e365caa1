import test from 'ava';
import { readFileSync } from 'node:fs';
import { renderDocx } from '../../src/publish/docx.ts';
import { importPdf } from '../../src/publish/read-pdf.ts';
import { importText } from '../../src/report/import/import-text.ts';
import { convertWithLibreOffice } from '../support/office.ts';

const sources = [
  new URL('../../../shared/seeds/000_cc3b440ac1b55c30.txt', import.meta.url),
  new URL('../../../shared/seeds/004_941be4f5122c1a33.txt', import.meta.url),
  new URL('../fixtures/reports-2021/jiedao-2022.txt', import.meta.url),
];

for (const url of sources) {
  const name = url.pathname.split('/').at(-1);
  test(`${name}: rendered to .docx, printed to PDF by LibreOffice, read back cell for cell`, async (t) => {
    const original = importText(readFileSync(url, 'utf8'));
    if (original.kind !== 'imported') throw new Error(original.reason);
    const pdf = await convertWithLibreOffice(Buffer.from(await renderDocx(original.report)), 'docx', 'pdf');
    const back = await importPdf(pdf);
    if (back.kind !== 'imported') throw new Error(back.reason);
    t.deepEqual([back.report.unit, back.report.year, back.report.format], [original.report.unit, original.report.year, original.report.format]);
    // The document prints a blank cell as 0.
    const ids = Object.keys({ ...original.report.values, ...back.report.values });
    t.deepEqual(ids.filter((id) => (back.report.values[id] ?? 0) !== (original.report.values[id] ?? 0)), []);
    t.deepEqual(back.problems, []);
  });
}

test('a PDF without text (a scan) is refused as an image', async (t) => {
  const objects = ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>'];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  const result = await importPdf(Buffer.from(pdf, 'latin1'));
  t.is(result.kind, 'failed');
  t.regex(result.kind === 'failed' ? result.reason : '', /没有可读取的文字，是扫描的图像/);
});

test('a file that is not a PDF is refused', async (t) => {
  t.deepEqual(await importPdf(Buffer.from('这不是PDF')), { kind: 'failed', reason: '文件不是有效的 PDF 文档。' });
});
