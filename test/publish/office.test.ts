// The published files as LibreOffice opens them: a 2019 seed and a 2021 report rendered to .docx
// and converted to PDF, whose text must print every label of the format, in the format's order
// (taken from src/report/formats.ts, not from the renderer); section 三's table on one page; no
// header label broken inside a word; the signature never alone on the last page, over texts of
// thirty lengths; the roll-up; and the overview workbook converted too. Needs soffice and
// pdftotext (see test/support/office.ts).
import test from 'ava';
import { keyFiguresOf, type Overview, type OverviewUnit } from '../../src/publish/campaign-overview.ts';
import { renderDocx, type DocxOptions } from '../../src/publish/docx.ts';
import { renderOverviewXlsx } from '../../src/publish/overview-xlsx.ts';
import { rollUp } from '../../src/publish/rollup.ts';
import { checkReport } from '../../src/report/check.ts';
import { formats } from '../../src/report/formats.ts';
import type { Report } from '../../src/report/report.ts';
import { convertAllWithLibreOffice, convertWithLibreOffice, pdfPages } from '../support/office.ts';
import { report2021, seed, withTexts } from '../support/reports.ts';

// Header words the format prints but formats.ts does not carry (report-format.md §2, §3).
const CONTENT = '信息内容';
const NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const APPLICANTS = '申请人情况';
const ORGANISATIONS = '法人或其他组织';
const RESULTS = '三、本年度办理结果';

const flat = (text: string) => text.replace(/\s+/g, '');

/** Section 二: each sub-table's caption, its header row and its row labels. */
function activeLabels(report: Report): string[] {
  return formats[report.format].active.flatMap((sub) => [sub.caption, CONTENT, ...sub.columns.map((c) => c.label), ...sub.rows.map((r) => r.label)]);
}

/**
 * Section 三 as its rows read: a cell two rows tall belongs to its top row, so the header's second
 * row is 自然人, 法人或其他组织, 总计 and the third the five kinds of organisation; 三、本年度办理结果
 * and each group heading come before the first row they span.
 */
function requestLabels(report: Report): string[] {
  const { requestColumns, requestRows } = formats[report.format];
  const natural = requestColumns[0];
  const total = requestColumns[requestColumns.length - 1];
  const header = [NOTE, APPLICANTS, natural.label, ORGANISATIONS, total.label, ...requestColumns.slice(1, -1).map((c) => c.label)];
  const rows = requestRows.flatMap((row, i) => {
    const previous = requestRows[i - 1];
    const lead = row.role === 'outcome' && previous?.role === 'input' ? [RESULTS] : [];
    if (row.group && previous?.group !== row.group) lead.push(row.group);
    return [...lead, row.label];
  });
  return [...header, ...rows];
}

/** Section 四: 行政复议 | 行政诉讼; the review's outcomes (two rows tall) | 未经复议直接起诉 | 复议后起诉; the suits' outcomes. */
function appealLabels(report: Report): string[] {
  const { appealGroups, appealOutcomes } = formats[report.format];
  const [[review], ...suits] = appealGroups.map((g) => g.label.split('·'));
  const outcomes = appealOutcomes.map((o) => o.label);
  return [review, suits[0][0], ...outcomes, ...suits.map((s) => s[1]), ...outcomes, ...outcomes];
}

/** Every label the document must print, in order. */
function expectedLabels(report: Report): string[] {
  const [s1, s2, s3, s4, s5, s6] = formats[report.format].sections.map((s) => s.title);
  return [
    `${report.unit}${report.year}年度政府信息公开工作年度报告`,
    s1, s2, ...activeLabels(report), s3, ...requestLabels(report), s4, ...appealLabels(report), s5, s6,
  ];
}

type Order = { kind: 'inOrder'; labels: number } | { kind: 'missing'; label: string; after: string };

/** Whether `labels` occur in `text` in this order, whitespace ignored; else the first one that does not. */
function orderIn(text: string, labels: string[]): Order {
  const haystack = flat(text);
  let at = 0;
  let after = '（文档开头）';
  for (const label of labels) {
    const found = haystack.indexOf(flat(label), at);
    if (found < 0) return { kind: 'missing', label, after };
    at = found + flat(label).length;
    after = label;
  }
  return { kind: 'inOrder', labels: labels.length };
}

/** The numbers (from 1) of the pages whose text holds `label`. */
const pagesWith = (pages: string[], label: string) => pages.flatMap((page, i) => (flat(page).includes(flat(label)) ? [i + 1] : []));

