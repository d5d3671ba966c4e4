// Intake benchmark: requests/s and latency of POST /api/v1/requests at 50 connections against
// an empty Fastify route measured the same way, both servers in processes of their own on a
// fresh demo register (no requests yet), the load generator (autocannon) in this process.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo/seed.js';
import { createToken } from '../src/modules/accounts/auth.js';
import { createCategory } from '../src/modules/requests/categories.js';
import { systemAccount } from '../src/modules/shared/account.js';

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

function load(url: string, body: string, headers: Record<string, string>, seconds: number, connections: number) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, connections, duration: seconds }, (error, result) =>
      error ? reject(error) : resolve(result),
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
  await seedDemo(ctx, { requests: 0 } as never);
  const resident = await db.selectFrom('users').select(['id', 'compoundId']).where('username', '=', 'resident').executeTakeFirstOrThrow();
  const token = (await createToken(ctx, resident.id, 'bench')).token;
  if (!(await db.selectFrom('categories').select('id').executeTakeFirst())) {
    const district = await db.selectFrom('orgUnits').select('id').where('kind', '=', 'district').executeTakeFirstOrThrow();
    await createCategory(ctx, systemAccount(district.id), {
      code: 'property.corridor_light',
      nameZh: '楼道灯损坏',
      nameEn: 'Broken corridor light',
      groupCode: 'property',
      acceptLimit: { amount: 4, unit: 'working_hours' },
      resolveLimit: { amount: 3, unit: 'working_days' },
      handlerKind: 'property_company',
    });
  }
  const category = await db.selectFrom('categories').select(['code', 'fields']).where('handlerKind', '=', 'property_company').orderBy('id').execute();
  const free = category.find((c) => !(JSON.parse(c.fields) as { required: boolean }[]).some((f) => f.required)) ?? category[0];
  await db.destroy();
  if (!free) throw new Error('the demo has no categories');

  const body = JSON.stringify({ categoryCode: free.code, description: '3栋2单元楼道灯不亮，晚上出入不便', location: { compoundId: resident.compoundId } });
  const env = { DATABASE_URL: file, DATA_DIR: dir, LOG_LEVEL: 'warn', SWEEP_SECONDS: '0', HOST: '127.0.0.1' };
  const server = await start(['bin/hongyun.js', 'serve', '--no-demo'], { ...env, PORT: '18181', LOG_LEVEL: 'info' }, /Server listening/);
  const empty = await start(['--import', 'tsx', 'bench/empty-server.ts'], { PORT: '18182' }, /listening/);
  try {
    const auth = { authorization: `Bearer ${token}` };
    await load('http://127.0.0.1:18182/api/v1/requests', body, auth, 2, connections);
    await load('http://127.0.0.1:18181/api/v1/requests', body, auth, 2, connections);
    const e = await load('http://127.0.0.1:18182/api/v1/requests', body, auth, seconds, connections);
    const i = await load('http://127.0.0.1:18181/api/v1/requests', body, auth, seconds, connections);
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
