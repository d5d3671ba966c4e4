// Runs once before the integration suites: decides whether the PostgreSQL half runs, and
// says so loudly when it does not. In CI (CI=true) a missing PostgreSQL fails the run.
import type { TestProject } from 'vitest/node';
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
  project.provide('postgres', available);
}