/** Every label at the head of a column or a group of columns, in sections 二, 三 and 四. */
function headerLabels(report: Report): string[] {
  const format = formats[report.format];
  return [...new Set([
    CONTENT, ...format.active.flatMap((sub) => sub.columns.map((c) => c.label)),
    APPLICANTS, ORGANISATIONS, ...format.requestColumns.map((c) => c.label),
    ...format.appealGroups.flatMap((g) => g.label.split('·')), ...format.appealOutcomes.map((o) => o.label),
  ])];
}

// The only places a header may break: between the words, where a column is too narrow for the whole label.
const WORD_BREAKS = ['社会公益|组织', '法律服务|机构', '结果|维持', '结果|纠正', '其他|结果', '尚未|审结'];

/**
 * Whether the label is printed whole on a line (pdftotext -raw puts the cells of a row on one line,
 * a cell's second line on the next), or split only at one of WORD_BREAKS: the line ends with the
 * first part and the next begins with the second. 商业企/业 is neither.
 */
function printedWhole(lines: string[], label: string): boolean {
  const tokens = lines.map((l) => l.trim().split(/\s+/));
  if (tokens.some((line) => line.includes(label))) return true;
  return WORD_BREAKS.some((form) => {
    const [first, second] = form.split('|');
    return first + second === label && tokens.some((line, i) => line.at(-1) === first && tokens[i + 1]?.[0] === second);
  });
}

const cases = [
  { name: 'seed 000 (2019 format)', report: () => seed('000').report },
  { name: 'jiedao-2022 (2021 format)', report: () => report2021('jiedao-2022').report },
  {
    name: 'jiedao-2022 with prose before its table 三',
    report: (): Report => {
      const { report } = report2021('jiedao-2022');
      return { ...report, texts: { ...report.texts, requestsNote: '本年度共收到政府信息公开申请48件，均在法定期限内答复。\n申请主要涉及征地拆迁、城市规划和企业信息。\n未发生因答复引起的行政复议纠正。' } };
    },
  },
];

// One conversion per report, shared by the tests on it (a conversion takes seconds).
const converted = new Map<string, Promise<string[]>>();
function pagesOf(name: string, report: Report): Promise<string[]> {
  let pages = converted.get(name);
  if (!pages) {
    pages = renderDocx(report, { signedOn: '2023-01-16' }).then((docx) => convertWithLibreOffice(docx, 'docx', 'pdf')).then(pdfPages);
    converted.set(name, pages);
  }
  return pages;
}

for (const { name, report } of cases) {
  test(`${name}: LibreOffice prints the .docx with every label of the format in order`, async (t) => {
    const pages = await pagesOf(name, report());
    const labels = expectedLabels(report());
    t.true(pages.length >= 1);
    t.deepEqual(orderIn(pages.join('\n'), labels), { kind: 'inOrder', labels: labels.length });
  });

  test(`${name}: LibreOffice breaks no header label inside a word`, async (t) => {
    const lines = (await pagesOf(name, report())).join('\n').split('\n');
    t.deepEqual(headerLabels(report()).filter((label) => !printedWhole(lines, label)), []);
  });

  test(`${name}: LibreOffice prints section 三's table whole on one page`, async (t) => {
    const pages = await pagesOf(name, report());
    // The header rows repeat on every page the table reaches, so the note shows each page it is on.
    const tablePages = pagesWith(pages, NOTE);
    t.is(tablePages.length, 1, `the header is on pages [${tablePages.join(', ')}]`);
    t.deepEqual(pagesWith(pages, formats[report().format].requestRows.at(-1)!.label), tablePages, 'its last row is on another page');
  });
}

// A sentence of about one line at 三号 on the A4 text width (27 characters).
const SENTENCE = '本单位认真落实政府信息公开各项要求，持续规范公开流程。';

/** The lines of the last page besides its page number. */
const lastPageLines = (pages: string[]) => pages.at(-1)!.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^— \d+ —$/.test(l));

