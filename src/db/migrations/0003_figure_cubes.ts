// Figure cubes: the request rollup summed once more per org unit at every level (district,
// street, community, grid, compound) and day, so that a district's year is a few thousand rows
// instead of millions; plus placed counts by channel and category, and figures by the handling
// property company (which request_rollups cannot tell, as its key has no handler).
import { type Kysely, sql } from 'kysely';
import { COUNTERS } from '../../core/figures.js';
import { LEVELS } from '../../core/figureCube.js';
import { rebuildFigureCubes } from '../../modules/figures/cubes.js';
import { oneOf } from './portable.js';

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export async function up(db: Kysely<any>): Promise<void> {
  const base = (name: string) =>
    oneOf(db.schema.createTable(name), 'unit_level', LEVELS)
      .addColumn('district_id', 'integer', (col) => col.notNull())
      .addColumn('unit_id', 'integer', (col) => col.notNull())
      .addColumn('day', 'text', (col) => col.notNull());

  let units = base('request_unit_rollups').addColumn('parent_id', 'integer', (col) => col.notNull());
  for (const counter of COUNTERS) units = units.addColumn(snake(counter), 'bigint', (col) => col.notNull().defaultTo(0));
  await units.addPrimaryKeyConstraint('request_unit_rollups_pk', ['unit_level', 'unit_id', 'day', 'parent_id']).execute();
  // byChild: the children of one unit are the rows of the level below whose parent it is.
  await db.schema
    .createIndex('request_unit_rollups_parent_idx')
    .on('request_unit_rollups')
    .columns(['unit_level', 'parent_id', 'day'])
    .execute();

  await oneOf(base('request_mix_rollups'), 'dim', ['channel', 'category'])
    // The channel code, or the category id written as text.
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('placed', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('request_mix_rollups_pk', ['unit_level', 'unit_id', 'day', 'dim', 'value'])
    .execute();

  let companies = base('request_company_rollups')
    .addColumn('parent_id', 'integer', (col) => col.notNull())
    .addColumn('company_id', 'integer', (col) => col.notNull());
  for (const counter of COUNTERS) companies = companies.addColumn(snake(counter), 'bigint', (col) => col.notNull().defaultTo(0));
  await companies
    .addPrimaryKeyConstraint('request_company_rollups_pk', ['unit_level', 'unit_id', 'day', 'company_id', 'parent_id'])
    .execute();
  await db.schema
    .createIndex('request_company_rollups_parent_idx')
    .on('request_company_rollups')
    .columns(['unit_level', 'parent_id', 'day'])
    .execute();

  // A database that already holds requests gets its cubes from them.
  const any = await sql<{ id: number }>`select id from requests limit 1`.execute(db);
  if (any.rows.length > 0) await rebuildFigureCubes(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['request_company_rollups', 'request_mix_rollups', 'request_unit_rollups']) {
    await db.schema.dropTable(name).execute();
  }
}
