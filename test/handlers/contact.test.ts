import test from 'ava';
import { handleTurn, initialState } from '../../handlers/index.ts';
import type { Draft, TurnContext } from '../../handlers/turn.ts';
import type { Contact } from '../../src/report/opening.ts';

const OPENING = '本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求，由杨舍镇编制。'
  + '全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。'
  + '本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。';
const HOW = '请回复“联系方式：县政府办公室；地址：城关镇人民路1号；电话：0571-12345678”（办公室名称必填，地址和电话可以只写一项）。';

function draftOf(status: Draft['status'] = 'draft', texts: Draft['report']['texts'] = {}, reopened?: string[]): Draft {
  return { report: { format: '2021', year: 2025, unit: '杨舍镇', values: {}, texts }, status, ...(reopened && { reopened }) };
}

/** One message to a conversation on `draft`, with the unit's contact if it set one. */
function turn(text: string, draft: Draft = draftOf(), contact?: Contact) {
  const ctx: TurnContext = { unitName: '杨舍镇', draft, now: new Date('2026-01-10T02:00:00Z'), ...(contact && { contact }) };
  return handleTurn(text, initialState(ctx), ctx);
}

const office: Contact = { office: '杨舍镇党政办', address: '杨舍镇人民路8号', phone: '0512-58681234' };

test('联系方式 with the office, address and telephone sets them all, as an action for the engine', (t) => {
  const result = turn('联系方式：杨舍镇党政办；地址：杨舍镇人民路8号；电话：0512-58681234');
  t.deepEqual(result.actions, [{ kind: 'contact', contact: office }]);
  t.deepEqual(result.replies, ['已保存联系方式，报告开头将写：“如对本报告有疑问，请与杨舍镇党政办联系（地址：杨舍镇人民路8号；电话：0512-58681234）。”回复“生成报告”可得到 Word 文件。']);
  t.deepEqual(result.draft, draftOf());
});

test('a telephone without its label is read as the telephone; 修改联系方式为 sets it too', (t) => {
  t.deepEqual(turn('联系方式：党政办，0512-58681234').actions, [{ kind: 'contact', contact: { office: '党政办', phone: '0512-58681234' } }]);
  t.deepEqual(turn('修改联系方式为杨舍镇政务公开办').actions, [{ kind: 'contact', contact: { office: '杨舍镇政务公开办' } }]);
});

test('a contact that cannot be read is refused with what is wrong and how to write it, nothing stored', (t) => {
  const noOffice = turn('联系方式：电话：0512-58681234');
  t.is(noOffice.actions, undefined);
  t.deepEqual(noOffice.replies, [`没有读到办公室名称（读者联系的科室或单位）。${HOW}`]);
  t.deepEqual(turn('联系方式：党政办；电话：问一下办公室').replies, [`电话“问一下办公室”不是电话号码，请只写数字和“-”，如 0571-12345678。${HOW}`]);
  t.deepEqual(turn('联系方式：党政办；人民路8号').replies, [`未能确定“人民路8号”是地址还是电话，请在前面写明“地址：”或“电话：”。${HOW}`]);
  t.deepEqual(turn(`联系方式：${'党政办'.repeat(40)}`).replies, [`办公室名称过长（不超过100字）。${HOW}`]);
});

test('联系方式 alone shows the contact, or says it is not set and how to set it', (t) => {
  t.deepEqual(turn('联系方式').replies, [`报告开头的联系方式尚未设置。${HOW}`]);
  t.deepEqual(turn('查看联系方式', draftOf(), office).replies, [`报告开头写的是：“如对本报告有疑问，请与杨舍镇党政办联系（地址：杨舍镇人民路8号；电话：0512-58681234）。”如需修改，${HOW}`]);
});

test('a sentence of the overview that begins with 联系方式 stays text', (t) => {
  const result = turn('联系方式已在镇政府网站公开，方便群众咨询。');
  t.is(result.actions, undefined);
});

