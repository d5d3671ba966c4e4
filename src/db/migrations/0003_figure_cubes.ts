// Figure cubes: sums of request contributions per place (grid and compound) and handling
// property company — which request_rollups cannot tell, its key has no handler — by day and by
// month, again per street and per district, so that a district's year is a few hundred rows,
// not millions; and placed counts by category. Kept by src/modules/figures/cubes.ts.
import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { COUNTERS } from '../../core/figures.js';
import { rebuildFigureCubes } from '../../modules/figures/cubes.js';
import { CHANNELS } from '../../core/vocabulary.js';
import { isSqlite, oneOf } from './portable.js';

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export async function up(db: Kysely<any>): Promise<void> {
  // On SQLite the rows are stored in key order (scope, district, grain, day first), so a
  // district's year is one contiguous run of rows rather than lookups from an index.
  const clustered = <T extends CreateTableBuilder<any, any>>(tb: T) => (isSqlite(db) ? tb.modifyEnd(sql`without rowid`) : tb);
  const ancestry = (name: string) =>
    oneOf(db.schema.createTable(name), 'grain', ['day', 'month'])
      .addColumn('district_id', 'integer', (col) => col.notNull())
      .addColumn('street_id', 'integer', (col) => col.notNull())
      .addColumn('community_id', 'integer', (col) => col.notNull())
      // 0 below the row's scope (and for no compound), so keys have no nulls.
      .addColumn('grid_id', 'integer', (col) => col.notNull())
      .addColumn('compound_id', 'integer', (col) => col.notNull())
      // The day placed; for month rows the first day of the month.
      .addColumn('day', 'text', (col) => col.notNull());

  // Place rows (grid, compound, handling company), summed again per street (all companies) and
  // per district and company, so that a district or street reads a few rows a day, not one a place.
  let places = oneOf(ancestry('request_place_rollups'), 'scope', ['place', 'street', 'district']).addColumn('company_id', 'integer', (col) =>
    col.notNull(),
  );
  for (const counter of COUNTERS) places = places.addColumn(snake(counter), 'bigint', (col) => col.notNull().defaultTo(0));
  // Placed requests by channel: a fixed vocabulary, so columns rather than rows.
  for (const channel of CHANNELS) places = places.addColumn(`via_${channel}`, 'bigint', (col) => col.notNull().defaultTo(0));
  await clustered(
    places.addPrimaryKeyConstraint('request_place_rollups_pk', ['scope', 'district_id', 'grain', 'day', 'street_id', 'grid_id', 'compound_id', 'company_id']),
  ).execute();
  for (const level of ['street', 'community', 'grid', 'compound']) {
    await db.schema
      .createIndex(`request_place_rollups_${level}_idx`)
      .on('request_place_rollups')
      .columns(['scope', `${level}_id`, 'grain', 'day'])
      .execute();
  }

  // Placed requests by category per place, per community and per district.
  await clustered(
    oneOf(ancestry('request_category_rollups'), 'scope', ['place', 'community', 'district'])
      .addColumn('category_id', 'integer', (col) => col.notNull())
      .addColumn('placed', 'bigint', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('request_category_rollups_pk', ['scope', 'district_id', 'grain', 'day', 'community_id', 'grid_id', 'compound_id', 'category_id']),
  ).execute();
  for (const level of ['street', 'community', 'grid', 'compound']) {
    await db.schema
      .createIndex(`request_category_rollups_${level}_idx`)
      .on('request_category_rollups')
      .columns(['scope', `${level}_id`, 'grain', 'day'])
      .execute();
  }

  // A database that already holds requests gets its cubes from them.
  const any = await sql<{ id: number }>`select id from requests limit 1`.execute(db);
  if (any.rows.length > 0) await rebuildFigureCubes(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['request_category_rollups', 'request_place_rollups']) {
    await db.schema.dropTable(name).execute();
  }
}
