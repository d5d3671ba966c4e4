// Keeps the figure cubes (migration 0003) in step with the requests: every appended event moves
// them by the change in the request's contribution, in the same transaction as the event, so
// they always hold the same sums as request_rollups, cut by handling company and month too.
import { CompiledQuery, type Kysely, SqliteAdapter, sql, type Transaction } from 'kysely';
import { monthOf } from '../../core/figureCube.js';
import { contribution, type Counter, COUNTERS, type Counters, stateCounter } from '../../core/figures.js';
import { REQUEST_STATES, type RequestState, type RequestView } from '../../core/lifecycle.js';
import { CHANNELS } from '../../core/vocabulary.js';
import type { Channel, Database, RequestEventRow, ServiceRequest } from '../../db/schema.js';
import { onRequestEvent } from '../requests/store.js';

/** The column counting placed requests of a channel: `hotline` → `viaHotline`. */
export const viaColumn = (channel: Channel) => `via${channel.replace(/(^|_)(\w)/g, (_, _sep, c: string) => c.toUpperCase())}`;
export const VIA_COLUMNS = CHANNELS.map(viaColumn);

type Ancestry = {
  districtId: number;
  /** 0 in the columns below the row's scope. */
  streetId: number;
  communityId: number;
  gridId: number;
  compoundId: number;
  grain: 'day' | 'month';
  /** The day placed; for month rows the first day of the month. */
  day: string;
};

/**
 * The summed contributions and placed requests by channel, per day or month, of a place
 * (grid and compound) and handling company (0 = none); summed again per street (all companies)
 * and per district and company.
 */
export type PlaceRollupTable = Ancestry & { scope: 'place' | 'street' | 'district'; companyId: number } & Counters & Record<string, number | string>;
/** Placed requests by category per day or month, per place, per community and per district. */
export type CategoryRollupTable = Ancestry & { scope: 'place' | 'community' | 'district'; categoryId: number; placed: number };

/** The cube tables, typed here rather than in src/db/schema.ts because only this area reads them. */
export type CubeTables = {
  requestPlaceRollups: PlaceRollupTable;
  requestCategoryRollups: CategoryRollupTable;
};

export type CubeDb = Kysely<Database & CubeTables>;

export function cubeDb(db: Kysely<Database> | Kysely<any>): CubeDb {
  return (db as Kysely<Database>).withTables<CubeTables>();
}

/** What the cubes need to know about a request besides its view. */
type Placed = Pick<
  ServiceRequest,
  'districtId' | 'streetId' | 'communityId' | 'gridId' | 'compoundId' | 'placedDay' | 'categoryId' | 'channel'
>;

/** One cube row being moved: its key columns, and its sums in the order of the cube's `sums`. */
interface Move {
  key: Record<string, number | string>;
  sums: number[];
}

/** The cube rows one change moves, merged by key so that one statement never names a key twice. */
class Changes {
  readonly places = new Map<string, Move>();
  readonly categories = new Map<string, Move>();

  /** Adds `sign` × `counters` of a request placed at `p` and handled by `companyId`. */
  add(p: Placed, companyId: number | null, counters: Counters, sign: 1 | -1): void {
    const compoundId = p.compoundId ?? 0;
    const company = companyId ?? 0;
    const via = COUNTERS.length + CHANNELS.indexOf(p.channel);
    const { districtId, streetId, communityId, gridId, categoryId } = p;
    for (const [grain, day] of [
      ['day', p.placedDay],
      ['month', monthOf(p.placedDay)],
    ] as const) {
      // The place row, and the same sums once more per street and per district (with its
      // company) so that a district reads dozens of rows, not one per place. Keys are written
      // out: object spreads here cost more than the rest of the listener.
      for (const key of [
        { scope: 'place', districtId, grain, day, streetId, communityId, gridId, compoundId, companyId: company },
        { scope: 'street', districtId, grain, day, streetId, communityId: 0, gridId: 0, compoundId: 0, companyId: 0 },
        { scope: 'district', districtId, grain, day, streetId: 0, communityId: 0, gridId: 0, compoundId: 0, companyId: company },
      ]) {
        const id = `${key.scope}:${key.streetId}:${key.gridId}:${key.compoundId}:${key.companyId}:${grain}:${day}`;
        let move = this.places.get(id);
        if (!move) {
          move = { key, sums: new Array<number>(PLACES.sums.length).fill(0) };
          this.places.set(id, move);
        }
        for (let i = 0; i < COUNTERS.length; i++) move.sums[i]! += sign * counters[COUNTERS[i]!];
        move.sums[via]! += sign * counters.placed;
      }
      if (counters.placed === 0) continue;
      for (const key of [
        { scope: 'place', districtId, grain, day, streetId, communityId, gridId, compoundId, categoryId },
        { scope: 'community', districtId, grain, day, streetId, communityId, gridId: 0, compoundId: 0, categoryId },
        { scope: 'district', districtId, grain, day, streetId: 0, communityId: 0, gridId: 0, compoundId: 0, categoryId },
      ]) {
        const id = `${key.scope}:${key.communityId}:${key.gridId}:${key.compoundId}:${grain}:${day}:${categoryId}`;
        let move = this.categories.get(id);
        if (!move) {
          move = { key, sums: [0] };
          this.categories.set(id, move);
        }
        move.sums[0]! += sign * counters.placed;
      }
    }
  }
}