test('开头 shows the generated opening paragraph with the contact; 修改开头 replaces it, 恢复默认开头 brings it back', (t) => {
  t.deepEqual(turn('开头', draftOf(), office).replies, [
    `报告开头一段（系统生成）：\n${OPENING}如对本报告有疑问，请与杨舍镇党政办联系（地址：杨舍镇人民路8号；电话：0512-58681234）。\n如需改用您自己的写法，请回复“修改开头：”加全文。`,
  ]);
  const own = '本报告由杨舍镇人民政府编制，数据统计期限为2025年全年。';
  const replaced = turn(`修改开头：${own}`);
  t.is(replaced.draft.report.texts.preface, own);
  t.deepEqual(turn('开头', replaced.draft).replies, [`报告开头一段（您写的）：\n${own}\n如需改回系统生成的开头，请回复“恢复默认开头”。`]);
  const reset = turn('恢复默认开头', replaced.draft);
  t.deepEqual(reset.draft.report.texts, {});
  t.deepEqual(reset.replies, [`已恢复系统生成的开头：\n${OPENING}`]);
  t.deepEqual(turn('恢复默认开头').replies, ['报告开头已是系统生成的一段，无需恢复。']);
});

test('the opening of a submitted report, or of a returned one where it was not reopened, is not changed; the contact still is', (t) => {
  const submitted = turn('修改开头：新的开头。', draftOf('submitted'));
  t.deepEqual(submitted.replies, ['报告已提交，不能再修改；如需修改，请联系审核人退回。']);
  t.deepEqual(submitted.draft, draftOf('submitted'));
  t.deepEqual(turn('修改开头：新的开头。', draftOf('returned', {}, ['requests.received.natural'])).replies, ['报告已退回修改，只能修改审核人指出的项目，开头一段不在其中。']);
  t.is(turn('修改开头：新的开头。', draftOf('returned', {}, ['texts.preface'])).draft.report.texts.preface, '新的开头。');
  t.deepEqual(turn('联系方式：党政办', draftOf('submitted')).actions, [{ kind: 'contact', contact: { office: '党政办' } }]);
});

test('生成报告 asks for the contact while the unit has none, and not once it has one', (t) => {
  t.deepEqual(turn('生成报告').replies, [`好的，正在按官方版式生成 Word 文件，稍后发送给您。报告尚未提交，文件中是目前已填写的内容，未填的数字印为0。\n报告开头一段需要写明联系方式（如对本报告有疑问，请与…联系），目前尚未设置，文件中暂不写这一句。${HOW}`]);
  t.deepEqual(turn('生成报告', draftOf('submitted'), office).replies, ['好的，正在按官方版式生成 Word 文件，稍后发送给您。']);
});

test('落款日期 dates the file on a day of the unit\'s choosing in the year after the report\'s; 提交日 undoes it; a bad date is named', (t) => {
  const set = turn('落款日期 2026年1月20日');
  t.is(set.draft.report.texts.signature, '杨舍镇\n2026年1月20日');
  t.deepEqual(set.replies, ['好的，Word 文件的落款将是：杨舍镇 2026年1月20日。回复“落款日期 提交日”可改回提交的日期。']);
  t.is(turn('落款日期：2026-02-03').draft.report.texts.signature, '杨舍镇\n2026年2月3日');
  const reset = turn('落款日期 提交日', set.draft);
  t.deepEqual(reset.draft.report.texts, {});
  const how = '请回复“落款日期 2026年1月20日”；回复“落款日期 提交日”则使用提交的日期。';
  t.deepEqual(turn('落款日期 下周一').replies, [`未能识别日期“下周一”。${how}`]);
  t.deepEqual(turn('落款日期 2026年2月30日').replies, [`没有2026年2月30日这一天。${how}`]);
  t.deepEqual(turn('落款日期 2025年12月31日').replies, [`2025年度的报告应在2026年落款，“2025年12月31日”不在2026年。${how}`]);
  t.deepEqual(turn('落款日期 2026年1月20日', draftOf('submitted')).replies, ['报告已提交，不能再修改；如需修改，请联系审核人退回。']);
});
