// Group commit: request writes that arrive while another is being committed wait and are then
// committed together, in one transaction. A commit costs SQLite far more than the statements
// before it (every touched page of the table, its indexes, the search index and the cubes is
// written out once per transaction), so fifty concurrent intakes committed in two or three
// transactions cost a fraction of fifty. Each write stays all-or-nothing: if any write of a
// group fails, the group is rolled back and its writes are run again one transaction each, so
// one bad write costs its neighbours a retry, never their data.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Context } from '../../server/types.js';

export type Trx = Transaction<Database>;
type Work<T> = (trx: Trx) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The most writes one transaction commits: bounds the time the others wait behind a group. */
export const MAX_GROUP = 32;

interface Queue {
  waiting: Pending[];
  running: boolean;
}

const queues = new WeakMap<Context, Queue>();

/**
 * Runs `work` in a transaction, sharing it with the writes queued at the same time. `work` may
 * run twice (once in a group that failed, once alone), so it must not act outside the database
 * before it returns; it sees only the database, so a retry sees the same world minus its group.
 */
export function groupWrite<T>(ctx: Context, work: Work<T>): Promise<T> {
  let queue = queues.get(ctx);
  if (!queue) {
    queue = { waiting: [], running: false };
    queues.set(ctx, queue);
  }
  const promise = new Promise<T>((resolve, reject) => {
    queue.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
  });
  if (!queue.running) void drain(ctx, queue);
  return promise;
}

async function drain(ctx: Context, queue: Queue): Promise<void> {
  queue.running = true;
  try {
    // Let the writes that are already on their way (later in this turn of the event loop) join.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.waiting.length > 0) {
      const group = queue.waiting.splice(0, MAX_GROUP);
      await commitGroup(ctx, group);
    }
  } finally {
    queue.running = false;
  }
}

async function commitGroup(ctx: Context, group: Pending[]): Promise<void> {
  if (group.length > 1) {
    try {
      const results = await ctx.db.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        for (const pending of group) out.push(await pending.work(trx));
        return out;
      });
      group.forEach((pending, i) => pending.resolve(results[i]));
      return;
    } catch {
      // Some write of the group failed and took the group down: run each on its own, so that
      // the one that fails reports its own error and the others commit.
    }
  }
  for (const pending of group) {
    try {
      pending.resolve(await ctx.db.transaction().execute((trx) => pending.work(trx)));
    } catch (error) {
      pending.reject(error);
    }
  }
}