interface CubeSpec {
  table: string;
  /** The primary key, which upserts name as their conflict target. */
  key: readonly string[];
  /** Every column but the sums, in the order statements list them. */
  columns: readonly string[];
  sums: readonly string[];
}

const ANCESTRY = ['scope', 'districtId', 'streetId', 'communityId', 'gridId', 'compoundId', 'grain', 'day'];
const spec = (table: string, key: string[], sums: readonly string[]): CubeSpec => ({ table, key, columns: [...new Set([...ANCESTRY, ...key])], sums });
const PLACES = spec('request_place_rollups', ['scope', 'districtId', 'grain', 'day', 'streetId', 'gridId', 'compoundId', 'companyId'], [
  ...COUNTERS,
  ...VIA_COLUMNS,
]);
const CATEGORIES = spec('request_category_rollups', ['scope', 'districtId', 'grain', 'day', 'communityId', 'gridId', 'compoundId', 'categoryId'], [
  'placed',
]);

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Rows per statement: 40 columns at most keeps a statement under SQLite's 32,766 variables.
const CHUNK = 200;

// The statement text per cube, dialect, row count and changed sums, made once. Each upsert
// names only the sums that change (an intake moves 4 of 26): SQLite prepares every statement
// afresh and a full-width upsert took twice as long to prepare; the query builder, with its
// camel-case plugin, took longer still to build one.
const statements = new Map<string, string>();

function upsertSql(spec: CubeSpec, sqlite: boolean, rows: number, sums: readonly string[]): string {
  const id = `${spec.table}:${sqlite}:${rows}:${sums.join(',')}`;
  let text = statements.get(id);
  if (text) return text;
  const columns = [...spec.columns, ...sums].map(snake);
  let n = 0;
  const tuple = () => `(${columns.map(() => (sqlite ? '?' : `$${++n}`)).join(', ')})`;
  const set = sums.map(snake).map((c) => `${c} = ${spec.table}.${c} + excluded.${c}`).join(', ');
  text =
    `insert into ${spec.table} (${columns.join(', ')}) values ${Array.from({ length: rows }, tuple).join(', ')} ` +
    `on conflict (${spec.key.map(snake).join(', ')}) do update set ${set}`;
  statements.set(id, text);
  return text;
}

/** Adds the moves to a cube (leaving out rows and sums that add nothing), an upsert per chunk. */
async function upsert(db: Kysely<any>, cube: CubeSpec, all: Iterable<Move>): Promise<void> {
  const moves = [...all].filter((m) => m.sums.some((v) => v !== 0));
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  for (let i = 0; i < moves.length; i += CHUNK) {
    const chunk = moves.slice(i, i + CHUNK);
    const changed = cube.sums.map((_, j) => j).filter((j) => chunk.some((m) => m.sums[j] !== 0));
    const parameters: unknown[] = [];
    for (const m of chunk) {
      for (const c of cube.columns) parameters.push(m.key[c]);
      for (const j of changed) parameters.push(m.sums[j]);
    }
    const sql = upsertSql(cube, sqlite, chunk.length, changed.map((j) => cube.sums[j]!));
    await db.executeQuery(CompiledQuery.raw(sql, parameters));
  }
}

async function write(db: Kysely<any>, changes: Changes): Promise<void> {
  await upsert(db, PLACES, changes.places.values());
  await upsert(db, CATEGORIES, changes.categories.values());
}

/**
 * Moves the cubes for one appended event: the contribution before leaves the handler before,
 * the contribution after joins the handler after, so a reassignment between companies moves
 * the request from one company's figures to the other's. Events that change no contribution
 * (supervision, escalation) leave only zero sums, and so write nothing.
 */
export async function moveCubes(
  trx: Transaction<Database>,
  row: ServiceRequest,
  _event: RequestEventRow,
  before: RequestView | undefined,
  after: RequestView,
): Promise<void> {
  const changes = new Changes();
  if (before) changes.add(row, before.handler.companyId, contribution(before), -1);
  changes.add(row, after.handler.companyId, contribution(after), 1);
  await write(trx, changes);
}

onRequestEvent(moveCubes);

