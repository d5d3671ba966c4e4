// Group commit: request writes that arrive while another is being committed wait and are then
// committed together, in one transaction. A commit costs SQLite far more than the statements
// before it (every touched page of the table, its indexes, the search index and the cubes is
// written out once per transaction), so fifty concurrent intakes committed in two or three
// transactions cost a fraction of fifty. Each write stays all-or-nothing: it runs inside a
// savepoint of its own, and a write that fails is rolled back to that savepoint and answered
// with its error while the others commit. Nothing is ever run twice, so a COMMIT that fails
// (perhaps after the database did commit) is reported to every caller of the group, as a
// transaction of one would report it, and never repeated.
import { sql, type Transaction } from 'kysely';
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
 * Runs `work` in a transaction shared with the writes queued at the same time, inside a
 * savepoint of its own. Resolves once the transaction has committed; rejects with the work's
 * own error (its writes undone, the group's kept) or with the commit's.
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
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    await ctx.db.transaction().execute(async (trx) => {
      for (const pending of group) {
        await sql`savepoint group_write`.execute(trx);
        try {
          const value = await pending.work(trx);
          await sql`release savepoint group_write`.execute(trx);
          outcomes.push({ ok: true, value });
        } catch (error) {
          await sql`rollback to savepoint group_write`.execute(trx);
          await sql`release savepoint group_write`.execute(trx);
          outcomes.push({ ok: false, error });
        }
      }
    });
  } catch (error) {
    // The transaction itself failed (its commit, or the connection): nobody's write is known
    // to be kept, and none is tried again.
    for (const pending of group) pending.reject(error);
    return;
  }
  group.forEach((pending, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) pending.resolve(outcome.value);
    else pending.reject(outcome.error);
  });
}
