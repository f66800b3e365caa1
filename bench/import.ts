// Importing published reports (issue 15):
//   (a) import + check of a 300 KB saved page: the real 平潭 article (shared/real-reports) inside a
//       site's chrome — menus, a breadcrumb, scripts, styles and footer links, as its 110 KB
//       original had, padded to 300 KB — 20 warm-up runs, then 200 timed; mean (target < 50 ms), p99;
//   (b) nianbao import DIR --check OUT.xlsx over a folder of 200 reports (the 24 built reports of
//       the corpus, each copied under other names: HTML, GBK, browser and converter text), in
//       process, with the workbook written: total (target < 20 s).
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { importBatch } from '../src/cli/import-batch.ts';
import { checkReport } from '../src/report/check.ts';
import { importHtml } from '../src/report/import/import-text.ts';
import type { Row } from './index.ts';

const real = new URL('../../shared/real-reports/full/fj-pingtan-2023/source.html', import.meta.url);
const built = new URL('../test/fixtures/built-reports/', import.meta.url);

/** The article in a site's page of about `size` bytes. */
function sitePage(size: number): Buffer {
  const article = readFileSync(real, 'utf8');
  const menu = (n: number) => `<ul class="menu">${Array.from({ length: n }, (_, i) => `<li><a href="/zwgk/col${i}/index.html" title="栏目${i}">政务公开栏目${i}</a><ul>${Array.from({ length: 6 }, (_, k) => `<li><a href="/zwgk/col${i}/sub${k}/">子栏目${i}-${k}</a></li>`).join('')}</ul></li>`).join('')}</ul>`;
  const script = `<script type="text/javascript">${'var _hmt = _hmt || []; (function(){ var hm = document.createElement("script"); hm.src = "https://hm.example.com/hm.js?0123456789abcdef"; })();\n'.repeat(40)}</script>`;
  const style = `<style>${'.article_content p { text-indent: 2em; line-height: 1.8; font-family: 仿宋; } .menu li a:hover { color: #c00; }\n'.repeat(60)}</style>`;
  let chrome = `${style}${script}<div class="header">${menu(30)}</div>`;
  let footer = '';
  while (Buffer.byteLength(article) + Buffer.byteLength(chrome) + Buffer.byteLength(footer) < size) {
    footer += `<div class="links">${Array.from({ length: 40 }, (_, i) => `<a href="https://www.gov.example/site${i}/" target="_blank">友情链接网站${i}</a>`).join(' | ')}</div>`;
  }
  chrome = article.replace('<body>', `<body>${chrome}`).replace('</body>', `${footer}</body>`);
  return Buffer.from(chrome);
}

let sink = 0;

export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  const page = sitePage(300 * 1024);
  const once = () => {
    const result = importHtml(page);
    if (result.kind !== 'imported') throw new Error(result.reason);
    sink += checkReport(result.report, { printed: true }).length + result.coverage.filled;
  };
  for (let i = 0; i < 20; i++) once();
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    once();
    times.push(performance.now() - start);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  times.sort((a, b) => a - b);
  rows.push({ name: `import+check of a ${Math.round(page.byteLength / 1024)} KB saved page, mean`, value: mean, unit: 'ms', target: '< 50 ms', ok: mean < 50 });
  rows.push({ name: `import+check of a ${Math.round(page.byteLength / 1024)} KB saved page, p99`, value: times[Math.ceil(times.length * 0.99) - 1], unit: 'ms' });

  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-import-'));
  try {
    const sources = readdirSync(built).filter((d) => /^\d\d-/.test(d)).map((d) => {
      const file = readdirSync(new URL(`${d}/`, built)).find((f) => f !== 'gold.json')!;
      return { path: new URL(`${d}/${file}`, built), ext: extname(file) };
    });
    for (let i = 0; i < 200; i++) copyFileSync(sources[i % sources.length].path, join(dir, `report-${String(i).padStart(3, '0')}${sources[i % sources.length].ext}`));
    const lines: string[] = [];
    const out = { print: (s: string) => lines.push(s), warn: (s: string) => lines.push(s), fail: (s: string) => (lines.push(s), 2) };
    const start = performance.now();
    const code = await importBatch([dir], { force: false, check: join(dir, 'check.xlsx') }, undefined, out);
    const total = performance.now() - start;
    if (code !== 0) throw new Error(lines.slice(-5).join('\n'));
    rows.push({ name: 'import DIR --check over 200 reports (workbook written)', value: total / 1000, unit: 's', target: '< 20 s', ok: total < 20_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  rows.push({ name: 'results (against dead-code elimination)', value: sink > 0 ? 1 : 0, unit: '' });
  return rows.slice(0, -1);
}
