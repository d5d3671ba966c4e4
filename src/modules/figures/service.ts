// The figures of an org unit or compound over a period (DESIGN.md "Figures"), summed in SQL
// from the figure cubes only, and the audit export of request events from which every one
// of them can be recomputed.
import { CompiledQuery } from 'kysely';
import { CHILD_LEVEL, type Level, monthsIn, periodProblems, type Range, rank, splitPeriod } from '../../core/figureCube.js';
import { add, COUNTERS, type Counters, type Figures, figuresOf, zero } from '../../core/figures.js';
import { errors } from '../../core/errors.js';
import type { Channel } from '../../db/schema.js';
import { CHANNELS } from '../../core/vocabulary.js';
import type { Context } from '../../server/types.js';
import { findCompany } from '../companies/service.js';
import { findCompound } from '../compounds/service.js';
import { visibleRequests } from '../requests/policy.js';
import { type Account, inSubtree } from '../shared/account.js';
import { authorize } from '../shared/http.js';
import { VIA_COLUMNS, viaColumn } from './cubes.js';

/** Longest period one report may cover. */
export const MAX_PERIOD_DAYS = 1096;

export interface FigureQuery {
  unit?: number;
  compound?: number;
  company?: number;
  from: string;
  to: string;
  /** Also rank every community of a district or street (communityRanking). */
  communities?: boolean;
}

interface Named {
  kind: Level;
  id: number;
  name: string | null;
}

export interface FigureReport extends Figures {
  unit: Named;
  company: { id: number; name: string } | null;
  from: string;
  to: string;
  byMonth: (Figures & { month: string })[];
  byChild: (Figures & Named)[];
  childRanking: (Named & RankedScore)[];
  byChannel: { channel: Channel; requests: number }[];
  /** Left out when the report is about one company. */
  byCategory?: { categoryCode: string; nameZh: string; nameEn: string; requests: number }[];
  companyRanking?: (Figures & { rank: number; id: number; name: string | null })[];
  /** What each rate of the period divides: requests counted over requests it counts among. */
  rateCounts: Record<'response' | 'resolution' | 'satisfaction', { numerator: number; denominator: number }>;
  /** Asked for with `communities`, for a district or street: its communities, ranked. */
  communityRanking?: (Named & RankedScore)[];
}

interface RankedScore {
  rank: number;
  requests: number;
  responseRate: number | null;
  satisfactionRate: number | null;
  resolutionRate: number | null;
}

/** A counter row as summed by SQL: PostgreSQL answers sums of bigint as numeric, and no rows as null. */
function countersOf(row: Record<string, unknown>): Counters {
  const c = zero();
  for (const k of COUNTERS) c[k] = Number(row[k] ?? 0);
  return c;
}

/**
 * Who may read figures: staff with the stats right, about their scope. Property staff have no
 * stats right, but may read their own company's figures (`company=` their company): exactly
 * the requests they can already see, so nothing new is disclosed.
 */
function checkAccess(account: Account, query: FigureQuery): void {
  if (account.role === 'property_staff' && query.company !== undefined) return;
  if (account.role === 'property_staff') throw errors.forbidden('property staff read the figures of their own company: add company=');
  authorize(account, 'stats', 'read');
}

async function target(ctx: Context, account: Account, query: FigureQuery): Promise<Named> {
  if (query.unit !== undefined && query.compound !== undefined) {
    throw errors.field('querystring.compound', 'give unit or compound, not both');
  }
  if (query.compound !== undefined) {
    const compound = await findCompound(ctx.db, account, query.compound);
    if (!compound) throw errors.notFound('compound');
    return { kind: 'compound', id: compound.id, name: compound.name };
  }
  const id = query.unit ?? account.scope.id;
  const unit = await ctx.db
    .selectFrom('orgUnits')
    .select(['id', 'kind', 'name'])
    .where('id', '=', id)
    .where(inSubtree(account, 'orgUnits'))
    .executeTakeFirst();
  if (!unit) throw errors.notFound('unit');
  return { kind: unit.kind, id: unit.id, name: unit.name };
}

