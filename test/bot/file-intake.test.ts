// A file message is read before its turn and outside it: on MariaDB the reader takes the member's
// conversation row lock itself, which a turn holds until it commits (a reader inside a turn would
// wait for its own turn and fail); what it read is journaled in the message's place; and a reader
// that throws leaves a refusal the turn can say, never a lost message.
import type { ExecutionContext } from 'ava';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import type { FileReader } from '../../src/bot/file-intake.ts';
import { createEngine, type Engine } from '../../src/bot/engine.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';

const at = new Date('2026-01-05T02:00:00Z');

async function setUp(t: ExecutionContext, database: TestDatabase, readFile: FileReader) {
  const db = await database.open(t);
  await setUpDemo(db, { supervisingUnit: '某县政务公开办', year: 2025, format: '2021', units: [{ name: '某县统计局', officialId: 'o1' }] });
  const engine: Engine = createEngine(db, { now: () => at, readFile });
  return { db, engine };
}

forEachDatabase('a file is read outside the turn’s transaction, then its turn answers what was read', async (t, database) => {
  const seen: { mediaId: string; fileName: string; content: unknown }[] = [];
  let db!: Awaited<ReturnType<typeof setUp>>['db'];
  const reader: FileReader = async (file) => {
    // Locks of its own: on MariaDB they would wait behind an open turn's lock on the conversation row.
    await db.transaction(async (m) => {
      await m.query(database.name === 'sqlite' ? 'SELECT * FROM conversations' : 'SELECT * FROM conversations FOR UPDATE');
      await m.query('UPDATE units SET name = name');
    });
    const [row] = await db.manager.find(InboundMessage);
    seen.push({ ...file, content: JSON.parse(row.content!) });
    return { kind: 'refused', reason: '测试。' };
  };
  let engine: Engine;
  ({ db, engine } = await setUp(t, database, reader));
  t.true(await engine.accept({ key: 'msg:1', userId: 'o1', channel: 'console', content: { kind: 'file', fileName: '年报.docx', mediaId: 'media-1' }, receivedAt: at }));
  await engine.drain('o1');
  t.deepEqual(seen, [{ mediaId: 'media-1', fileName: '年报.docx', content: { kind: 'file', fileName: '年报.docx', mediaId: 'media-1' } }]);
  const [row] = await db.manager.find(InboundMessage);
  t.is(row.status, 'done');
  t.true(JSON.parse(row.replies!).some((r: string) => r.includes('未能读取「年报.docx」：测试。未保存。')));
});

forEachDatabase('a reader that throws leaves a refusal to say, and the message is answered', async (t, database) => {
  const { db, engine } = await setUp(t, database, async () => {
    throw new Error('network down');
  });
  await engine.accept({ key: 'msg:2', userId: 'o1', channel: 'console', content: { kind: 'file', fileName: '年报.pdf', mediaId: 'media-2' }, receivedAt: at });
  await engine.drain('o1');
  const [row] = await db.manager.find(InboundMessage);
  t.is(row.status, 'done');
  t.true(JSON.parse(row.replies!).some((r: string) => r.includes('未能读取「年报.pdf」：文件暂时无法读取，请稍后重新发送。未保存。')));
});
