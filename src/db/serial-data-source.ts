// TypeORM's better-sqlite3 driver has ONE connection and one shared query runner. Two overlapping
// `transaction()` calls would run on it interleaved: the second becomes a SAVEPOINT inside the
// first, and the first's COMMIT or ROLLBACK then ends both. Queuing them restores isolation.
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';

type Work<T> = (manager: EntityManager) => Promise<T>;

/** A DataSource whose transactions run one after another, for single-connection drivers. */
export class SerialDataSource extends DataSource {
  readonly #inside = new AsyncLocalStorage<true>();
  #tail: Promise<unknown> = Promise.resolve();

  override transaction<T>(work: Work<T>): Promise<T>;
  override transaction<T>(isolation: IsolationLevel, work: Work<T>): Promise<T>;
  override transaction<T>(first: IsolationLevel | Work<T>, second?: Work<T>): Promise<T> {
    const run = () => (typeof first === 'function' ? super.transaction(first) : super.transaction(first, second!));
    // Called from inside a transaction: waiting for the queue would wait for ourselves.
    if (this.#inside.getStore()) return run();
    const result = this.#tail.then(() => this.#inside.run(true, run));
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
