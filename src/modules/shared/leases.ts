// Leases on background jobs in the job_leases table, so that of several app servers sharing one
// database normally one runs a job at a time. A lease only saves duplicated work: every job
// must stay correct without it (a lease can expire while its holder still runs).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Context } from '../../server/types.js';

// One holder id per context: a server, or each of two "servers" a test runs in one process.
const holders = new WeakMap<Context, string>();

export function holderOf(ctx: Context): string {
  let holder = holders.get(ctx);
  if (!holder) {
    holder = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    holders.set(ctx, holder);
  }
  return holder;
}

/**
 * Takes or renews the lease on `name` for `ttlMs`: an expired lease or our own is taken over
 * by one atomic UPDATE (of two servers racing, the second finds the row no longer matching);
 * a job never leased before is taken by an INSERT that loses quietly to a concurrent one.
 * A busy database (another server writing) reads as "not now".
 */
export async function takeLease(ctx: Context, name: string, ttlMs: number): Promise<boolean> {
  const holder = holderOf(ctx);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  try {
    const renewed = await ctx.db
      .updateTable('jobLeases')
      .set({ holder, expiresAt })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('expiresAt', '<', now.toISOString()), eb('holder', '=', holder)]))
      .executeTakeFirst();
    if (Number(renewed.numUpdatedRows) === 1) return true;
    const taken = await ctx.db
      .insertInto('jobLeases')
      .values({ name, holder, expiresAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('name')
      .executeTakeFirst();
    return taken !== undefined;
  } catch (error) {
    if (isContention(error)) return false;
    throw error;
  }
}

/**
 * Errors that only mean another writer got there first: a busy SQLite file (another
 * connection holds the write lock, or our snapshot went stale), a PostgreSQL serialization
 * failure, deadlock or lock timeout. A background job skips the item and tries again later.
 */
export function isContention(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '40001' || code === '40P01' || code === '55P03';
}

/** Gives the lease up (on shutdown) so another server need not wait for it to expire. */
export async function releaseLease(ctx: Context, name: string): Promise<void> {
  await ctx.db
    .updateTable('jobLeases')
    .set({ expiresAt: new Date(0).toISOString() })
    .where('name', '=', name)
    .where('holder', '=', holderOf(ctx))
    .execute()
    .catch(() => undefined);
}
