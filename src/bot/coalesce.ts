// One run per key at a time: asked again while it runs, it runs once more when done, so that
// nothing that arrived meanwhile is missed and no two runs for a key overlap in this process.
// A user's drain of the journal and a recipient's sends from the outbox work this way.

/** Runs keyed work, one at a time per key. */
export interface Coalescer {
  /** Run `work` for `key`, or have the running one run again; resolves when no run for `key` is left. */
  run(key: string, work: () => Promise<void>): Promise<void>;
  /** Resolves when nothing runs. */
  idle(): Promise<void>;
}

/** A coalescer. */
export function createCoalescer(): Coalescer {
  const running = new Map<string, { again: boolean; done: Promise<void> }>();
  return {
    run(key, work) {
      const current = running.get(key);
      if (current) {
        current.again = true;
        return current.done;
      }
      const entry = { again: false, done: Promise.resolve() };
      entry.done = (async () => {
        try {
          do {
            entry.again = false;
            await work();
          } while (entry.again);
        } finally {
          running.delete(key);
        }
      })();
      running.set(key, entry);
      return entry.done;
    },
    async idle() {
      while (running.size) await Promise.all([...running.values()].map((r) => r.done.catch(() => undefined)));
    },
  };
}