test('LibreOffice never prints the signature alone on the last page, over 六 texts of thirty lengths', async (t) => {
  const { report } = report2021('jiedao-2022');
  // Paragraphs of one, two and three lines, one more each time: over more than a page, so that
  // some length ends exactly where the signature would turn the page.
  const texts = Array.from({ length: 30 }, (_, n) => Array.from({ length: n + 1 }, (_, k) => SENTENCE.repeat(1 + (k % 3))).join('\n'));
  const documents = await Promise.all(texts.map((other) => renderDocx(withTexts(report, { other }), { signedOn: '2023-01-16' })));
  const pages = await Promise.all((await convertAllWithLibreOffice(documents, 'docx', 'pdf')).map(pdfPages));
  const counts = new Set(pages.map((p) => p.length));
  t.true(counts.size >= 3, `the texts reach over ${[...counts].join(', ')} pages`);
  for (const [n, document] of pages.entries()) {
    const last = lastPageLines(document);
    t.deepEqual(last.slice(-2), [report.unit, '2023 年 1 月 16 日'], `length ${n + 1}: the signature ends the document`);
    t.true(last.length > 2, `length ${n + 1}: the last page holds only the signature`);
  }
});

test('LibreOffice prints the roll-up with a 总体情况, no empty 五 or 六, signed by the supervising unit with the last table', async (t) => {
  const { report } = report2021('jiedao-2022');
  const summed = rollUp('临江区（汇总）', 2022, '2021', [{ unit: report.unit, status: 'submitted', report }, { unit: '临江区青石镇', status: 'none' }]);
  const options: DocxOptions = { signedOn: '2023-01-31', signer: '临江区人民政府办公室', omitEmptyTexts: true };
  const pages = await pdfPages(await convertWithLibreOffice(await renderDocx(summed.report, options), 'docx', 'pdf'));
  const text = flat(pages.join('\n'));
  const [s1, , , s4, s5, s6] = formats['2021'].sections.map((s) => s.title);
  t.deepEqual(orderIn(pages.join('\n'), [
    s1, '2022年度，本汇总范围内共有2个单位填报政府信息公开工作年度报告，已提交1个，计入本汇总1个：云川市临江区清河街道办事处。',
    '未计入汇总的单位（1个）：临江区青石镇（尚未开始填报）。',
    '各单位合计：本年制发件数规章0件、行政规范性文件3件；本年新收政府信息公开申请48件，上年结转3件，',
    s4, '临江区人民政府办公室', '2023年1月31日',
  ]), { kind: 'inOrder', labels: 7 });
  t.false(text.includes(flat(s5)));
  t.false(text.includes(flat(s6)));
  t.true(lastPageLines(pages).length > 2, 'the last page holds only the signature');
});

/** A district's overview: one street office handed in, one town not started. */
function overview(): Overview {
  const report = report2021('jiedao-2022').report;
  const findings = checkReport(report);
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  const units: OverviewUnit[] = [
    {
      name: report.unit, kind: '街道', deadline: '2023-01-20', status: 'submitted', percent: 100, missing: '', daysLate: 0,
      report, findings, errors: count('error'), warnings: count('warning'), figures: keyFiguresOf(report),
    },
    {
      name: '临江区青石镇', kind: '镇', deadline: '2023-01-20', status: 'none', percent: 0, missing: '全部内容', daysLate: 3,
      findings: [], errors: 0, warnings: 0, figures: keyFiguresOf(undefined),
    },
  ];
  return {
    campaign: { id: 1, year: 2022, format: '2021', deadlines: { default: '2023-01-20' } },
    scope: '临江区', today: '2023-01-23', units, handedIn: 1,
    rollUp: rollUp('临江区（汇总）', 2022, '2021', [{ unit: report.unit, status: 'submitted', report }, { unit: '临江区青石镇', status: 'none' }]),
    nearCopies: [],
  };
}

test('LibreOffice prints the overview workbook: every unit, the roll-up\'s total and who is not in it', async (t) => {
  const pages = await pdfPages(await convertWithLibreOffice(await renderOverviewXlsx(overview()), 'xlsx', 'pdf'));
  t.true(pages.length >= 1);
  // Printed one page wide (landscape, fitted to the width): the first page holds the title and
  // the first and the last of the eighteen columns.
  for (const label of ['临江区2022年度政府信息公开工作年度报告填报情况', '单位', '诉讼纠正']) t.true(pages[0].replace(/\s/g, '').includes(label), label);
  // 填报情况 first, 未计入汇总 last.
  const labels = [
    '单位', '云川市临江区清河街道办事处', '临江区青石镇', '合计（汇总）', '未计入汇总的单位（1个）：临江区青石镇（尚未开始填报）。',
    '单位', '原因', '临江区青石镇', '尚未开始填报',
  ];
  t.deepEqual(orderIn(pages.join('\n'), labels), { kind: 'inOrder', labels: labels.length });
});
