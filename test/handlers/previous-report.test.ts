// Last year's report sent as a file, at the handler: what is read back, what is refused, and the
// action 「是」 hands the engine. The engine's download and store are tested over WeCom
// (test/channels/wecom-previous-report.test.ts).
import test from 'ava';
import { handleTurn } from '../../handlers/index.ts';
import type { FileRead, TurnResult } from '../../handlers/turn.ts';
import type { Report } from '../../src/report/report.ts';
import { previousWith, session, zeros, type Session } from './helpers.ts';

const ctx = (s: Session, previousFiled = false) => ({ unitName: s.draft.report.unit, draft: s.draft, previous: s.previous, now: new Date(Date.UTC(2021, 0, 10)), previousFiled });

function send(s: Session, read: FileRead, previousFiled = false): TurnResult {
  const result = handleTurn({ kind: 'file', fileName: '年报.docx', read }, s.state, ctx(s, previousFiled));
  s.draft = result.draft;
  s.state = result.state;
  return result;
}

const imported = (report: Report, coverage: Partial<{ filled: number; gaps: string[]; unplacedLabels: string[] }> = {}): FileRead =>
  ({ kind: 'imported', source: 'docx', report, coverage: { filled: 198, cells: 198, gaps: [], unplacedLabels: [], ...coverage } });

test('a report read from a file is said back with the labels it could not place, and 是 hands the engine the report to store', (t) => {
  const s = session({ values: zeros('2019', ['二']) });
  const last = { ...previousWith({ natural: 3, legalService: 1 }, { year: 2019 }), unit: '杨舍镇人民政府' };
  const read = send(s, imported(last, { filled: 196, unplacedLabels: ['其他对外管理服务事项'] }));
  t.deepEqual(read.replies, [[
    '已读取「年报.docx」（Word 文件）：',
    '杨舍镇人民政府2019年度政府信息公开工作年度报告，国办公开办函〔2019〕60号格式；',
    '表格共198个单元格，196个有数字；',
    '结转下年度：自然人3、法律服务机构1（共4件）。',
    '未能归入表格的行：「其他对外管理服务事项」（这些数字未导入）。',
    '这是贵单位2019年度的报告，作为上年报告保存吗？回复“是”保存',
  ].join('\n')]);
  t.is(read.actions, undefined);
  const yes = handleTurn('是', s.state, ctx(s));
  t.deepEqual(yes.actions, [{ kind: 'previousReport', report: { ...last, unit: '杨舍镇' } }]);
  t.true(yes.replies[0].includes('已保存为贵单位2019年度（上年）的报告。\n根据上年报告，上年结转为：自然人3、法律服务机构1（共4件）。'), yes.replies[0]);
  t.deepEqual(yes.draft, s.draft, 'the draft itself is not changed');
});

test('a refused file, a year filed in nianbao and a submitted draft store nothing', (t) => {
  const s = session();
  t.deepEqual(send(s, { kind: 'refused', reason: '图片中的文字无法读取。' }).replies, ['未能读取「年报.docx」：图片中的文字无法读取。未保存。']);
  const filed = send(s, imported(previousWith({ natural: 1 }, { year: 2019 })), true);
  t.true(filed.replies[0].endsWith('贵单位2019年度的报告已在系统中填报，以系统中的为准，未保存。'));
  t.is(handleTurn('是', s.state, ctx(s)).actions, undefined);
  const submitted = session({ status: 'submitted' });
  t.deepEqual(send(submitted, imported(previousWith({ natural: 1 }, { year: 2019 }))).replies, ['本年度报告已提交或已通过，不再导入上年报告，未保存。如需更正上年报告，请联系上级政务公开办。']);
});

test('a report whose title names no unit is refused with what to send', (t) => {
  const s = session();
  const reply = send(s, imported({ ...previousWith({ natural: 1 }, { year: 2019 }), unit: '' })).replies[0];
  t.true(reply.endsWith('未能从文件中读出单位名称（标题中没有单位），未保存。请发送标题中写有单位名称的报告。'), reply);
});
