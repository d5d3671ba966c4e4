// Intake benchmark: requests/s and latency of POST /api/v1/requests at 50 connections against
// an empty Fastify route measured the same way, both servers in processes of their own on a
// new demo district as the first `npm start` leaves it (1 000 requests), the load generator
// (autocannon) in this process.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { FIRST_START_REQUESTS, seedDemo } from '../src/demo/seed.js';
import { createToken } from '../src/modules/accounts/auth.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export interface IntakeResult {
  connections: number;
  seconds: number;
  empty: { requestsPerSecond: number; p50: number; p99: number };
  intake: { requestsPerSecond: number; p50: number; p99: number; non2xx: number };
  ratio: number;
}

function start(command: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      if (ready.test(seen)) resolve(child);
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited ${code}: ${seen}`)));
  });
}

/** POSTs the bodies in turn (each connection carries on where the last request left off). */
function load(url: string, bodies: string[], headers: Record<string, string>, seconds: number, connections: number) {
  let next = 0;
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        connections,
        duration: seconds,
        requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

export async function run(options: { seconds?: number; connections?: number } = {}): Promise<IntakeResult> {
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 50;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hongyun-bench-intake-'));
  const file = path.join(dir, 'bench.db');
  const config = loadConfig({ DATABASE_URL: file, LOG_LEVEL: 'silent', DATA_DIR: dir });
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const ctx = { db, dialect: 'sqlite' as const, config, now: () => new Date() };
  // The register and the first 1 000 requests of a new `npm start`; the load replays what
  // those residents and grid workers asked (their categories, texts, places and fields).
  await seedDemo(ctx, { requests: FIRST_START_REQUESTS });
  const resident = await db.selectFrom('users').select(['id']).where('username', '=', 'resident').executeTakeFirstOrThrow();
  const token = (await createToken(ctx, resident.id, 'bench')).token;
  const asked = await db
    .selectFrom('requests')
    .innerJoin('categories', 'categories.id', 'requests.categoryId')
    .select(['categories.code', 'requests.description', 'requests.compoundId', 'requests.buildingId', 'requests.lat', 'requests.lng', 'requests.attributes'])
    .where('categories.active', '=', 1)
    .orderBy('requests.id')
    .execute();
  await db.destroy();
  if (asked.length === 0) throw new Error('the demo placed no requests');
  const bodies = asked.map((r) =>
    JSON.stringify({
      categoryCode: r.code,
      description: r.description,
      location: r.compoundId === null ? { lat: r.lat, lng: r.lng } : { compoundId: r.compoundId, ...(r.buildingId !== null && { buildingId: r.buildingId }) },
      ...(r.attributes !== '{}' && { attributes: JSON.parse(r.attributes) as object }),
    }),
  );

  const env = { DATABASE_URL: file, DATA_DIR: dir, LOG_LEVEL: 'warn', SWEEP_SECONDS: '0', HOST: '127.0.0.1' };
  const server = await start(['bin/hongyun.js', 'serve', '--no-demo'], { ...env, PORT: '18181', LOG_LEVEL: 'info' }, /Server listening/);
  const empty = await start(['--import', 'tsx', 'bench/empty-server.ts'], { PORT: '18182' }, /listening/);
  try {
    const auth = { authorization: `Bearer ${token}` };
    await load('http://127.0.0.1:18182/api/v1/requests', bodies, auth, 2, connections);
    await load('http://127.0.0.1:18181/api/v1/requests', bodies, auth, 2, connections);
    const e = await load('http://127.0.0.1:18182/api/v1/requests', bodies, auth, seconds, connections);
    const i = await load('http://127.0.0.1:18181/api/v1/requests', bodies, auth, seconds, connections);
    return {
      connections,
      seconds,
      empty: { requestsPerSecond: e.requests.average, p50: e.latency.p50, p99: e.latency.p99 },
      intake: { requestsPerSecond: i.requests.average, p50: i.latency.p50, p99: i.latency.p99, non2xx: i.non2xx },
      ratio: Math.round((i.requests.average / e.requests.average) * 1000) / 1000,
    };
  } finally {
    server.kill('SIGTERM');
    empty.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run()));
}
