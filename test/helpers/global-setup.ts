// Runs once before the integration suites: decides whether the PostgreSQL half runs, and
// says so loudly when it does not. In CI (CI=true) a missing PostgreSQL fails the run.
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { PG_URL, postgresAvailable } from './db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: boolean;
  }
}

export default async function setup(project: TestProject) {
  const available = await postgresAvailable();
  if (!available) {
    console.warn(
      `\n*** PostgreSQL is not reachable at ${PG_URL}: the PostgreSQL half of the integration suite is SKIPPED. ***\n` +
        '*** Start it (see README, "Running on PostgreSQL") to run the whole suite. ***\n',
    );
  }
  if (available) {
    // Once per database, before suites race to create it in their own migrations.
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query('create extension if not exists pg_trgm schema public');
    await client.end();
  }
  project.provide('postgres', available);
}
