import test from 'ava';
import * as keys from '../src/message-keys.ts';

const at = new Date('2026-12-07T01:20:00Z');

test('each kind of key has its own format', (t) => {
  t.is(keys.wecomMessageKey('1234567890'), 'msg:1234567890');
  // sha256('hello') in hex.
  t.is(keys.wecomEventKey('hello'), 'event:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  t.is(keys.wecomPlaintextKey('hello'), 'plaintext:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  t.is(keys.aibotMessageKey('m1'), 'aibot:m1');
  t.is(keys.wechatMessageKey('w1'), 'wechat:w1');
  t.is(keys.consoleMessageKey('c1'), 'console:c1');
  t.is(keys.replyKey('msg:1', 2), 'reply:msg:1:2');
  t.is(keys.delayedKey('msg:1'), 'delayed:msg:1');
  t.is(keys.cardKey('msg:1'), 'card:msg:1');
  t.is(keys.cardUpdateKey('msg:1'), 'card-update:msg:1');
  t.is(keys.fileKey('msg:1', 0), 'file:msg:1:0');
  t.is(keys.reviewNoticeKey('return', 'msg:1', 'li'), 'return:msg:1:li');
  t.is(keys.submittedKey('msg:1', 'wang'), 'submitted:msg:1:wang');
  t.is(keys.pieceKey('reply:msg:1:0', 1), 'reply:msg:1:0.1');
  t.is(keys.reminderMessageKey(42), 'reminder:42');
  t.is(keys.wechatLogoutKey(at, 'li'), 'wechat-logout:2026-12-07T01:20:00.000Z:li');
  t.is(keys.reminderKey(3, 7, '2026-12-07', 'li'), 'remind:3:7:2026-12-07:li');
  t.is(keys.urgeKey(3, 7, '2026-12-07', 'li'), 'urge:3:7:2026-12-07:li');
  t.is(keys.escalateKey(3, 7, 'li', '2026-12-07'), 'escalate:3:7:li:2026-12-07');
  t.is(keys.digestKey(3, 'li', '2026-12-07'), 'digest:3:li:2026-12-07');
  t.is(keys.lateKey(3, 'li', '2026-12-07'), 'late:3:li:2026-12-07');
  t.is(keys.groupDigestKey(3, 'wrkSFfCgAA', '2026-12-07'), 'group-digest:3:wrkSFfCgAA:2026-12-07');
  t.is(keys.withdrawalKey('msg:1'), 'withdraw:msg:1');
  t.true(keys.isWithdrawalKey('withdraw:msg:1'));
  t.false(keys.isWithdrawalKey('msg:1'));
  t.false(keys.isWithdrawalKey(null));
});

test('keys of different kinds never collide: each kind has a prefix no other kind of its store has', (t) => {
  // The same arguments for every kind: only the prefix can tell them apart. The journal, the
  // outbox, the reminders and the audit trail are different tables: a withdrawal's change (in
  // cell_changes) and the filer's notice of it (in the outbox) share 'withdraw:', and nothing else does.
  const made: Record<string, string> = {
    withdrawalKey: keys.withdrawalKey('1'), wecomMessageKey: keys.wecomMessageKey('1'), wecomEventKey: keys.wecomEventKey('1'), wecomPlaintextKey: keys.wecomPlaintextKey('1'),
    aibotMessageKey: keys.aibotMessageKey('1'), wechatMessageKey: keys.wechatMessageKey('1'), consoleMessageKey: keys.consoleMessageKey('1'),
    replyKey: keys.replyKey('1', 1), delayedKey: keys.delayedKey('1'), cardKey: keys.cardKey('1'), cardUpdateKey: keys.cardUpdateKey('1'),
    fileKey: keys.fileKey('1', 1), approveNotice: keys.reviewNoticeKey('approve', '1', '1'), returnNotice: keys.reviewNoticeKey('return', '1', '1'),
    withdrawNotice: keys.reviewNoticeKey('withdraw', '1', '1'), submittedKey: keys.submittedKey('1', '1'), reminderMessageKey: keys.reminderMessageKey(1),
    wechatLogoutKey: keys.wechatLogoutKey(at, '1'), reminderKey: keys.reminderKey(1, 1, '1', '1'), urgeKey: keys.urgeKey(1, 1, '1', '1'),
    escalateKey: keys.escalateKey(1, 1, '1', '1'), digestKey: keys.digestKey(1, '1', '1'), lateKey: keys.lateKey(1, '1', '1'),
    groupDigestKey: keys.groupDigestKey(1, '1', '1'),
  };
  const prefixes = Object.values(made).map((key) => key.slice(0, key.indexOf(':') + 1));
  t.deepEqual(prefixes.filter((p, i) => prefixes.indexOf(p) !== i), ['withdraw:']);
  // Every function of the module is covered above (pieceKey keeps the prefix of the key it splits; isWithdrawalKey and answeredAibotMessage read one).
  t.is(Object.keys(keys).length, Object.keys(made).length - 2 + 3);
});

test('the 智能机器人 message an outbox key answers is read back from every key a turn makes for it, and from no other', (t) => {
  const message = keys.aibotMessageKey('msg-1');
  for (const key of [keys.replyKey(message, 0), keys.pieceKey(keys.replyKey(message, 2), 1), keys.cardKey(message), keys.cardUpdateKey(message), keys.fileKey(message, 0), keys.delayedKey(message)]) {
    t.is(keys.answeredAibotMessage(key), message, key);
  }
  for (const key of [keys.replyKey(keys.wecomMessageKey('1'), 0), keys.submittedKey(message, 'u1'), keys.reminderMessageKey(1), keys.groupDigestKey(1, 'wr1', '2027-01-05')]) {
    t.is(keys.answeredAibotMessage(key), undefined, key);
  }
});
