// Lists of requests: the filters of GET /requests, the inbox view of each role, keyset
// pagination, and the Chinese full-text search condition (FTS5 on SQLite, pg_trgm on PostgreSQL).
import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import { AppError, errors } from '../../core/errors.js';
import { ALLOWED_FROM, type RequestState } from '../../core/lifecycle.js';
import { searchTerms, segments } from '../../core/text.js';
import type { Role } from '../../core/vocabulary.js';
import type { Dialect } from '../../db/connection.js';
import type { Channel, Database, ServiceRequest } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import type { Account } from '../shared/account.js';
import { MAX_ID } from '../shared/schemas.js';
import { visibleRequests } from './policy.js';

export const VIEWS = ['to_accept', 'in_hand', 'overdue', 'to_supervise', 'returned', 'mine'] as const;
export type View = (typeof VIEWS)[number];

/** The inbox views of each role: the work it is expected to pick up. */
const VIEWS_OF: Record<Role, readonly View[]> = {
  district_admin: ['overdue', 'to_supervise', 'returned'],
  street_staff: ['overdue', 'to_supervise', 'returned'],
  community_staff: ['to_accept', 'in_hand', 'overdue', 'to_supervise', 'returned'],
  grid_worker: ['to_accept', 'in_hand', 'overdue'],
  party_secretary: ['overdue', 'to_supervise'],
  property_staff: ['to_accept', 'in_hand', 'overdue'],
  resident: ['mine'],
  in_service_member: [],
  unit_liaison: [],
};

export function viewsOf(role: Role): readonly View[] {
  return VIEWS_OF[role];
}

/**
 * States in which somebody still owes work on the request, so lateness is news: the states the
 * sweeper marks overdue from. A resolved request waits only for the resident's rating, and its
 * overdue flags are history, not a task.
 */
const PENDING_STATES: readonly RequestState[] = ALLOWED_FROM.markOverdue;

export interface ListFilters {
  state?: RequestState[];
  categoryCode?: string;
  /** An org unit (district, street, community or grid): requests placed inside it. */
  unit?: number;
  compoundId?: number;
  channel?: Channel;
  /** Placed on or after this Shanghai date (YYYY-MM-DD). */
  from?: string;
  /** Placed on or before this Shanghai date (YYYY-MM-DD). */
  to?: string;
  overdue?: boolean;
  handlerCompanyId?: number;
  handlerUserId?: number;
  q?: string;
  view?: View;
}

type Eb = ExpressionBuilder<Database, 'requests'>;
const never = sql<SqlBool>`1 = 0`;