export async function figureReport(ctx: Context, account: Account, query: FigureQuery): Promise<FigureReport> {
  checkAccess(account, query);
  const problems = periodProblems(query.from, query.to, MAX_PERIOD_DAYS);
  if (problems.length > 0) throw errors.validation(problems.map((p) => ({ ...p, field: `querystring.${p.field}` })));
  const unit = await target(ctx, account, query);
  let company: { id: number; name: string } | null = null;
  if (query.company !== undefined) {
    const found = await findCompany(ctx.db, account, query.company);
    if (!found) throw errors.notFound('property company');
    company = { id: found.id, name: found.name };
  }

  const { from, to } = query;
  const childLevel = CHILD_LEVEL[unit.kind];
  const childColumn = childLevel ? LEVEL_COLUMN[childLevel] : null;
  const ranges = splitPeriod(from, to);
  const column = LEVEL_COLUMN[unit.kind];
  /** Rows of `scope` in the unit, and of the company asked about, if any. */
  const rows = (scope: string): Slice => ({ scope, column, id: unit.id, ...(company ? { companyId: company.id } : {}) });
  // The coarsest rows that still tell what each part needs: street rows have no company.
  const own = unit.kind === 'district' ? 'district' : unit.kind === 'street' && !company ? 'street' : 'place';
  const children = unit.kind === 'district' && !company ? 'street' : 'place';
  const categoryScope = unit.kind === 'district' ? 'district' : unit.kind === 'street' || unit.kind === 'community' ? 'community' : 'place';

  // The unit's figure rows summed three ways in SQL (by day, with the channels; by child; by
  // company), and its category rows, each a few dozen groups.
  const [dayRows, childRows, companyRows, categoryRows, communityRows] = await Promise.all([
    summed(ctx, 'requestPlaceRollups', ranges, rows(own), 'day', [...COUNTERS, ...VIA_COLUMNS]),
    childColumn ? summed(ctx, 'requestPlaceRollups', ranges, rows(children), childColumn, COUNTERS) : Promise.resolve([]),
    company ? Promise.resolve(null) : summed(ctx, 'requestPlaceRollups', ranges, rows(own === 'street' ? 'place' : own), 'companyId', COUNTERS),
    company ? Promise.resolve(null) : summed(ctx, 'requestCategoryRollups', ranges, { scope: categoryScope, column, id: unit.id }, 'categoryId', ['placed']),
    // A district's communities are two levels down: its place rows grouped by community (a
    // street's are its children, summed above).
    query.communities && unit.kind === 'district' ? summed(ctx, 'requestPlaceRollups', ranges, rows('place'), 'communityId', COUNTERS) : Promise.resolve(null),
  ]);

  const total = zero();
  const perMonth = new Map<string, Counters>();
  for (const row of dayRows) {
    // Grouped by day, which the rows are stored in order of; month rows carry the month's first day.
    const month = String(row.day).slice(0, 7);
    const c = countersOf(row);
    add(total, c);
    add(perMonth.get(month) ?? perMonth.set(month, zero()).get(month)!, c);
  }
  const channels = new Map(VIA_COLUMNS.map((column) => [column, dayRows.reduce((n, row) => n + Number(row[column] ?? 0), 0)]));
  // Requests in no compound belong to their grid but to none of its compounds.
  const perChild = new Map(childRows.filter((row) => Number(row[childColumn!]) !== 0).map((row) => [Number(row[childColumn!]), countersOf(row)]));
  const perCompany = new Map((companyRows ?? []).filter((row) => Number(row.companyId) !== 0).map((row) => [Number(row.companyId), countersOf(row)]));
  const byMonth = monthsIn(from, to).map((m) => ({ month: m, ...figuresOf(perMonth.get(m) ?? zero()) }));
  const byChild = childLevel ? await childFigures(ctx, childLevel, unit.id, perChild) : [];
  const childRanking = ranking(byChild);
  const byChannel = CHANNELS.map((channel) => ({ channel, requests: channels.get(viaColumn(channel)) ?? 0 }));

  const rateCounts = {
    response: { numerator: total.acceptedInTime, denominator: total.acceptDenominator },
    resolution: { numerator: total.solved, denominator: total.rated },
    satisfaction: { numerator: total.satisfied, denominator: total.rated },
  };
  const report: FigureReport = { unit, company, from, to, ...figuresOf(total), rateCounts, byMonth, byChild, childRanking, byChannel };
  if (categoryRows) report.byCategory = await categoryFigures(ctx, categoryRows);
  if (!company) report.companyRanking = await companyFigures(ctx, perCompany);
  if (query.communities && unit.kind === 'street') report.communityRanking = childRanking;
  if (communityRows) {
    const perCommunity = new Map(communityRows.map((row) => [Number(row.communityId), countersOf(row)]));
    report.communityRanking = ranking(await communitiesOfDistrict(ctx, unit.id, perCommunity));
  }
  return report;
}

