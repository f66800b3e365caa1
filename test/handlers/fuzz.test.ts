// 10,000 random messages (random Unicode, numbers, commands, partial rows, texts) at random
// points of the flow, from a seeded PRNG: handleTurn never throws, every reply is non-empty
// Chinese of at most 2048 bytes, a refused message leaves the draft exactly as it was, and the
// totals the bot computes always agree with their parts (R2, R3, R6) and every value has its kind (R4, R7).
import test from 'ava';
import { isDeepStrictEqual } from 'node:util';
import { handleTurn } from '../../handlers/index.ts';
import type { ConversationState, Draft } from '../../handlers/turn.ts';
import { formats } from '../../src/report/formats.ts';
import { checkTables } from '../../src/report/rules/table-rules.ts';
import type { Report } from '../../src/report/report.ts';
import { previousWith } from './helpers.ts';
import { runs } from '../support/runs.ts';
import { mulberry32 } from '../support/synthetic.ts';



const COMMANDS = [
  '帮助', '进度', '预览', '提交', '确认提交', '上一步', '下一步', '撤销', '是', '完成', '无', '没有', '0', '？', '什么意思', '这一项是什么意思',
  '跳到第二部分', '跳到第三部分', '跳到第四部分', '跳到总体情况', '跳到第六部分', '跳到行政处罚', '跳到预览', '第二部分都是0', '全部为0', '其余都是0',
  '本年没有收到申请', '没有申请', '没有复议诉讼', '万元', '元', '处理决定数量', '自然人', '规章是什么意思', '你好', '好的', '第3项',
];
const ROWS = [
  '5 0 57', '9 0 0 0 4 0', '9，0，0，0，4，0', '1 0 0 0', '0 0', '7 1452.74', '36 288.79万元', '210 21997万元', '12.5', '２３', '二十三', '23件',
  '1,234', '+451', '-8', '1054900元', '自然人9 法律服务机构4', '律所4', '维持1', '处理决定57', '1 2', '1 2 3 4 5', '3 -5 2', '-3 0 0 0', '99999999999',
  '予以公开9 部分公开1 不掌握8 其他处理2', '予以公开 自然人7 律所2', '不予公开3', '信访3 投诉2', '予以公开(9 0 0 0 4 0)', '逾期不补正1 未缴费1 其他1',
  '改 三（一）自然人 10', '把行政处罚改成3', '行政许可处理决定数量改为57', '改 总计 5', '改 自然人 3', '行政许可 5 0 57 行政处罚 13 0 82', '政府集中采购 9 1400000元',
  '收费金额改为12.5', '改 上年结转 2', '结转下年度 自然人5', '约100', '若干', '大概20件', '3到5', '50%', '1e5', '一百五',
];
const JUNK = [
  '', '   ', '\n\n', '😀', '😀😀👍', '<script>alert(1)</script>', "'; DROP TABLE reports;--", 'SELECT * FROM users', '<b>5</b>', 'null', 'undefined',
  '{"a":1}', '\u0000\u0001', '\uD800', '\u202E123', 'ﾃｽﾄ', '...', '。。。', '？？', 'NaN', 'Infinity', '-0', '0x1F',
];
const TEXTS = [
  '本年度，我镇坚持以公开为常态、不公开为例外，认真贯彻落实条例。', '新收到政府信息公开申请共计23件，共办结22件。',
  '存在的主要问题：信息公开及时性有待提高。下一步将加强培训。', '无其他需要报告的事项', '无。', '其他需要报告的事项：无',
];

function randomUnicode(rand: () => number, length: number): string {
  const ranges: [number, number][] = [[0x20, 0x7e], [0x4e00, 0x9fff], [0x3000, 0x303f], [0xff00, 0xffef], [0x1f300, 0x1f6ff], [0x0, 0x1f], [0x80, 0x2fff], [0xd800, 0xdfff]];
  let out = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = ranges[Math.floor(rand() * ranges.length)];
    out += String.fromCodePoint(lo + Math.floor(rand() * (hi - lo + 1)));
  }
  return out;
}

function message(rand: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const r = rand();
  if (r < 0.25) return pick(COMMANDS);
  if (r < 0.55) return pick(ROWS);
  if (r < 0.65) return pick(JUNK);
  if (r < 0.72) return pick(TEXTS);
  if (r < 0.8) return Array.from({ length: 1 + Math.floor(rand() * 7) }, () => String(Math.floor(rand() * 30) - (rand() < 0.1 ? 10 : 0))).join(pick([' ', ',', '、', '，']));
  if (r < 0.82) return 'x'.repeat(10_000);
  if (r < 0.84) return randomUnicode(rand, 6000);
  return randomUnicode(rand, 1 + Math.floor(rand() * 30));
}

