import test from 'ava';
import { say, session, stepOf, value } from './helpers.ts';

test('an official naming another unit in a command is refused and nothing changes', (t) => {
  const s = session({ unit: '杨舍镇', format: '2021', year: 2025 });
  say(s, '开始');
  const reply = say(s, '改 塘桥镇 规章 9 9 9');
  t.regex(reply, /您的账号只能查看和填报杨舍镇的报告，不能查看或修改「塘桥镇」的报告/);
  t.is(value(s, 'active.rules.issued'), undefined);
  t.regex(say(s, '查看 县财政局'), /不能查看或修改「县财政局」/);
});

test("naming one's own unit, or 本镇, is not refused", (t) => {
  const s = session({ unit: '杨舍镇', format: '2021', year: 2025 });
  say(s, '开始');
  t.notRegex(say(s, '杨舍镇 0 0 0'), /只能查看和填报/);
  t.notRegex(say(s, '改 本镇 规章 1 0 1'), /只能查看和填报/);
});

test('the supervisors\' commands are refused to an official, as whole words only', (t) => {
  const s = session({ unit: '杨舍镇', format: '2021', year: 2025 });
  say(s, '开始');
  for (const command of ['催办 全部未交', '退回 塘桥镇 数据有误', '通过', '导出', '未交', '汇总']) {
    t.regex(say(s, command), /是审核人使用的指令，您的账号是杨舍镇的填报人，无法使用/, command);
  }
});

test('a text naming other bodies is kept as text', (t) => {
  const s = session({ unit: '杨舍镇', format: '2021', year: 2025, values: {} });
  say(s, '跳到第一部分');
  t.is(stepOf(s), 'texts.overview');
  const reply = say(s, '本年度，县政府办公室');
  t.notRegex(reply, /只能查看和填报/);
  t.notRegex(say(s, '通过政府网站公开信息'), /审核人使用的指令/);
});
