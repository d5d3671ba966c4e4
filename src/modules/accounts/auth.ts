// Authentication: password login into a database-backed session (so app servers stay
// stateless), API tokens for scripts, and the rate limit on failed logins.
import type { Account } from '../shared/account.js';
import { errors } from '../../core/errors.js';
import type { Context } from '../../server/types.js';
import { digest, newSecret, verifyPassword } from './secrets.js';

export const SESSION_COOKIE = 'hy_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Failed logins allowed per username, and per address, within the window. */
const MAX_FAILURES_PER_USER = 5;
const MAX_FAILURES_PER_IP = 30;
const WINDOW_MINUTES = 15;

async function accountWhere(ctx: Context, userId: number, via: Account['via']): Promise<Account | null> {
  const row = await ctx.db
    .selectFrom('users')
    .innerJoin('orgUnits', 'orgUnits.id', 'users.scopeUnitId')
    .select([
      'users.id',
      'users.username',
      'users.displayName',
      'users.role',
      'users.districtId',
      'users.scopeUnitId',
      'orgUnits.kind as scopeKind',
      'users.propertyCompanyId',
      'users.compoundId',
      'users.partyOrgId',
      'users.unitId',
      'users.disabled',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row || row.disabled) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    districtId: row.districtId,
    scope: { kind: row.scopeKind, id: row.scopeUnitId },
    propertyCompanyId: row.propertyCompanyId,
    compoundId: row.compoundId,
    partyOrgId: row.partyOrgId,
    unitId: row.unitId,
    via,
  };
}

export interface Login {
  account: Account;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function login(
  ctx: Context,
  input: { username: string; password: string; ip: string; userAgent: string | null },
): Promise<Login> {
  const now = ctx.now();
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000).toISOString();
  const failures = await ctx.db
    .selectFrom('loginAttempts')
    .select([
      (eb) => eb.fn.count<number>('id').filterWhere('username', '=', input.username).as('byUser'),
      (eb) => eb.fn.count<number>('id').filterWhere('ip', '=', input.ip).as('byIp'),
    ])
    .where('succeeded', '=', 0)
    .where('at', '>=', since)
    .where((eb) => eb.or([eb('username', '=', input.username), eb('ip', '=', input.ip)]))
    .executeTakeFirstOrThrow();
  if (Number(failures.byUser) >= MAX_FAILURES_PER_USER || Number(failures.byIp) >= MAX_FAILURES_PER_IP) {
    throw errors.rateLimited(WINDOW_MINUTES * 60);
  }

  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'passwordHash', 'disabled'])
    .where('username', '=', input.username)
    .executeTakeFirst();
  const ok = (await verifyPassword(user?.passwordHash ?? null, input.password)) && user && !user.disabled;
  await ctx.db
    .insertInto('loginAttempts')
    .values({ username: input.username, ip: input.ip, succeeded: ok ? 1 : 0, at: now.toISOString() })
    .execute();
  const account = ok ? await accountWhere(ctx, user.id, 'session') : null;
  if (!account) throw errors.unauthenticated('wrong username or password');

  const sessionId = newSecret('hys');
  const csrfToken = newSecret('hyc');
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: digest(sessionId),
        userId: account.id,
        csrfToken,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        lastSeenAt: now.toISOString(),
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await trx.updateTable('users').set({ lastLoginAt: now.toISOString() }).where('id', '=', account.id).execute();
  });
  return { account, sessionId, csrfToken, expiresAt };
}

export async function logout(ctx: Context, sessionId: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id', '=', digest(sessionId)).execute();
}

export interface SessionAccount {
  account: Account;
  csrfToken: string;
}

/** The account behind a session cookie, sliding the expiry forward at most every five minutes. */
export async function accountForSession(ctx: Context, sessionId: string): Promise<SessionAccount | null> {
  const now = ctx.now();
  const session = await ctx.db
    .selectFrom('sessions')
    .select(['userId', 'csrfToken', 'expiresAt', 'lastSeenAt'])
    .where('id', '=', digest(sessionId))
    .executeTakeFirst();
  if (!session || session.expiresAt <= now.toISOString()) return null;
  const account = await accountWhere(ctx, session.userId, 'session');
  if (!account) return null;
  if (now.getTime() - Date.parse(session.lastSeenAt) > 5 * 60_000) {
    await ctx.db
      .updateTable('sessions')
      .set({
        lastSeenAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000).toISOString(),
      })
      .where('id', '=', digest(sessionId))
      .execute();
  }
  return { account, csrfToken: session.csrfToken };
}

export async function accountForToken(ctx: Context, token: string): Promise<Account | null> {
  const row = await ctx.db
    .selectFrom('apiTokens')
    .select(['id', 'userId', 'lastUsedAt'])
    .where('tokenHash', '=', digest(token))
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const account = await accountWhere(ctx, row.userId, 'token');
  if (!account) return null;
  const now = ctx.now();
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > 60_000) {
    await ctx.db.updateTable('apiTokens').set({ lastUsedAt: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return account;
}

export interface CreatedToken {
  id: number;
  name: string;
  prefix: string;
  token: string;
  createdAt: string;
}

export async function createToken(ctx: Context, userId: number, name: string): Promise<CreatedToken> {
  const token = newSecret('hyt');
  const createdAt = ctx.now().toISOString();
  const prefix = token.slice(0, 10);
  const row = await ctx.db
    .insertInto('apiTokens')
    .values({ userId, name, tokenHash: digest(token), prefix, createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name, prefix, token, createdAt };
}

/** Revokes a token of `userId` (or of anyone, for the CLI); false if there was none to revoke. */
export async function revokeToken(ctx: Context, tokenId: number, userId: number | null): Promise<boolean> {
  let query = ctx.db
    .updateTable('apiTokens')
    .set({ revokedAt: ctx.now().toISOString() })
    .where('id', '=', tokenId)
    .where('revokedAt', 'is', null);
  if (userId !== null) query = query.where('userId', '=', userId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listTokens(ctx: Context, userId: number) {
  return ctx.db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .where('userId', '=', userId)
    .orderBy('id')
    .execute();
}