/** Units ranked (see rank in src/core/figureCube.ts), with the scores the ranking compares. */
function ranking(units: (Figures & Named)[]): (Named & RankedScore)[] {
  return rank(units, (a, b) => a.id - b.id).map((c) => ({
    rank: c.rank,
    kind: c.kind,
    id: c.id,
    name: c.name,
    requests: c.requests,
    responseRate: c.responseRate,
    satisfactionRate: c.satisfactionRate,
    resolutionRate: c.resolutionRate,
  }));
}

/** Every community of a district the register lists (with zeros when it had no requests), and any the cubes know that it no longer lists. */
async function communitiesOfDistrict(ctx: Context, districtId: number, counted: Map<number, Counters>): Promise<(Figures & Named)[]> {
  const listed = await ctx.db.selectFrom('orgUnits').select(['id', 'name']).where('kind', '=', 'community').where('districtId', '=', districtId).execute();
  const names = new Map<number, string | null>(listed.map((u) => [u.id, u.name]));
  const unlisted = [...counted.keys()].filter((id) => !names.has(id));
  if (unlisted.length > 0) {
    const found = await ctx.db.selectFrom('orgUnits').select(['id', 'name']).where('id', 'in', unlisted).execute();
    for (const id of unlisted) names.set(id, found.find((f) => f.id === id)?.name ?? null);
  }
  return [...names.entries()].map(([id, name]) => ({ kind: 'community' as const, id, name, ...figuresOf(counted.get(id) ?? zero()) }));
}

const LEVEL_COLUMN: Record<Level, string> = {
  district: 'districtId',
  street: 'streetId',
  community: 'communityId',
  grid: 'gridId',
  compound: 'compoundId',
};

/** Which rows of a cube: of a scope, in a unit, and of one handling company if given. */
interface Slice {
  scope: string;
  column: string;
  id: number;
  companyId?: number;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Statement texts, made once per shape: building a 26-sum select with the query builder (and
// its camel-case plugin) cost more than running it, four statements a report, up to three
// ranges each.
const texts = new Map<string, string>();

function sumSql(sqlite: boolean, table: string, slice: Slice, group: string, columns: readonly string[]): string {
  const id = `${sqlite}:${table}:${slice.scope}:${slice.column}:${slice.companyId !== undefined}:${group}:${columns.length}`;
  let text = texts.get(id);
  if (text) return text;
  let n = 0;
  const p = () => (sqlite ? '?' : `$${++n}`);
  const sums = columns.map((c) => `sum(${snake(c)}) as ${snake(c)}`).join(', ');
  const g = snake(group);
  // Placeholders numbered in the order the parameters are passed.
  const where = [`scope = ${p()}`, `${snake(slice.column)} = ${p()}`];
  if (slice.companyId !== undefined) where.push(`company_id = ${p()}`);
  where.push(`grain = ${p()}`, `day >= ${p()}`, `day <= ${p()}`);
  text = `select ${g}, ${sums} from ${snake(table)} where ${where.join(' and ')} group by ${g}`;
  texts.set(id, text);
  return text;
}

/**
 * Sums `columns` of a slice of a cube over the period, grouped by one column: whole months come
 * from month rows and the edges from day rows, each range one index scan grouped in SQL; the
 * (at most three) partial sums of a group are added here.
 */
async function summed(
  ctx: Context,
  table: 'requestPlaceRollups' | 'requestCategoryRollups',
  ranges: Range[],
  slice: Slice,
  group: string,
  columns: readonly string[],
): Promise<Record<string, unknown>[]> {
  const sqlite = ctx.dialect === 'sqlite';
  const text = sumSql(sqlite, table, slice, group, columns);
  // Grouping by day follows the stored order of the rows, so it needs no sort.
  const parts = await Promise.all(
    ranges.map(async (r) => {
      const parameters = [slice.scope, slice.id, ...(slice.companyId !== undefined ? [slice.companyId] : []), r.grain, r.from, r.to];
      return (await ctx.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters))).rows;
    }),
  );
  if (parts.length === 1) return parts[0]!;
  const merged = new Map<unknown, Record<string, unknown>>();
  for (const row of parts.flat()) {
    const into = merged.get(row[group]);
    if (!into) merged.set(row[group], { ...row });
    else for (const c of columns) into[c] = Number(into[c] ?? 0) + Number(row[c] ?? 0);
  }
  return [...merged.values()];
}

