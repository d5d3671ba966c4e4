// Runs the migrations, tracked in the kysely_migration table. The list is static so that
// it works the same from source and from a bundle.
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './connection.js';
import * as m0001 from './migrations/0001_register.js';
import * as m0002 from './migrations/0002_requests.js';
import * as m0003 from './migrations/0003_figure_cubes.js';

const migrations: Record<string, Migration> = {
  '0001_register': m0001,
  '0002_requests': m0002,
  '0003_figure_cubes': m0003,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export interface MigrationReport {
  applied: string[];
}

/**
 * `schema` names the PostgreSQL schema the tracking tables live in when it is not public; tests
 * give each suite its own, and Kysely looks for its tables across schemas unless told which.
 */
export async function migrateToLatest(db: Db, schema?: string): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: new StaticProvider(), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
  return { applied: (results ?? []).map((r) => r.migrationName) };
}
