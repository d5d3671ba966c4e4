// Keeps the figure cubes (migration 0003) in step with the requests: every appended event moves
// them by the change in the request's contribution, in the same transaction as the event, so
// they always equal the sums of contributions that request_rollups holds, and more.
import type { Kysely, Transaction } from 'kysely';
import { type Cell, cellsOf, type Level, NEUTRAL_EVENTS } from '../../core/figureCube.js';
import { add, contribution, COUNTERS, type Counters, zero } from '../../core/figures.js';
import { type RequestView, replay } from '../../core/lifecycle.js';
import type { Channel, Database, RequestEventRow, ServiceRequest } from '../../db/schema.js';
import { eventOf, onRequestEvent, viewOf } from '../requests/store.js';

type CubeKey = {
  districtId: number;
  unitLevel: Level;
  unitId: number;
  day: string;
};

export type UnitRollupTable = CubeKey & { parentId: number } & Counters;
export type CompanyRollupTable = CubeKey & { parentId: number; companyId: number } & Counters;
export type MixRollupTable = CubeKey & {
  dim: 'channel' | 'category';
  value: string;
  placed: number;
};

/** The cube tables, typed here rather than in src/db/schema.ts because only this area reads them. */
export type CubeTables = {
  requestUnitRollups: UnitRollupTable;
  requestMixRollups: MixRollupTable;
  requestCompanyRollups: CompanyRollupTable;
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

/** The rows of all three cubes that one change moves, keyed for merging. */
class Changes {
  readonly units = new Map<string, UnitRollupTable>();
  readonly mix = new Map<string, MixRollupTable>();
  readonly companies = new Map<string, CompanyRollupTable>();

  /** Adds `sign` × `counters` of a request placed at `p`, handled by `companyId`. */
  add(p: Placed, companyId: number | null, counters: Counters, sign: 1 | -1, withUnits = true): void {
    const signed = sign === 1 ? counters : (Object.fromEntries(COUNTERS.map((c) => [c, -counters[c]])) as Counters);
    for (const cell of cellsOf(p)) {
      const key = { districtId: p.districtId, unitLevel: cell.level, unitId: cell.unitId, day: p.placedDay };
      if (withUnits) {
        bump(this.units, `${cell.level}:${cell.unitId}:${cell.parentId}:${p.placedDay}`, () => ({ ...key, parentId: cell.parentId, ...zero() }), signed);
        if (signed.placed !== 0) {
          this.mixAdd(key, cell, 'channel', p.channel, signed.placed);
          this.mixAdd(key, cell, 'category', String(p.categoryId), signed.placed);
        }
      }
      if (companyId !== null) {
        bump(
          this.companies,
          `${cell.level}:${cell.unitId}:${cell.parentId}:${p.placedDay}:${companyId}`,
          () => ({ ...key, parentId: cell.parentId, companyId, ...zero() }),
          signed,
        );
      }
    }
  }

  private mixAdd(key: CubeKey, cell: Cell, dim: 'channel' | 'category', value: Channel | string, placed: number) {
    const id = `${cell.level}:${cell.unitId}:${key.day}:${dim}:${value}`;
    const row = this.mix.get(id);
    if (row) row.placed += placed;
    else this.mix.set(id, { ...key, dim, value, placed });
  }
}

function bump<R extends Counters>(map: Map<string, R>, id: string, make: () => R, counters: Counters) {
  let row = map.get(id);
  if (!row) {
    row = make();
    map.set(id, row);
  }
  add(row, counters);
}

const isZero = (row: Counters) => COUNTERS.every((c) => row[c] === 0);

/** Adds the changes to the stored cubes (an upsert per cube; rows of one statement have distinct keys). */
async function write(db: CubeDb, changes: Changes): Promise<void> {
  const units = [...changes.units.values()].filter((r) => !isZero(r));
  const companies = [...changes.companies.values()].filter((r) => !isZero(r));
  const mix = [...changes.mix.values()].filter((r) => r.placed !== 0);
  const sums = (table: 'requestUnitRollups' | 'requestCompanyRollups') => (eb: any) =>
    Object.fromEntries(COUNTERS.map((c) => [c, eb(eb.ref(`${table}.${c}`), '+', eb.ref(`excluded.${c}`))]));
  for (let i = 0; i < units.length; i += CHUNK) {
    await db
      .insertInto('requestUnitRollups')
      .values(units.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['unitLevel', 'unitId', 'day', 'parentId']).doUpdateSet(sums('requestUnitRollups')))
      .execute();
  }
  for (let i = 0; i < companies.length; i += CHUNK) {
    await db
      .insertInto('requestCompanyRollups')
      .values(companies.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['unitLevel', 'unitId', 'day', 'companyId', 'parentId']).doUpdateSet(sums('requestCompanyRollups')),
      )
      .execute();
  }
  for (let i = 0; i < mix.length; i += CHUNK * 4) {
    await db
      .insertInto('requestMixRollups')
      .values(mix.slice(i, i + CHUNK * 4))
      .onConflict((oc) =>
        oc.columns(['unitLevel', 'unitId', 'day', 'dim', 'value']).doUpdateSet((eb) => ({
          placed: eb(eb.ref('requestMixRollups.placed'), '+', eb.ref('excluded.placed')),
        })),
      )
      .execute();
  }
}

