// Figures benchmark: generates a SQLite database holding N requests (25 million by default)
// over the demo district's register, with rows as the lifecycle leaves them and the figure
// cubes summed from them; then serves it from a real server process and measures the p95 of
// GET /api/v1/figures for the district and for one community, and the server's RSS.
// The generated requests have no event rows and no search entries: the figures read neither.
// Run: `npx tsx bench/figures.ts [requests] [file.db]` (an existing file is reused).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { toShanghaiDate } from '../src/core/calendar.js';
import { apply, decide, type Handler, type RequestEvent, submit } from '../src/core/lifecycle.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createRandom } from '../src/demo/random.js';
import { seedDemo } from '../src/demo/seed.js';
import { createToken } from '../src/modules/accounts/auth.js';
import { rebuildFigureCubes } from '../src/modules/figures/cubes.js';
import { columnsOf } from '../src/modules/requests/store.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BATCH = 50_000;

interface Compound {
  id: number;
  districtId: number;
  streetId: number;
  communityId: number;
  gridId: number;
  lng: number;
  lat: number;
  propertyCompanyId: number | null;
}

/** Inserts `count` requests spread over the year before `end`, each in a final state a lifecycle reaches. */
async function generate(file: string, count: number, end: Date): Promise<{ seconds: number; bytes: number }> {
  const started = Date.now();
  const config = loadConfig({ DATABASE_URL: file, LOG_LEVEL: 'silent' });
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const ctx = { db, dialect: 'sqlite' as const, config, now: () => end };
  await seedDemo(ctx, { requests: 0 } as never);
  await db.destroy();

  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const compounds = sqlite.prepare('select id, district_id as districtId, street_id as streetId, community_id as communityId, grid_id as gridId, lng, lat, property_company_id as propertyCompanyId from compounds').all() as Compound[];
  const categories = sqlite.prepare('select id from categories').all() as { id: number }[];
  const workers = new Map(
    (sqlite.prepare("select scope_unit_id as grid, id from users where role = 'grid_worker'").all() as { grid: number; id: number }[]).map((w) => [w.grid, w.id]),
  );
  if (categories.length === 0) throw new Error('the demo has no categories');
  const channels = ['app', 'app', 'app', 'app', 'grid_worker', 'grid_worker', 'reception_day', 'suggestion_box', 'hotline', 'discussion_group'] as const;

  // The secondary indexes are built once at the end: far cheaper than keeping 11 of them in step.
  const indexes = sqlite.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'requests' and sql is not null").all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`drop index ${index.name}`);

  const columns = [
    'district_id', 'street_id', 'community_id', 'grid_id', 'compound_id', 'number', 'category_id', 'channel', 'description',
    'lng', 'lat', 'attributes', 'reporter_name', 'reporter_phone', 'state', 'version', 'handler_kind', 'handler_company_id',
    'handler_user_id', 'handler_unit_id', 'placed_at', 'placed_day', 'due_accept_at', 'due_resolve_at', 'due_uncertain',
    'accepted_at', 'accept_minutes', 'accepted_in_time', 'resolved_at', 'resolve_minutes', 'closed_at', 'rating_solved',
    'rating_satisfaction', 'rating_comment', 'overdue_accept', 'overdue_resolve', 'escalation_level', 'merged_into_id',
    'reopen_count', 'extension_pending', 'updated_at',
  ];
  const insert = sqlite.prepare(`insert into requests (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const counter = new Map<string, number>();
  const random = createRandom(42);
  const next = () => random.float(0, 1);
  const yearMs = 365 * 24 * 3_600_000;
  const start = end.getTime() - yearMs;
  const write = sqlite.transaction((rows: unknown[][]) => {
    for (const row of rows) insert.run(row);
  });

  let rows: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const compound = compounds[Math.floor(next() * compounds.length)]!;
    const placed = new Date(start + Math.floor((i / count) * yearMs));
    const at = (hours: number) => new Date(placed.getTime() + hours * 3_600_000).toISOString();
    const handler: Handler = compound.propertyCompanyId
      ? { kind: 'property_company', companyId: compound.propertyCompanyId, userId: null, unitId: null }
      : { kind: 'grid_worker', companyId: null, userId: workers.get(compound.gridId) ?? null, unitId: compound.gridId };
    const first = submit({ at: placed.toISOString(), actorId: null, handler, dueAcceptAt: at(4), dueResolveAt: at(72), dueUncertain: false });
    let view = apply(undefined, first);
    const step = (command: Parameters<typeof decide>[1], hours: number) => {
      const event: RequestEvent = decide(view, command, at(hours), null);
      view = apply(view, event);
    };
    const roll = next();
    if (roll < 0.02) step({ type: 'cancel', reason: null }, 1);
    else if (roll < 0.04) step({ type: 'merge', intoId: 1, selfId: i + 2 }, 1);
    else {
      const late = next() < 0.1;
      if (late) step({ type: 'markOverdue', limit: 'accept' }, 4.1);
      if (placed.getTime() < end.getTime() - 7 * 86_400_000 || next() < 0.6) {
        step({ type: 'accept', workingMinutes: late ? 400 : 60 + Math.floor(next() * 150) }, late ? 6 : 1 + next() * 2);
        if (placed.getTime() < end.getTime() - 10 * 86_400_000 || next() < 0.5) {
          step({ type: 'resolve', note: '已处理', workingMinutes: 300 + Math.floor(next() * 2000) }, 24 + next() * 40);
          const r = next();
          if (r < 0.85) {
            step(
              { type: 'rate', rating: { solved: next() < 0.93, satisfaction: r < 0.7 ? 'satisfied' : r < 0.81 ? 'basically_satisfied' : 'unsatisfied', comment: null } },
              80,
            );
          } else if (r < 0.95) step({ type: 'close' }, 250);
        }
      }
    }
    const day = toShanghaiDate(placed);
    const n = (counter.get(day) ?? 0) + 1;
    counter.set(day, n);
    const c = columnsOf(view);
    rows.push([
      compound.districtId, compound.streetId, compound.communityId, compound.gridId, compound.id,
      `HY-${day.replaceAll('-', '')}-${String(n).padStart(5, '0')}`, categories[i % categories.length]!.id, channels[i % channels.length],
      '3栋楼道灯坏了，晚上很黑，请物业尽快维修', compound.lng, compound.lat, '{}', '居民', '13800138000', c.state, c.version,
      c.handlerKind, c.handlerCompanyId, c.handlerUserId, c.handlerUnitId, c.placedAt, day, c.dueAcceptAt, c.dueResolveAt,
      c.dueUncertain, c.acceptedAt, c.acceptMinutes, c.acceptedInTime, c.resolvedAt, c.resolveMinutes, c.closedAt, c.ratingSolved,
      c.ratingSatisfaction, c.ratingComment, c.overdueAccept, c.overdueResolve, c.escalationLevel, null, c.reopenCount,
      c.extensionPending, c.placedAt,
    ]);
    if (rows.length === BATCH) {
      write(rows);
      rows = [];
      if ((i + 1) % 1_000_000 === 0) console.error(`  ${(i + 1) / 1_000_000} M requests, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  }
  if (rows.length > 0) write(rows);
  console.error(`  rows written in ${Math.round((Date.now() - started) / 1000)} s; building indexes`);
  for (const index of indexes) sqlite.exec(index.sql);
  sqlite.close();
  console.error(`  indexes built at ${Math.round((Date.now() - started) / 1000)} s; summing cubes`);
  const cubes = openDatabase(config.database);
  await rebuildFigureCubes(cubes);
  await cubes.destroy();
  return { seconds: Math.round((Date.now() - started) / 1000), bytes: fs.statSync(file).size };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function run(options: { requests?: number; file?: string; iterations?: number } = {}) {
  const started = Date.now();
  const count = options.requests ?? 25_000_000;
  const file = options.file ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hongyun-figures-')), 'figures.db');
  const end = new Date('2026-11-29T04:00:00Z');
  // A reused database reports how it was generated from the note written beside it.
  const note = `${file}.generation.json`;
  let generation: { seconds: number; bytes: number; at?: string } | null = null;
  if (fs.existsSync(file)) {
    if (fs.existsSync(note)) generation = JSON.parse(fs.readFileSync(note, 'utf8')) as typeof generation;
  } else {
    generation = { ...(await generate(file, count, end)), at: new Date().toISOString() };
    fs.writeFileSync(note, JSON.stringify(generation));
  }

  const sqlite = new SQLite(file, { readonly: true });
  const stored = (sqlite.prepare('select count(*) as n from requests').get() as { n: number }).n;
  const community = (sqlite.prepare("select id from org_units where kind = 'community' order by id limit 1").get() as { id: number }).id;
  const district = (sqlite.prepare("select id from org_units where kind = 'district'").get() as { id: number }).id;
  const admin = (sqlite.prepare("select id from users where username = 'admin'").get() as { id: number }).id;
  sqlite.close();
  const config = loadConfig({ DATABASE_URL: file, LOG_LEVEL: 'silent' });
  const db = openDatabase(config.database);
  const token = (await createToken({ db, dialect: 'sqlite', config, now: () => new Date() }, admin, 'bench')).token;
  await db.destroy();

  const port = 18_191;
  const server = spawn(process.execPath, ['bin/hongyun.js', 'serve', '--no-demo'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: file, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', SWEEP_SECONDS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Server listening')) resolve();
    };
    server.stdout.on('data', look);
    server.stderr.on('data', look);
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${seen}`)));
  });
  try {
    const iterations = options.iterations ?? 200;
    const measure = async (unit: number) => {
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) {
        // Periods vary so no cache could answer: the whole year, a quarter, a month.
        const from = ['2025-11-30', '2026-06-01', '2026-10-01'][i % 3]!;
        const t = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/figures?unit=${unit}&from=${from}&to=2026-11-29`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (res.status !== 200) throw new Error(`figures answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { p50: Math.round(percentile(times, 50) * 10) / 10, p95: Math.round(percentile(times, 95) * 10) / 10, max: Math.round(times.at(-1)! * 10) / 10 };
    };
    const districtTimes = await measure(district);
    const communityTimes = await measure(community);
    const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const rssMiB = Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
    const hwmMiB = Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024);
    return { requests: stored, file, reused: generation === null || fs.statSync(note).mtimeMs < started, generation, databaseBytes: fs.statSync(file).size, district: districtTimes, community: communityTimes, serverRssMiB: rssMiB, serverPeakRssMiB: hwmMiB };
  } finally {
    server.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [requests, file] = process.argv.slice(2);
  console.log(JSON.stringify(await run({ requests: requests ? Number(requests) : undefined, file })));
}
