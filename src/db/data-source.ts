// The one place that turns DATABASE_URL into a TypeORM DataSource. Schema changes come only from
// the migrations listed here, never from synchronize.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AccessToken } from '../../entities/access-token.ts';
import { CalendarYearRow } from '../../entities/calendar-year.ts';
import { AibotLease } from '../../entities/aibot-lease.ts';
import { AibotCallback } from '../../entities/aibot-callback.ts';
import { AibotContact } from '../../entities/aibot-contact.ts';
import { AibotGroup } from '../../entities/aibot-group.ts';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign } from '../../entities/campaign.ts';
import { CellChange } from '../../entities/cell-change.ts';
import { Conversation } from '../../entities/conversation.ts';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { Member } from '../../entities/member.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { Reminder } from '../../entities/reminder.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { ReportText } from '../../entities/report-text.ts';
import { UnitContact } from '../../entities/unit-contact.ts';
import { UnitAncestor } from '../../entities/unit-ancestor.ts';
import { Unit } from '../../entities/unit.ts';
import { WechatBindCode } from '../../entities/wechat-bind-code.ts';
import { WechatBinding } from '../../entities/wechat-binding.ts';
import { WechatSession } from '../../entities/wechat-session.ts';
import { parseDatabaseUrl } from './database-url.ts';
import { Initial1795424531708 } from './migrations/0001-initial.ts';
import { Channels1796200000000 } from './migrations/0002-channels.ts';
import { Reminders1796300000000 } from './migrations/0003-reminders.ts';
import { Wechat1796400000000 } from './migrations/0004-wechat.ts';
import { OutboxExpiry1796500000000 } from './migrations/0005-outbox-expiry.ts';
import { RetriesAndMedia1796600000000 } from './migrations/0006-retries-and-media.ts';
import { CampaignScopes1796700000000 } from './migrations/0007-campaign-scopes.ts';
import { MembersDisabled1796800000000 } from './migrations/0008-members-disabled.ts';
import { Calendar1796900000000 } from './migrations/0009-calendar.ts';
import { UnitContact1797000000000 } from './migrations/0010-unit-contact.ts';
import { Aibot1797100000000 } from './migrations/0011-aibot.ts';
import { AibotGroups1797300000000 } from './migrations/0013-aibot-groups.ts';
import { AibotCallbacks1797400000000 } from './migrations/0014-aibot-callbacks.ts';
import { ChangeNotes1797500000000 } from './migrations/0015-change-notes.ts';
import { MemberUserKeys1797600000000 } from './migrations/0016-member-user-keys.ts';
import { UnitAncestors1797700000000 } from './migrations/0017-unit-ancestors.ts';
import { SerialDataSource } from './serial-data-source.ts';

/** Every entity, in the order the migration creates their tables. */
export const entities = [Unit, Member, Campaign, CampaignUnit, ReportRecord, ReportText, CellChange, Conversation, InboundMessage, OutboxMessage, AccessToken, Reminder, WechatBinding, WechatBindCode, WechatSession, CalendarYearRow, UnitContact, AibotLease, AibotGroup, AibotContact, AibotCallback, UnitAncestor];

/** Every migration, oldest first. */
export const migrations = [Initial1795424531708, Channels1796200000000, Reminders1796300000000, Wechat1796400000000, OutboxExpiry1796500000000, RetriesAndMedia1796600000000, CampaignScopes1796700000000, MembersDisabled1796800000000, Calendar1796900000000, UnitContact1797000000000, Aibot1797100000000, AibotGroups1797300000000, AibotCallbacks1797400000000, ChangeNotes1797500000000, MemberUserKeys1797600000000, UnitAncestors1797700000000];

/** How long a statement waits for a locked SQLite file before failing with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** A DataSource (not yet initialized) for `sqlite:PATH` or `mysql://user:pass@host:port/db`. */
export function createDataSource(url: string): DataSource {
  const target = parseDatabaseUrl(url);
  if (target.kind === 'sqlite') {
    return new SerialDataSource({
      type: 'better-sqlite3',
      database: target.path, // the driver creates the parent directory
      timeout: SQLITE_BUSY_TIMEOUT_MS,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      },
      entities,
      migrations,
      synchronize: false,
    });
  }
  const dataSource = new DataSource({
    type: target.flavour,
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    database: target.database,
    // utf8mb4 on the wire, so 4-byte characters (😀, rare CJK) survive; the binary collation
    // compares like SQLite does (exact, and emoji are not all equal to each other).
    charset: 'utf8mb4_bin',
    // DATETIME has no zone: write and read it as UTC, as the SQLite driver does.
    timezone: 'Z',
    entities,
    migrations,
    synchronize: false,
    // mysql2 captures a stack trace for every query otherwise: a few per cent of a turn's CPU.
    trace: false,
  });
  readCommittedSessions(dataSource);
  return dataSource;
}

/**
 * Every pooled MySQL connection runs at READ COMMITTED from its first statement, so that a turn's
 * transaction needs no SET TRANSACTION round trip: no gap locks, so first turns of new users
 * (inserting their rows) do not deadlock each other; the row locks and unique keys keep turns
 * apart. Under REPEATABLE READ a turn's snapshot would also predate the lock it waited for.
 * TypeORM creates the pool when it connects; its factory is wrapped to hear of each connection.
 */
function readCommittedSessions(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as { createPool(options: unknown): Promise<MysqlPool> };
  const create = driver.createPool.bind(driver);
  driver.createPool = async (options) => {
    const pool = await create(options);
    pool.on('connection', (connection) => connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'));
    // The connection the factory opened to check the credentials is already in the pool.
    await new Promise<void>((resolve, reject) => pool.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', (error) => (error ? reject(error) : resolve())));
    return pool;
  };
}

/** The part of mysql2's pool used here. */
interface MysqlPool {
  on(event: 'connection', listener: (connection: { query(sql: string): unknown }) => void): void;
  query(sql: string, callback: (error: Error | null) => void): void;
}
