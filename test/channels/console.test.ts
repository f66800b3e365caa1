import test from 'ava';
import { PassThrough, Readable } from 'node:stream';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { runConsole } from '../../src/channels/console.ts';
import { databases } from '../support/databases.ts';

test('piped lines are sent one message each, every reply printed and separated', async (t) => {
  const db = await databases[0].open(t);
  await setUpDemo(db, { supervisingUnit: '某县政务公开办', year: 2025, format: '2021', units: [{ name: '某县统计局', officialId: 'o1' }] });
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const sent = await runConsole({
    engine: createEngine(db), userId: 'o1', output, interactive: false,
    input: Readable.from(['开始\n', '\n', '0 0 0\n', '第一段\\n第二段\n']),
  });
  t.is(sent, 3, 'the empty line is not a message');
  const replies = printed.split('────\n');
  t.is(replies.length, 4);
  t.regex(replies[1], /已记录：规章 0 \/ 0 \/ 0/);
  t.regex(replies[2], /行政规范性文件/, 'a literal \\n joins two lines into one message, answered once');
});
