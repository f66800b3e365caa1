// A 2021-format report with several applicant columns, filled by chat end to end: the 2022
// report of 清河街道 (test/fixtures/reports-2021/jiedao-2022.txt), without last year's report.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { formats } from '../../src/report/formats.ts';
import { importText } from '../../src/report/import/import-text.ts';
import { lines, say, session, stepOf } from './helpers.ts';

test('a 2021 report with six applicant columns is filled, balanced and submitted', (t) => {
  const imported = importText(readFileSync(new URL('../fixtures/reports-2021/jiedao-2022.txt', import.meta.url), 'utf8'));
  if (imported.kind !== 'imported') throw new Error(imported.reason);
  const fixture = imported.report;
  const s = session({ format: '2021', year: fixture.year, unit: fixture.unit });
  for (const text of ['0 0 0', '3 1 12', '215', '37', '0', '1.25', '2 1 0 0 0 0', '38 6 0 0 3 1', '3 0 0 0 1 0']) say(s, text);
  t.is(stepOf(s), 'requests.outcomes');
  const partial = lines(say(s, '予以公开(17 3 0 0 1 1) 部分公开 自然人3 企业1 第三方 自然人2 企业1 过程性 自然人1'));
  t.is(partial[2], '还差：自然人14件、商业企业2件、法律服务机构1件');
  const done = lines(say(s, '不掌握(6 1 0 0 1 0) 补正后仍不明确1 信访2 重复申请1 逾期不补正2 未缴费 自然人1 企业1 其他处理1'));
  t.is(done[2], '各列均已平衡，办理结果填写完毕。');
  for (const text of ['1 0 0 1', '维持1', '无']) say(s, text);
  for (const key of ['overview', 'problems', 'other'] as const) {
    say(s, fixture.texts[key]!);
    say(s, '完成');
  }
  say(s, '提交');
  say(s, '确认提交');
  t.is(s.draft.status, 'submitted');
  const actual = Object.fromEntries(formats['2021'].cells.map((c) => [c.id, s.draft.report.values[c.id] ?? 0]));
  const expected = Object.fromEntries(formats['2021'].cells.map((c) => [c.id, fixture.values[c.id] ?? 0]));
  t.deepEqual(actual, expected);
});
