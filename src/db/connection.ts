// Opens the one database Hongyun keeps everything in: SQLite (embedded default) or PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Dialect = DatabaseConfig['kind'];

// COUNT(*) and SUM() come back from PostgreSQL as int8/numeric strings; every figure we
// read fits a JavaScript number, so parse them once here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));

export interface OpenOptions {
  /** PostgreSQL only: a schema to use instead of public (tests use one schema per suite). */
  searchPath?: string;
  poolSize?: number;
}

export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Db {
  const plugins = [new CamelCasePlugin()];
  if (config.kind === 'sqlite') {
    if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
    const database = new SQLite(config.file);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }), plugins });
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: options.poolSize ?? 10,
    // Extensions (pg_trgm) live in public, so it stays on the path after the suite's own schema.
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath},public` } : {}),
  });
  // An idle connection the server drops (a restart, a failover) emits 'error' on the pool; left
  // unheard it would end the process. The pool replaces the connection, and the next query that
  // needs the database reports its own error if the database is still away.
  pool.on('error', (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
}

/**
 * Gives SQLite's query planner statistics to choose indexes by (without them it may read a
 * resident's thousand requests through one index where five primary keys would do). The first
 * call analyzes every table; later calls re-analyze only tables that changed much. Sampling is
 * bounded (analysis_limit), so this takes milliseconds on any size of database. PostgreSQL's
 * autovacuum keeps its own statistics.
 */
export async function optimize(db: Db, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`pragma analysis_limit = 1000`.execute(db);
  const analyzed = await sql`select 1 from sqlite_master where name = 'sqlite_stat1'`.execute(db);
  await sql.raw(analyzed.rows.length > 0 ? 'pragma optimize = 0x10002' : 'analyze').execute(db);
}

export function dialectOf(config: DatabaseConfig): Dialect {
  return config.kind;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; preparing costs SQLite about as much as running a small
 * query, and the app sends the same few hundred statements over and over. Keep the prepared
 * statements, least recently used out first. (better-sqlite3 statements are reusable as long
 * as they are not iterated concurrently, which Kysely never does: it reads them with all().)
 */
function withStatementCache(database: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