// What one request row contributes, as SQL over its columns: contribution() of
// src/core/figures.ts written once more so that a rebuild over millions of rows stays inside
// the database. The record type makes a new counter a compile error here; the integration
// test checks a rebuild against the cubes the listener kept.
const COUNTED = `state not in ('merged', 'cancelled')`;
const when = (condition: string, value = '1') => `case when ${condition} then ${value} else 0 end`;
const CONTRIBUTION_SQL: Record<Counter, string> = {
  placed: '1',
  counted: when(COUNTED),
  ...(Object.fromEntries(REQUEST_STATES.map((s) => [stateCounter(s), when(`state = '${s}'`)])) as Record<`state${Capitalize<RequestState>}`, string>),
  acceptedInTime: when(`${COUNTED} and accepted_at is not null and accepted_in_time = 1`),
  acceptDenominator: when(`${COUNTED} and (accepted_at is not null or overdue_accept = 1)`),
  rated: when(`${COUNTED} and rating_satisfaction is not null`),
  solved: when(`${COUNTED} and rating_satisfaction is not null and rating_solved = 1`),
  satisfied: when(`${COUNTED} and rating_satisfaction is not null and rating_satisfaction <> 'unsatisfied'`),
  overdue: when(`${COUNTED} and (overdue_accept = 1 or overdue_resolve = 1)`),
  accepted: when(`${COUNTED} and accepted_at is not null`),
  acceptMinutes: when(`${COUNTED} and accepted_at is not null`, 'coalesce(accept_minutes, 0)'),
  resolved: when(`${COUNTED} and resolved_at is not null`),
  resolveMinutes: when(`${COUNTED} and resolved_at is not null`, 'coalesce(resolve_minutes, 0)'),
};

/**
 * Recomputes the cubes from the current request rows, in SQL (for a database that had requests
 * before the cubes existed, for generated databases, or to check them): day rows grouped from
 * the requests, month rows grouped from the day rows.
 */
export async function rebuildFigureCubes(db: Kysely<any>): Promise<void> {
  const all = [...COUNTERS, ...VIA_COLUMNS].map(snake).join(', ');
  const sums = [...COUNTERS, ...VIA_COLUMNS].map((c) => `sum(${snake(c)})`).join(', ');
  const places = `insert into request_place_rollups (scope, district_id, street_id, community_id, grid_id, compound_id, company_id, grain, day, ${all})`;
  const categories = 'insert into request_category_rollups (scope, district_id, street_id, community_id, grid_id, compound_id, grain, day, category_id, placed)';
  const statements = [
    'delete from request_place_rollups',
    'delete from request_category_rollups',
    `${places}
     select 'place', district_id, street_id, min(community_id), grid_id, coalesce(compound_id, 0), coalesce(handler_company_id, 0), 'day', placed_day,
       ${[...COUNTERS.map((c) => `sum(${CONTRIBUTION_SQL[c]})`), ...CHANNELS.map((ch) => `sum(${when(`channel = '${ch}'`)})`)].join(', ')}
     from requests group by district_id, street_id, grid_id, coalesce(compound_id, 0), coalesce(handler_company_id, 0), placed_day`,
    `${places} select 'street', district_id, street_id, 0, 0, 0, 0, 'day', day, ${sums}
     from request_place_rollups where scope = 'place' group by district_id, street_id, day`,
    `${places} select 'district', district_id, 0, 0, 0, 0, company_id, 'day', day, ${sums}
     from request_place_rollups where scope = 'place' group by district_id, company_id, day`,
    `${places} select scope, district_id, street_id, min(community_id), grid_id, compound_id, company_id, 'month', substr(day, 1, 7) || '-01', ${sums}
     from request_place_rollups where grain = 'day' group by scope, district_id, street_id, grid_id, compound_id, company_id, substr(day, 1, 7)`,
    `${categories}
     select 'place', district_id, min(street_id), community_id, grid_id, coalesce(compound_id, 0), 'day', placed_day, category_id, count(*)
     from requests group by district_id, community_id, grid_id, coalesce(compound_id, 0), placed_day, category_id`,
    `${categories} select 'community', district_id, min(street_id), community_id, 0, 0, 'day', day, category_id, sum(placed)
     from request_category_rollups where scope = 'place' group by district_id, community_id, day, category_id`,
    `${categories} select 'district', district_id, 0, 0, 0, 0, 'day', day, category_id, sum(placed)
     from request_category_rollups where scope = 'place' group by district_id, day, category_id`,
    `${categories} select scope, district_id, min(street_id), community_id, grid_id, compound_id, 'month', substr(day, 1, 7) || '-01', category_id, sum(placed)
     from request_category_rollups where grain = 'day' group by scope, district_id, community_id, grid_id, compound_id, substr(day, 1, 7), category_id`,
  ];
  const work = async (trx: Kysely<any>) => {
    for (const statement of statements) await sql.raw(statement).execute(trx);
  };
  // Inside a migration the handle is already a transaction.
  await (db.isTransaction ? work(db) : db.transaction().execute(work));
}