function filled(format: '2019' | '2021'): Report['values'] {
  const values: Report['values'] = {};
  for (const cell of formats[format].cells) values[cell.id] = 0;
  return values;
}

function startingDraft(rand: () => number): { draft: Draft; previous?: Report } {
  const format = rand() < 0.7 ? '2019' : '2021';
  const year = format === '2019' ? 2020 : 2022;
  const kind = Math.floor(rand() * 6);
  const texts = { overview: '本年度，我镇认真贯彻落实政府信息公开条例，主动公开各类信息。', problems: '存在的问题是解读形式单一，下一步将丰富形式。', other: '无' };
  const report: Report = { format, year, unit: '杨舍镇', values: {}, texts: {} };
  let status: Draft['status'] = 'draft';
  let reopened: string[] | undefined;
  if (kind === 1) report.values = Object.fromEntries(Object.entries(filled(format)).filter(() => rand() < 0.5));
  if (kind >= 2) [report.values, report.texts] = [filled(format), texts];
  if (kind === 3) status = 'submitted';
  if (kind === 4) [status, reopened] = ['returned', ['requests.received.natural', 'texts.problems']];
  if (kind === 5) status = 'approved';
  const odd = { format: '2019', year: year - 1, unit: '杨舍镇' } as unknown as Report; // no values: must be ignored, not crash
  const r = rand();
  const previous = r < 0.55 ? previousWith({ natural: Math.floor(rand() * 3) }, { year: year - 1, texts: { overview: texts.overview } }) : r < 0.6 ? odd : undefined;
  return { draft: { report, status, ...(reopened ? { reopened } : {}) }, previous };
}

const cjk = /\p{Script=Han}/u;

const count = runs(10_000);

test(`${count.toLocaleString('en')} random messages at random points: no exception, short Chinese replies, refusals change nothing, totals always agree`, (t) => {
  const rand = mulberry32(20210131);
  const problems: string[] = [];
  let start = startingDraft(rand);
  let draft = start.draft;
  let state: ConversationState | undefined;
  const tags: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    if (i % 60 === 0) {
      start = startingDraft(rand);
      draft = start.draft;
      state = rand() < 0.2 ? ({ version: 1, flow: rand() < 0.5 ? { step: 'nowhere' } : 'garbage' } as unknown as ConversationState) : undefined;
    }
    const text = message(rand);
    const before = structuredClone(draft);
    let result;
    try {
      result = handleTurn(text, state, { unitName: '杨舍镇', draft, previous: start.previous, now: new Date(0) });
    } catch (error) {
      problems.push(`#${i} threw on ${JSON.stringify(text.slice(0, 40))}: ${String(error)}`);
      continue;
    }
    const tag = (result.state.flow as { last: string }).last;
    tags[tag] = (tags[tag] ?? 0) + 1;
    if (tag === 'failed') problems.push(`#${i} failed inside on ${JSON.stringify(text.slice(0, 40))}`);
    if (!result.replies.length) problems.push(`#${i} no reply`);
    for (const reply of result.replies) {
      if (!reply || !cjk.test(reply)) problems.push(`#${i} reply not Chinese: ${JSON.stringify(reply.slice(0, 60))}`);
      if (Buffer.byteLength(reply, 'utf8') > 2048) problems.push(`#${i} reply of ${Buffer.byteLength(reply, 'utf8')} bytes`);
    }
    const broken = checkTables(result.draft.report).filter((f) => ['R2', 'R3', 'R4', 'R6', 'R7'].includes(f.rule));
    if (broken.length) problems.push(`#${i} ${broken[0].rule} after ${JSON.stringify(text.slice(0, 40))}: ${broken[0].message}`);
    const readOnly = before.status === 'submitted' || before.status === 'approved';
    if ((tag === 'rejected' || readOnly) && !isDeepStrictEqual(result.draft, before)) {
      problems.push(`#${i} ${tag} but the draft changed on ${JSON.stringify(text.slice(0, 40))}`);
    }
    draft = result.draft;
    state = result.state;
  }
  t.log(`outcomes: ${JSON.stringify(tags)}`);
  t.deepEqual(problems.slice(0, 10), []);
});
