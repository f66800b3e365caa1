import test from 'ava';
import { QueryFailedError } from 'typeorm';
import { AppError, describeError } from '../src/app-error.ts';

test('an operator line names the codes and messages of the causes, never the parameters of a failed query', (t) => {
  const driver = Object.assign(new Error("Duplicate entry 'msg:1' for key 'uq_inbound_messages_key'"), { code: 'ER_DUP_ENTRY', sql: "INSERT … VALUES ('msg:1', '改 行政许可 5')" });
  const failed = new QueryFailedError('INSERT INTO inbound_messages …', ['msg:1', '改 行政许可 5'], driver);
  const line = describeError(new AppError('TURN_FAILED', 'a turn of o1 failed after 5 attempt(s)', { cause: failed }));
  t.is(line, "[TURN_FAILED] a turn of o1 failed after 5 attempt(s): [ER_DUP_ENTRY] Duplicate entry 'msg:1' for key 'uq_inbound_messages_key'");
  t.false(line.includes('行政许可'));
});