/** The start of a Shanghai calendar day as a UTC instant; China keeps UTC+8 all year. */
function shanghaiMidnight(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

const DAY_MS = 86_400_000;

/** Requests whose current handler is this account, or acts for it (policy.isHandler in SQL). */
function handledBy(eb: Eb, account: Account): Expression<SqlBool> {
  switch (account.role) {
    case 'property_staff':
      if (account.propertyCompanyId === null) return never;
      return eb.and([eb('requests.handlerKind', '=', 'property_company'), eb('requests.handlerCompanyId', '=', account.propertyCompanyId)]);
    case 'grid_worker':
      return eb.and([
        eb('requests.handlerKind', '=', 'grid_worker'),
        eb.or([eb('requests.handlerUserId', '=', account.id), eb('requests.handlerUnitId', '=', account.scope.id)]),
      ]);
    case 'community_staff':
      return eb.and([eb('requests.handlerKind', 'in', ['legal_adviser', 'community_staff']), eb('requests.communityId', '=', account.scope.id)]);
    default:
      return never;
  }
}

function viewCondition(eb: Eb, account: Account, view: View): Expression<SqlBool> {
  const overdue = eb.or([eb('requests.overdueAccept', '=', 1), eb('requests.overdueResolve', '=', 1)]);
  switch (view) {
    case 'to_accept':
      return eb.and([eb('requests.state', '=', 'submitted'), handledBy(eb, account)]);
    case 'in_hand':
      // Taken and not yet reported resolved (a reopened request is back in the handler's hands).
      return eb.and([eb('requests.state', 'in', ['accepted', 'reopened']), handledBy(eb, account)]);
    case 'overdue':
      return eb.and([eb('requests.state', 'in', PENDING_STATES), overdue]);
    case 'to_supervise':
      return eb.and([eb('requests.state', 'in', PENDING_STATES), eb.or([overdue, eb('requests.escalationLevel', '>', 0)])]);
    case 'returned':
      return eb('requests.state', '=', 'returned');
    case 'mine':
      return eb('requests.reporterUserId', '=', account.id);
  }
}

const UNIT_COLUMN = { district: 'requests.districtId', street: 'requests.streetId', community: 'requests.communityId', grid: 'requests.gridId' } as const;

/**
 * The requests `account` sees that match `filters`, not yet ordered. Starts from
 * visibleRequests, so a unit, compound or handler outside the scope simply matches nothing.
 */
export async function filteredRequests(ctx: Context, account: Account, filters: ListFilters) {
  let query = visibleRequests(ctx.db, account);
  if (filters.view !== undefined) {
    const view = filters.view;
    if (!viewsOf(account.role).includes(view)) throw errors.field('querystring.view', `is not a view of a ${account.role}`);
    query = query.where((eb) => viewCondition(eb, account, view));
  }
  if (filters.state?.length) query = query.where('requests.state', 'in', filters.state);
  if (filters.categoryCode !== undefined) {
    const category = await ctx.db
      .selectFrom('categories')
      .select('id')
      .where('districtId', '=', account.districtId)
      .where('code', '=', filters.categoryCode)
      .executeTakeFirst();
    if (!category) throw errors.reference('querystring.categoryCode', 'category');
    query = query.where('requests.categoryId', '=', category.id);
  }
  if (filters.unit !== undefined) {
    // Only the unit's kind is read, to pick the ancestry column; a unit of another district or
    // outside the scope then matches nothing through the scope filter, like a missing one.
    const unit = await ctx.db.selectFrom('orgUnits').select('kind').where('id', '=', filters.unit).executeTakeFirst();
    query = unit ? query.where(UNIT_COLUMN[unit.kind], '=', filters.unit) : query.where(never);
  }
  if (filters.compoundId !== undefined) query = query.where('requests.compoundId', '=', filters.compoundId);
  if (filters.channel !== undefined) query = query.where('requests.channel', '=', filters.channel);
  if (filters.from !== undefined && filters.to !== undefined && filters.from > filters.to) {
    throw errors.field('querystring.to', 'is before from');
  }
  // placedAt bounds rather than placedDay: the (scope, placed_at) indexes serve them.
  if (filters.from !== undefined) query = query.where('requests.placedAt', '>=', shanghaiMidnight(filters.from));
  if (filters.to !== undefined) {
    query = query.where('requests.placedAt', '<', new Date(Date.parse(shanghaiMidnight(filters.to)) + DAY_MS).toISOString());
  }
  if (filters.overdue !== undefined) {
    query = query.where((eb) =>
      filters.overdue
        ? eb.or([eb('requests.overdueAccept', '=', 1), eb('requests.overdueResolve', '=', 1)])
        : eb.and([eb('requests.overdueAccept', '=', 0), eb('requests.overdueResolve', '=', 0)]),
    );
  }
  if (filters.handlerCompanyId !== undefined) query = query.where('requests.handlerCompanyId', '=', filters.handlerCompanyId);
  if (filters.handlerUserId !== undefined) query = query.where('requests.handlerUserId', '=', filters.handlerUserId);
  if (filters.q !== undefined && filters.q.trim() !== '') query = query.where(searchCondition(ctx.dialect, filters.q));
  return query;
}

// ---------------------------------------------------------------------------------------------
// Keyset pagination

export interface Cursor {
  placedAt: string;
  id: number;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Opaque to clients: the last row's (placedAt, id), so the next page starts right after it. */
export function encodeCursor(row: Pick<ServiceRequest, 'placedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.placedAt, row.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const bad = () => errors.field('querystring.cursor', 'is not a cursor this list gave out');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 2) throw bad();
  const [placedAt, id] = value as unknown[];
  if (typeof placedAt !== 'string' || !ISO_INSTANT.test(placedAt) || Number.isNaN(Date.parse(placedAt))) throw bad();
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > MAX_ID) throw bad();
  return { placedAt, id };
}

export interface ListPage {
  rows: ServiceRequest[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

type Filtered = Awaited<ReturnType<typeof filteredRequests>>;

/**
 * Newest first by (placedAt, id). A page starts strictly after the cursor, so rows placed
 * while a client pages (later placedAt, or a larger id at the same instant) never shift it:
 * every row that existed when paging began is visited exactly once.
 */
function page(query: Filtered, cursor: Cursor | null, limit: number) {
  let q = query.selectAll('requests');
  if (cursor) {
    q = q.where((eb) =>
      eb.and([
        eb('requests.placedAt', '<=', cursor.placedAt),
        eb.or([eb('requests.placedAt', '<', cursor.placedAt), eb('requests.id', '<', cursor.id)]),
      ]),
    );
  }
  return q.orderBy('requests.placedAt', 'desc').orderBy('requests.id', 'desc').limit(limit);
}

export async function listRequests(
  ctx: Context,
  account: Account,
  filters: ListFilters,
  paging: { cursor: Cursor | null; limit: number },
): Promise<ListPage> {
  const query = await filteredRequests(ctx, account, filters);
  // One row more than asked tells whether another page follows.
  const rows = await page(query, paging.cursor, paging.limit + 1).execute();
  const more = rows.length > paging.limit;
  if (more) rows.length = paging.limit;
  return { rows, nextCursor: more ? encodeCursor(rows[rows.length - 1]!) : null };
}

/** Every matching row in list order, in batches (for export), stopping after `max` rows. */
export async function* allRequests(
  ctx: Context,
  account: Account,
  filters: ListFilters,
  options: { batch: number; max: number },
): AsyncGenerator<ServiceRequest[]> {
  const query = await filteredRequests(ctx, account, filters);
  let cursor: Cursor | null = null;
  let left = options.max;
  while (left > 0) {
    const rows = await page(query, cursor, Math.min(options.batch, left)).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < Math.min(options.batch, left)) return;
    left -= rows.length;
    cursor = rows[rows.length - 1]!;
  }
}

export async function countRequests(ctx: Context, account: Account, filters: ListFilters): Promise<number> {
  const query = await filteredRequests(ctx, account, filters);
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The number of requests in each inbox view of the caller's role, for badges. */
export async function inboxCounts(ctx: Context, account: Account): Promise<Partial<Record<View, number>>> {
  const views = viewsOf(account.role);
  const counts = await Promise.all(
    views.map((view) =>
      visibleRequests(ctx.db, account)
        .where((eb) => viewCondition(eb, account, view))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  );
  return Object.fromEntries(views.map((view, i) => [view, Number(counts[i]!.n)]));
}

/** Too many rows for one export; the caller should narrow the filters. */
export function tooManyRows(count: number, max: number): AppError {
  const message = `the filters match ${count} requests; an export holds at most ${max}: narrow the period or the unit`;
  return new AppError(400, 'export_too_large', message, [{ field: 'querystring', message }]);
}

// ---------------------------------------------------------------------------------------------
// Full-text search

/**
 * What a search for `q` looks for: one group per word of the query, each group the word and its
 * synonyms (楼道 also finds 走廊, 过道, 楼梯间), all in normalised form. A request matches when
 * every group has a member in its text. The groups matter: searchTerms flattens a word with its
 * synonyms, and requiring all of them (楼道 and 走廊 and 过道) would find nothing.
 *
 * Single characters are kept here although searchTerms drops them: in a search every word
 * narrows the list, and in a query such as 楼道灯 (cut 楼道 / 灯) the 灯 is what is asked for.
 */
export function searchGroups(q: string): string[][] {
  const groups: string[][] = [];
  const seen = new Set<string>();
  for (const word of segments(q)) {
    const terms = searchTerms(word);
    const members = [...new Set([word, ...terms.trigram, ...terms.like])];
    const key = [...members].sort().join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    groups.push(members);
  }
  return groups;
}

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const ftsPhrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * The where-clause of a full-text search, one version per database:
 * - SQLite: the contentless FTS5 trigram table `request_fts` (rowid = request id) holds
 *   normalize(description); members of 3 characters or more are quoted phrases of one MATCH
 *   per group. A trigram index cannot find shorter ones, so they go to LIKE on the raw
 *   description, a scan over the rows the other conditions leave (Chinese words of two
 *   characters rarely change under normalisation; an address such as 3栋 does: written 三栋 in
 *   a description, it is found by neither database).
 * - PostgreSQL: ILIKE on the description for every member; the pg_trgm GIN index on
 *   requests.description serves patterns of 3 characters or more.
 * A query with no words (only punctuation or stop words) looks for itself as typed.
 */
export function searchCondition(dialect: Dialect, q: string): RawBuilder<SqlBool> {
  const groups = searchGroups(q);
  if (groups.length === 0) {
    const pattern = likePattern(q.trim());
    return dialect === 'sqlite'
      ? sql<SqlBool>`requests.description like ${pattern} escape '\\'`
      : sql<SqlBool>`requests.description ilike ${pattern} escape '\\'`;
  }
  const conditions = groups.map((members) => {
    const parts: RawBuilder<SqlBool>[] = [];
    if (dialect === 'sqlite') {
      const long = members.filter((m) => [...m].length >= 3);
      const short = members.filter((m) => [...m].length < 3);
      if (long.length > 0) {
        const match = long.map(ftsPhrase).join(' OR ');
        parts.push(sql<SqlBool>`requests.id in (select rowid from request_fts where request_fts match ${match})`);
      }
      for (const m of short) parts.push(sql<SqlBool>`requests.description like ${likePattern(m)} escape '\\'`);
    } else {
      for (const m of members) parts.push(sql<SqlBool>`requests.description ilike ${likePattern(m)} escape '\\'`);
    }
    return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
  });
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}
