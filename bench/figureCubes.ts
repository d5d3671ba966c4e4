// Figure cube probe: fills the cubes of a demo-sized district (6 streets, 14 communities, 89
// grids, 186 compounds, 40 companies, 30 categories) for a whole year with every row that a
// 25-million-request year would leave (every place, company, channel and category on every day),
// then times GET /api/v1/figures for the district, a community, a grid and a compound.
// Run: `TZ=UTC npx tsx bench/figureCubes.ts [file.db]`; `run()` is for bench/run.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monthOf } from '../src/core/figureCube.js';
import { COUNTERS, zero } from '../src/core/figures.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { CHANNELS } from '../src/core/vocabulary.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createRandom } from '../src/demo/random.js';
import { createToken } from '../src/modules/accounts/auth.js';
import { createUser } from '../src/modules/accounts/service.js';
import { createDistrict } from '../src/modules/orgs/service.js';
import { cubeDb, VIA_COLUMNS } from '../src/modules/figures/cubes.js';
import { systemAccount } from '../src/modules/shared/account.js';
import { buildApp } from '../src/server/app.js';

const SHAPE = { streets: 6, communities: 14, grids: 89, compounds: 186, companies: 40, categories: 30 };
const REQUESTS_PER_YEAR = 25_000_000;

export async function run(options: { file?: string; iterations?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hongyun-figures-'));
  const file = options.file ?? path.join(dir, 'cubes.db');
  const config = loadConfig({ DATABASE_URL: file, LOG_LEVEL: 'silent', DATA_DIR: dir });
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const ctx = { db, dialect: 'sqlite' as const, config, now: () => new Date('2027-01-15T02:00:00Z') };
  const random = createRandom(7);
  const now = ctx.now().toISOString();
  const stamp = { createdAt: now, updatedAt: now };

  // The register, written directly: only ids, names and parents matter to the figures.
  const district = (await createDistrict(ctx, { name: '开发区' })).id;
  const unit = async (kind: 'street' | 'community' | 'grid', parentId: number, name: string, ancestry: object) =>
    (await db.insertInto('orgUnits').values({ kind, parentId, districtId: district, name, ...ancestry, ...stamp } as never).returning('id').executeTakeFirstOrThrow()).id;
  const streets: number[] = [];
  for (let i = 0; i < SHAPE.streets; i++) streets.push(await unit('street', district, `街道${i}`, {}));
  const communities: { id: number; street: number }[] = [];
  for (let i = 0; i < SHAPE.communities; i++) {
    const street = streets[i % streets.length]!;
    communities.push({ id: await unit('community', street, `社区${i}`, { streetId: street }), street });
  }
  const grids: { id: number; community: number; street: number }[] = [];
  for (let i = 0; i < SHAPE.grids; i++) {
    const c = communities[i % communities.length]!;
    grids.push({ id: await unit('grid', c.id, `网格${i}`, { streetId: c.street, communityId: c.id }), community: c.id, street: c.street });
  }
  const companies: number[] = [];
  for (let i = 0; i < SHAPE.companies; i++) {
    companies.push((await db.insertInto('propertyCompanies').values({ districtId: district, name: `物业公司${i}`, ...stamp }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const places: { grid: (typeof grids)[number]; compound: number | null; company: number | null }[] = grids.map((grid) => ({ grid, compound: null, company: null }));
  for (let i = 0; i < SHAPE.compounds; i++) {
    const grid = grids[i % grids.length]!;
    const company = i % 7 < 5 ? random.pick(companies) : null;
    const id = (
      await db
        .insertInto('compounds')
        .values({ districtId: district, streetId: grid.street, communityId: grid.community, gridId: grid.id, name: `小区${i}`, lng: 110.4, lat: 21.2, households: 500, propertyCompanyId: company, ...stamp } as never)
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    places.push({ grid, compound: id, company });
  }
  const sys = systemAccount(district);
  const categories: number[] = [];
  for (let i = 0; i < SHAPE.categories; i++) {
    categories.push(
      (
        await db
          .insertInto('categories')
          .values({ districtId: district, code: `cat_${i}`, nameZh: `类别${i}`, nameEn: `Category ${i}`, groupCode: 'g', acceptLimit: 1, acceptUnit: 'working_days', resolveLimit: 3, resolveUnit: 'working_days', handlerKind: 'property_company', fields: '[]', ...stamp } as never)
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  }

  // A year of cube rows for every place, company, day and month, as the listener would leave them.
  const started = Date.now();
  const cubes = cubeDb(db);
  const perPlaceDay = REQUESTS_PER_YEAR / 365 / places.length;
  let rows = 0;
  type Row = Record<string, number | string>;
  const fresh = () => ({ places: new Map<string, Row>(), categories: new Map<string, Row>() });
  let monthly = fresh();
  const chunks = <T>(list: T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
  const flush = async (maps: ReturnType<typeof fresh>) => {
    await db.transaction().execute(async (trx) => {
      const t = cubeDb(trx);
      for (const part of chunks([...maps.places.values()], 400)) await t.insertInto('requestPlaceRollups').values(part as never).execute();
      for (const part of chunks([...maps.categories.values()], 2000)) await t.insertInto('requestCategoryRollups').values(part as never).execute();
    });
    rows += maps.places.size + maps.categories.size;
  };
  const bump = (map: Map<string, Row>, key: string, make: () => Row, values: Record<string, number>) => {
    const row = map.get(key) ?? make();
    for (const [k, v] of Object.entries(values)) row[k] = (row[k] as number) + v;
    map.set(key, row);
  };
  // Each place's requests spread over every channel and category, as 25 million a year do.
  const split = (total: number, parts: number) => {
    const out = Array.from({ length: parts }, () => Math.floor(total / parts));
    out[0]! += total - out.reduce((a, b) => a + b, 0);
    return out;
  };
  for (let day = 0; day < 365; day++) {
    const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
    const daily = fresh();
    for (const place of places) {
      const c = zero();
      const n = Math.max(1, Math.round(perPlaceDay * random.float(0.5, 1.5)));
      c.placed = n;
      c.stateMerged = Math.round(n * 0.02);
      c.stateCancelled = Math.round(n * 0.02);
      c.counted = n - c.stateMerged - c.stateCancelled;
      c.stateClosed = Math.round(c.counted * 0.8);
      c.stateResolved = Math.round(c.counted * 0.1);
      c.stateAccepted = c.counted - c.stateClosed - c.stateResolved;
      c.accepted = c.counted;
      c.acceptDenominator = c.counted;
      c.acceptedInTime = Math.round(c.counted * random.float(0.85, 0.99));
      c.acceptMinutes = c.accepted * random.int(30, 200);
      c.resolved = c.stateClosed + c.stateResolved;
      c.resolveMinutes = c.resolved * random.int(600, 3000);
      c.rated = Math.round(c.stateClosed * 0.7);
      c.solved = Math.round(c.rated * random.float(0.85, 0.98));
      c.satisfied = Math.round(c.rated * random.float(0.9, 0.99));
      c.overdue = Math.round(n * 0.03);
      const via = Object.fromEntries(split(n, CHANNELS.length).map((v, i) => [VIA_COLUMNS[i]!, v]));
      const perCategory = split(n, categories.length);
      const { grid } = place;
      const compoundId = place.compound ?? 0;
      for (const [maps, grain, key] of [
        [daily, 'day', date],
        [monthly, 'month', monthOf(date)],
      ] as const) {
        const zeros = () => Object.fromEntries([...COUNTERS, ...VIA_COLUMNS].map((k) => [k, 0]));
        const company = place.company ?? 0;
        for (const at of [
          { scope: 'place', streetId: grid.street, communityId: grid.community, gridId: grid.id, compoundId, companyId: company },
          { scope: 'street', streetId: grid.street, communityId: 0, gridId: 0, compoundId: 0, companyId: 0 },
          { scope: 'district', streetId: 0, communityId: 0, gridId: 0, compoundId: 0, companyId: company },
        ]) {
          const id = `${at.scope}:${at.streetId}:${at.gridId}:${at.compoundId}:${at.companyId}`;
          bump(maps.places, id, () => ({ districtId: district, grain, day: key, ...at, ...zeros() }), { ...c, ...via });
        }
        categories.forEach((category, i) => {
          for (const at of [
            { scope: 'place', streetId: grid.street, communityId: grid.community, gridId: grid.id, compoundId },
            { scope: 'community', streetId: grid.street, communityId: grid.community, gridId: 0, compoundId: 0 },
            { scope: 'district', streetId: 0, communityId: 0, gridId: 0, compoundId: 0 },
          ]) {
            const id = `${at.scope}:${at.communityId}:${at.gridId}:${at.compoundId}:${category}`;
            bump(maps.categories, id, () => ({ districtId: district, grain, day: key, ...at, categoryId: category, placed: 0 }), { placed: perCategory[i]! });
          }
        });
      }
    }
    await flush(daily);
    const tomorrow = new Date(Date.UTC(2026, 0, 2 + day)).toISOString().slice(0, 10);
    if (monthOf(tomorrow) !== monthOf(date)) {
      await flush(monthly);
      monthly = fresh();
    }
  }
  const fillSeconds = (Date.now() - started) / 1000;
  const count = async (table: 'requestPlaceRollups' | 'requestCategoryRollups') =>
    Number((await cubes.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const tableRows = { places: await count('requestPlaceRollups'), categories: await count('requestCategoryRollups') };

  await createUser(ctx, sys, { username: 'bench_admin', displayName: 'bench', password: null, role: 'district_admin', scopeUnitId: district });
  const admin = await db.selectFrom('users').select('id').where('username', '=', 'bench_admin').executeTakeFirstOrThrow();
  const token = (await createToken(ctx, admin.id, 'bench')).token;
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  const iterations = options.iterations ?? 200;
  // Whole months, and periods ending inside a month as bench/figures.ts asks (29 edge days).
  const targets = {
    districtYear: `unit=${district}&from=2026-01-01&to=2026-12-31`,
    districtYearToNov29: `unit=${district}&from=2025-11-30&to=2026-11-29`,
    districtJunToNov29: `unit=${district}&from=2026-06-01&to=2026-11-29`,
    districtOctToNov29: `unit=${district}&from=2026-10-01&to=2026-11-29`,
    communityYear: `unit=${communities[3]!.id}&from=2026-01-01&to=2026-12-31`,
    communityYearToNov29: `unit=${communities[3]!.id}&from=2025-11-30&to=2026-11-29`,
    streetYearToNov29: `unit=${streets[2]}&from=2025-11-30&to=2026-11-29`,
    gridYear: `unit=${grids[10]!.id}&from=2026-01-01&to=2026-12-31`,
    compoundYear: `compound=${places.find((p) => p.compound !== null && p.company !== null)!.compound}&from=2026-01-01&to=2026-12-31`,
  };
  const timings: Record<string, { p50: number; p95: number; max: number; requests: number }> = {};
  for (const [name, query] of Object.entries(targets)) {
    const ms: number[] = [];
    let requests = 0;
    for (let i = 0; i < iterations + 10; i++) {
      const t0 = process.hrtime.bigint();
      const res = await app.inject({ method: 'GET', url: `/api/v1/figures?${query}`, headers: { authorization: `Bearer ${token}` } });
      const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
      requests = res.json().requests;
      if (i >= 10) ms.push(elapsed); // the first ten warm the page cache and the JIT
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 100) / 100;
    timings[name] = { p50: at(0.5), p95: at(0.95), max: at(1), requests };
  }
  await app.close();
  await db.destroy();
  const bytes = fs.statSync(file).size;
  if (!options.file) fs.rmSync(dir, { recursive: true, force: true });
  return { shape: SHAPE, requestsPerYear: REQUESTS_PER_YEAR, cubeRows: tableRows, rowsWritten: rows, fillSeconds, databaseMiB: Math.round(bytes / 2 ** 20), timingsMs: timings };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run({ file: process.argv[2] }), null, 2));
}
