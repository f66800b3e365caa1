import test from 'ava';
import { plainText, readOutboxMessage } from '../../src/bot/outbox-payloads.ts';

test('a stored row reads back as its kind and payload, unknown fields left behind', (t) => {
  t.deepEqual(readOutboxMessage('text', '{"text":"您好"}'), { kind: 'read', message: { kind: 'text', payload: { text: '您好' } } });
  t.deepEqual(readOutboxMessage('report-file', '{"reportId":7,"signedOn":"2026-01-19","old":1}'), { kind: 'read', message: { kind: 'report-file', payload: { reportId: 7, signedOn: '2026-01-19' } } });
  t.deepEqual(readOutboxMessage('card', '{"taskId":"t1","title":"请选择","description":"","buttons":[{"key":"是","text":"是"}]}'),
    { kind: 'read', message: { kind: 'card', payload: { taskId: 't1', title: '请选择', description: '', buttons: [{ key: '是', text: '是' }] } } });
});

test('a row that is not what its kind carries says why, naming fields and never their values', (t) => {
  t.deepEqual(readOutboxMessage('file', '{"name":"a.docx","base64":"QQ=="}'), { kind: 'invalid', reason: 'the file payload does not match its schema (payload.contentType: Required)' });
  t.deepEqual(readOutboxMessage('overview-file', '{"campaignId":"3","rootId":1.5}'),
    { kind: 'invalid', reason: 'the overview-file payload does not match its schema (payload.campaignId: Expected number, received string; payload.rootId: Expected integer, received float)' });
  t.deepEqual(readOutboxMessage('fax', '{"text":"秘密"}'),
    { kind: 'invalid', reason: "the fax payload does not match its schema (kind: Invalid discriminator value. Expected 'text' | 'markdown' | 'card' | 'card-update' | 'file' | 'report-file' | 'overview-file' | 'rollup-file')" });
  t.deepEqual(readOutboxMessage('text', 'not json'), { kind: 'invalid', reason: 'the text payload is not JSON' });
});

test('only a payload of a text alone is a text that can be merged', (t) => {
  t.is(plainText('{"text":"回复1"}'), '回复1');
  t.is(plainText('{"text":"回复1","note":"x"}'), undefined);
  t.is(plainText('{"markdown":"回复1"}'), undefined);
  t.is(plainText('{"text":'), undefined);
});