/** Every child the register lists (with zeros when it had no requests), and any the cubes know that it no longer lists. */
async function childFigures(ctx: Context, level: Level, parentId: number, counted: Map<number, Counters>) {
  const listed =
    level === 'compound'
      ? await ctx.db.selectFrom('compounds').select(['id', 'name']).where('gridId', '=', parentId).execute()
      : await ctx.db.selectFrom('orgUnits').select(['id', 'name']).where('kind', '=', level).where('parentId', '=', parentId).execute();
  const names = new Map<number, string | null>(listed.map((u) => [u.id, u.name]));
  const unlisted = [...counted.keys()].filter((id) => !names.has(id));
  if (unlisted.length > 0) {
    const found =
      level === 'compound'
        ? await ctx.db.selectFrom('compounds').select(['id', 'name']).where('id', 'in', unlisted).execute()
        : await ctx.db.selectFrom('orgUnits').select(['id', 'name']).where('id', 'in', unlisted).execute();
    for (const id of unlisted) names.set(id, found.find((f) => f.id === id)?.name ?? null);
  }
  return [...names.entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, name]) => ({ kind: level, id, name, ...figuresOf(counted.get(id) ?? zero()) }));
}

async function categoryFigures(ctx: Context, rows: Record<string, unknown>[]) {
  const counts = new Map(rows.map((r) => [Number(r.categoryId), Number(r.placed ?? 0)]));
  const ids = [...counts.keys()];
  const named = ids.length
    ? await ctx.db.selectFrom('categories').select(['id', 'code', 'nameZh', 'nameEn']).where('id', 'in', ids).execute()
    : [];
  return named
    .map((c) => ({ categoryCode: c.code, nameZh: c.nameZh, nameEn: c.nameEn, requests: counts.get(c.id) ?? 0 }))
    .filter((c) => c.requests > 0)
    .sort((a, b) => b.requests - a.requests || a.categoryCode.localeCompare(b.categoryCode));
}

async function companyFigures(ctx: Context, perCompany: Map<number, Counters>) {
  const counted = [...perCompany.entries()].filter(([, c]) => c.placed > 0);
  const ids = counted.map(([id]) => id);
  const named = ids.length ? await ctx.db.selectFrom('propertyCompanies').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  const withFigures = counted.map(([id, c]) => ({ id, name: named.find((n) => n.id === id)?.name ?? null, ...figuresOf(c) }));
  return rank(withFigures, (a, b) => a.id - b.id);
}

export interface ExportedEvent {
  id: number;
  requestId: number;
  number: string;
  seq: number;
  type: string;
  at: string;
  actorId: number | null;
  from: string | null;
  to: string;
  data: Record<string, unknown>;
  request: {
    districtId: number;
    streetId: number;
    communityId: number;
    gridId: number;
    compoundId: number | null;
    categoryCode: string;
    channel: Channel;
    placedDay: string;
  };
}

/**
 * One page of the events of the requests the account can see, oldest first, after event
 * `since`. `next` is where the following page starts; a page shorter than `limit` is the last
 * one for now.
 */
export async function exportEvents(ctx: Context, account: Account, since: number, limit: number): Promise<{ events: ExportedEvent[]; next: number }> {
  const rows = await visibleRequests(ctx.db, account)
    .innerJoin('requestEvents', 'requestEvents.requestId', 'requests.id')
    .innerJoin('categories', 'categories.id', 'requests.categoryId')
    .select([
      'requestEvents.id',
      'requestEvents.requestId',
      'requests.number',
      'requestEvents.seq',
      'requestEvents.type',
      'requestEvents.at',
      'requestEvents.actorId',
      'requestEvents.fromState',
      'requestEvents.toState',
      'requestEvents.data',
      'requests.districtId',
      'requests.streetId',
      'requests.communityId',
      'requests.gridId',
      'requests.compoundId',
      'categories.code as categoryCode',
      'requests.channel',
      'requests.placedDay',
    ])
    .where('requestEvents.districtId', '=', account.districtId)
    .where('requestEvents.id', '>', since)
    .orderBy('requestEvents.id')
    .limit(limit)
    .execute();
  const events = rows.map((r) => ({
    id: r.id,
    requestId: r.requestId,
    number: r.number,
    seq: r.seq,
    type: r.type,
    at: r.at,
    actorId: r.actorId,
    from: r.fromState,
    to: r.toState,
    data: JSON.parse(r.data) as Record<string, unknown>,
    request: {
      districtId: r.districtId,
      streetId: r.streetId,
      communityId: r.communityId,
      gridId: r.gridId,
      compoundId: r.compoundId,
      categoryCode: r.categoryCode,
      channel: r.channel,
      placedDay: r.placedDay,
    },
  }));
  return { events, next: rows.length > 0 ? rows[rows.length - 1]!.id : since };
}
