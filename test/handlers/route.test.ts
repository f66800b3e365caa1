import test from 'ava';
import { handleTurn, initialState } from '../../handlers/index.ts';
import { converse, routeMessage, type Incoming, type Sender } from '../../handlers/route.ts';
import type { Draft, TurnContext } from '../../handlers/turn.ts';

const filer: Sender = { kind: 'member', role: 'filer', unitName: '杨舍镇', campaign: true, filingOwn: false };
const supervisor: Sender = { kind: 'member', role: 'supervisor', unitName: '某县人民政府', campaign: true, filingOwn: false };
const text = (t: string): Incoming => ({ kind: 'text', text: t });

test('a stranger and a disabled account are told so, and opening the chat says nothing', (t) => {
  t.deepEqual(routeMessage({ kind: 'unknown' }, text('你好'), true), { kind: 'reply', replies: ['您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。'] });
  t.deepEqual(routeMessage({ kind: 'disabled' }, text('你好'), true), { kind: 'reply', replies: ['您好，您的账号已被管理员停用，暂时不能填报或审核年度报告。如需恢复，请联系本单位或上级政务公开管理员。'] });
  t.deepEqual(routeMessage({ kind: 'unknown' }, { kind: 'opened' }, true), { kind: 'reply', replies: [] });
  t.deepEqual(routeMessage({ kind: 'disabled' }, { kind: 'opened' }, true), { kind: 'reply', replies: [] });
});

test('a filer without an open campaign is told whether the filing ended or none is asked for', (t) => {
  t.deepEqual(routeMessage({ ...filer, campaign: false, closedYear: 2025 }, text('进度'), true), { kind: 'reply', replies: ['您好，2025年度政府信息公开工作年度报告的填报已结束，系统不再接收报告，您单位已保存的内容不会丢失。如需修改或补报，请联系上级政务公开办。'] });
  t.deepEqual(routeMessage({ ...filer, campaign: false }, { kind: 'unsupported' }, true), { kind: 'reply', replies: ['您好，目前没有需要您单位填报的政府信息公开工作年度报告。如有疑问，请联系上级政务公开办。'] });
  t.deepEqual(routeMessage({ ...filer, campaign: false }, { kind: 'opened' }, true), { kind: 'reply', replies: [] });
});

test('a filer files: a file is read first when the engine can read one', (t) => {
  t.deepEqual(routeMessage(filer, text('填报'), true), { kind: 'converse', entering: false });
  t.deepEqual(routeMessage(filer, { kind: 'opened' }, true), { kind: 'converse', entering: false });
  t.deepEqual(routeMessage(filer, { kind: 'file', fileName: '年报.docx' }, true), { kind: 'readFile' });
  t.deepEqual(routeMessage(filer, { kind: 'file', fileName: '年报.docx' }, false), { kind: 'converse', entering: false });
});

test('a supervisor reviews; files and images are refused; opening the chat says nothing', (t) => {
  t.deepEqual(routeMessage(supervisor, text('进度'), true), { kind: 'supervise', text: '进度' });
  t.deepEqual(routeMessage(supervisor, { kind: 'button', key: '催办' }, true), { kind: 'supervise', text: '催办' });
  t.deepEqual(routeMessage(supervisor, { kind: 'file', fileName: '年报.docx' }, true), { kind: 'reply', replies: ['审核人员发来的文件不会导入。各单位的上年报告由填报人在对话中发送文件导入，或由管理员用 nianbao import 批量导入。'] });
  t.deepEqual(routeMessage(supervisor, { kind: 'unsupported' }, true), { kind: 'reply', replies: ['抱歉，目前只能识别文字消息，请直接发送文字回复。如需帮助，请回复“帮助”。'] });
  t.deepEqual(routeMessage(supervisor, { kind: 'opened' }, true), { kind: 'reply', replies: [] });
});

test('填报本单位 turns a supervisor to their own report, or says there is none; 返回审核 turns back', (t) => {
  t.deepEqual(routeMessage(supervisor, text('填报本单位'), true), { kind: 'converse', entering: true });
  t.deepEqual(routeMessage({ ...supervisor, campaign: false }, text('填报本单位'), true), { kind: 'reply', replies: ['您好，某县人民政府目前没有需要填报的年度报告。回复“帮助”查看审核指令。'] });
  const filingOwn: Sender = { ...supervisor, filingOwn: true };
  t.deepEqual(routeMessage(filingOwn, text('返回审核'), true), { kind: 'backToReview', replies: ['已返回审核。回复“进度”查看各单位填报情况，回复“帮助”查看审核指令。'] });
  t.deepEqual(routeMessage(filingOwn, text('进度'), true), { kind: 'converse', entering: false });
  t.deepEqual(routeMessage(filingOwn, { kind: 'file', fileName: '年报.docx' }, true), { kind: 'readFile' });
});

const draft: Draft = { report: { format: '2021', year: 2025, unit: '杨舍镇', values: {}, texts: {} }, status: 'draft' };
const now = new Date('2026-01-10T02:00:00Z');
const ctx: TurnContext = { unitName: '杨舍镇', draft, now };
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

test('opening the chat within 12 hours of the last turn changes nothing; after a pause it welcomes back', (t) => {
  const state = initialState(ctx);
  t.deepEqual(converse({ kind: 'opened' }, { state, ctx, lastTurnAt: hoursAgo(11), entering: false }), { kind: 'unchanged', replies: [] });
  const resumed = converse({ kind: 'opened' }, { state, ctx, lastTurnAt: hoursAgo(13), entering: false });
  t.deepEqual(resumed, handleTurn({ kind: 'opened' }, state, ctx));
  t.true(resumed.replies.join('\n').includes('您好！现在开始填报杨舍镇2025年度政府信息公开工作年度报告'));
  t.deepEqual(converse({ kind: 'opened' }, { state: undefined, ctx, lastTurnAt: hoursAgo(1), entering: false }), handleTurn({ kind: 'opened' }, undefined, ctx));
});

test('an image is answered without a change; a file not read is refused by the conversation', (t) => {
  t.deepEqual(converse({ kind: 'unsupported' }, { state: undefined, ctx, lastTurnAt: now, entering: false }), { kind: 'unchanged', replies: ['抱歉，目前只能识别文字消息，请直接发送文字回复。如需帮助，请回复“帮助”。'] });
  t.deepEqual(converse({ kind: 'file', fileName: '年报.docx' }, { state: undefined, ctx, lastTurnAt: now, entering: false }),
    handleTurn({ kind: 'file', fileName: '年报.docx', read: { kind: 'refused', reason: '文件未能读取，请重新发送。' } }, undefined, ctx));
});

test('after 填报本单位 the supervisor is told which report they now file, before the conversation', (t) => {
  const result = converse(text('填报本单位'), { state: undefined, ctx, lastTurnAt: now, entering: true });
  const entered = handleTurn({ kind: 'entered' }, undefined, ctx);
  t.deepEqual(result, { ...entered, replies: ['现在填报杨舍镇的年度报告（回复“返回审核”可回到审核）。', ...entered.replies] });
});

test('an @-mention in a group is answered in the group, whoever sent it: a stranger, an official, a supervisor filing their own unit', (t) => {
  const mention: Incoming = { kind: 'group', chatId: 'wrOgA', text: '进度' };
  for (const sender of [{ kind: 'unknown' } as const, { kind: 'disabled' } as const, filer, supervisor, { ...supervisor, filingOwn: true }]) {
    t.deepEqual(routeMessage(sender, mention, true), { kind: 'group', chatId: 'wrOgA', text: '进度' });
  }
});