// Rows per statement: 29 columns each keeps a statement under SQLite's 32,766 variables.
const CHUNK = 200;

/** The request's view before `event`: a replay of its earlier events (the row already shows the after). */
async function viewBefore(trx: Transaction<Database>, event: RequestEventRow): Promise<RequestView | undefined> {
  if (event.seq === 1) return undefined;
  const earlier = await trx
    .selectFrom('requestEvents')
    .select(['type', 'at', 'actorId', 'data'])
    .where('requestId', '=', event.requestId)
    .where('seq', '<', event.seq)
    .orderBy('seq')
    .execute();
  return replay(earlier.map(eventOf));
}

/**
 * Moves the cubes for one appended event. The company cube takes the contribution away from
 * the handler before and gives it to the handler after, so a reassignment moves the request
 * from one company's figures to the other's.
 */
export async function moveCubes(trx: Transaction<Database>, row: ServiceRequest, event: RequestEventRow): Promise<void> {
  if (NEUTRAL_EVENTS.includes(event.type as never)) return;
  const after = viewOf(row);
  const before = await viewBefore(trx, event);
  const changes = new Changes();
  if (before) changes.add(row, before.handler.companyId, contribution(before), -1);
  changes.add(row, after.handler.companyId, contribution(after), 1);
  await write(cubeDb(trx), changes);
}

onRequestEvent(moveCubes);

/**
 * Recomputes every cube from the current request rows (for a database that had requests
 * before the cubes existed, or to check them). Reads the requests in id order, a page at a time.
 */
export async function rebuildFigureCubes(db: Kysely<any>): Promise<void> {
  const cubes = cubeDb(db);
  // Inside a migration the database handle is already a transaction.
  const inTransaction = (work: (trx: CubeDb) => Promise<void>) => (cubes.isTransaction ? work(cubes) : cubes.transaction().execute(work));
  await inTransaction(async (trx) => {
    await trx.deleteFrom('requestUnitRollups').execute();
    await trx.deleteFrom('requestMixRollups').execute();
    await trx.deleteFrom('requestCompanyRollups').execute();
    const changes = new Changes();
    let after = 0;
    for (;;) {
      const page = await trx.selectFrom('requests').selectAll().where('id', '>', after).orderBy('id').limit(5000).execute();
      if (page.length === 0) break;
      for (const row of page as ServiceRequest[]) {
        const view = viewOf(row);
        changes.add(row, view.handler.companyId, contribution(view), 1);
      }
      after = page[page.length - 1]!.id;
    }
    await write(trx, changes);
  });
}
