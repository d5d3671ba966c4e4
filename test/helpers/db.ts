// Test databases: every integration suite runs once on SQLite and once on PostgreSQL.
// PostgreSQL suites get a schema of their own, dropped at the end.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { type Config, type DatabaseConfig, loadConfig, parseDatabaseUrl } from '../../src/config.js';
import { type Db, openDatabase } from '../../src/db/connection.js';
import { assertTestDatabase } from '../../src/db/guard.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Context } from '../../src/server/types.js';

export type TestDialect = 'sqlite' | 'postgres';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgReachable: boolean | undefined;

/** Whether PostgreSQL can be reached; in CI its absence is an error, never a skip. */
export async function postgresAvailable(): Promise<boolean> {
  if (pgReachable !== undefined) return pgReachable;
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    pgReachable = true;
  } catch (error) {
    if (process.env.CI) throw new Error(`PostgreSQL at ${PG_URL} is required in CI: ${(error as Error).message}`);
    pgReachable = false;
  } finally {
    await client.end().catch(() => undefined);
  }
  return pgReachable;
}

export interface TestDb {
  dialect: TestDialect;
  db: Db;
  ctx: Context;
  clock: { now: Date };
  close(): Promise<void>;
}

export async function openTestDb(dialect: TestDialect): Promise<TestDb> {
  let database: DatabaseConfig;
  let schema: string | undefined;
  if (dialect === 'sqlite') {
    database = parseDatabaseUrl(':memory:', process.cwd());
  } else {
    database = parseDatabaseUrl(PG_URL, process.cwd());
    schema = `hy_${randomBytes(6).toString('hex')}`;
  }
  assertTestDatabase(database);
  if (schema) {
    const admin = openDatabase(database, { poolSize: 1 });
    await sql`create schema ${sql.id(schema)}`.execute(admin);
    await admin.destroy();
  }
  const db = openDatabase(database, { searchPath: schema, poolSize: 5 });
  await migrateToLatest(db, schema);
  const config: Config = { ...loadConfig({ LOG_LEVEL: 'silent' }), database };
  const clock = { now: new Date('2026-11-29T02:00:00.000Z') };
  const ctx: Context = { db, dialect, config, now: () => new Date(clock.now) };
  return {
    dialect,
    db,
    ctx,
    clock,
    async close() {
      await db.destroy();
      if (schema) {
        const admin = openDatabase(database, { poolSize: 1 });
        await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
        await admin.destroy();
      }
    },
  };
}

/** The dialects an integration suite runs on, as decided once by the global setup. */
export function dialects(): TestDialect[] {
  return inject('postgres') ? ['sqlite', 'postgres'] : ['sqlite'];
}
