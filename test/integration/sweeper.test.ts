// The supervision sweeper with two app servers on one database (two contexts, each with its own
// connections): each overdue marking and each escalation level recorded once, rows, events and
// rollups agreeing; level timing on the official calendar; skipping a missing branch;
// auto-close; due-soon reminders; supervisors told; webhooks delivered once by two workers.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { escalationTarget } from '../../src/core/escalation.js';
import { replay } from '../../src/core/lifecycle.js';
import { type Db, openDatabase } from '../../src/db/connection.js';
import { assertTestDatabase } from '../../src/db/guard.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createCompound } from '../../src/modules/compounds/service.js';
import { deliverWebhooks } from '../../src/modules/notifications/webhooks.js';
import { columnsOf, eventOf } from '../../src/modules/requests/store.js';
import { startSweeper, sweep, SWEEP_LEASE, type SweepReport } from '../../src/modules/requests/sweeper.js';
import { systemAccount } from '../../src/modules/shared/account.js';
import type { App, Context } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb, type TestDialect } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { addTestCategories } from '../helpers/requests.js';
import { buildWorld, PASSWORD, type World } from '../helpers/world.js';

interface Pair {
  t: TestDb;
  /** A second app server: the same database through its own connections. */
  other: Context;
  close(): Promise<void>;
}

/** Two contexts on one database: a PostgreSQL schema, or a SQLite file (never :memory:). */
async function openPair(dialect: TestDialect): Promise<Pair> {
  if (dialect === 'postgres') {
    const t = await openTestDb('postgres');
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(t.db);
    const db2 = openDatabase(t.ctx.config.database, { searchPath: rows[0]!.schema, poolSize: 5 });
    return { t, other: { ...t.ctx, db: db2 }, close: async () => (await db2.destroy(), await t.close()) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hy-sweeper-'));
  const database = { kind: 'sqlite' as const, file: path.join(dir, 'test.db') };
  assertTestDatabase(database);
  const db1 = openDatabase(database);
  await migrateToLatest(db1);
  const db2 = openDatabase(database);
  // Both connections live on this one thread: a connection waiting for the other's write lock
  // would block the very thread that must release it, so they fail fast (SQLITE_BUSY) instead,
  // which the sweeper treats like any other lost race. Separate processes keep busy_timeout.
  for (const db of [db1, db2]) await sql`pragma busy_timeout = 0`.execute(db);
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), database };
  const clock = { now: new Date('2026-11-29T02:00:00.000Z') };
  const ctx: Context = { db: db1, dialect: 'sqlite', config, now: () => new Date(clock.now) };
  const t: TestDb = {
    dialect: 'sqlite',
    db: db1,
    ctx,
    clock,
    close: async () => {
      await db1.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return { t, other: { ...ctx, db: db2 }, close: async () => (await db2.destroy(), await t.close()) };
}

const total = (reports: SweepReport[], key: 'overdue' | 'escalated' | 'closed' | 'dueSoon') => reports.reduce((n, r) => n + r[key], 0);

describe.each(dialects())('supervision sweeper on %s', (dialect) => {
  let pair: Pair;
  let t: TestDb;
  let db: Db;
  let app: App;
  let world: World;
  let bareCompound: number;
  let branchSecretary: string;

  beforeAll(async () => {
    pair = await openPair(dialect);
    t = pair.t;
    db = t.db;
    world = await buildWorld(t.ctx);
    await addTestCategories(t.ctx, world.a.district);
    const sys = systemAccount(world.a.district);
    // A compound with neither property company nor party branch: the grid worker handles, level 1 is skipped.
    bareCompound = (
      await createCompound(t.ctx, sys, {
        gridId: world.a.grid,
        name: '甲区甲无主小区',
        location: { lng: 110.4035, lat: 21.203 },
        households: 80,
        buildYear: 1988,
        isOld: true,
        isThreeNos: true,
        propertyCompanyId: null,
        hasOwnersCommittee: false,
      })
    ).id;
    branchSecretary = 'a_branch_secretary';
    await createUser(t.ctx, sys, { username: branchSecretary, displayName: '支部书记', password: PASSWORD, role: 'party_secretary', partyOrgId: world.a.branch });
    app = await startApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await pair?.close();
  });

  // Sessions expire as the clock moves, so each client logs in at the time it acts.
  const as = (role: keyof World['users']) => loginAs(app, world.users[role]);

  const place = async (compoundId: number, at: string) => {
    t.clock.now = new Date(at);
    const res = await (await as('resident')).post('/api/v1/requests', {
      categoryCode: 'corridor_light',
      description: '楼道灯坏了，晚上很黑',
      attributes: { floor: 2 },
      location: { compoundId },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; number: string; dueAcceptAt: string; dueResolveAt: string; handler: { kind: string } };
  };

  const eventsOf = async (id: number) =>
    db.selectFrom('requestEvents').selectAll().where('requestId', '=', id).orderBy('seq').execute();

  const levelsOf = async (id: number) =>
    (await eventsOf(id)).filter((e) => e.type === 'request.escalated').map((e) => (JSON.parse(e.data) as { level: number }).level);

  const inbox = async (client: Client) => {
    const res = await client.get('/api/v1/notifications');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { type: string; text: string; requestId: number }[]; unread: number };
  };

  const sweepAt = async (at: string) => {
    t.clock.now = new Date(at);
    return sweep(t.ctx, { lease: false });
  };

  it('records each overdue marking and each escalation level once with two servers sweeping at once', async () => {
    const start = '2026-11-29T02:00:00.000Z';
    const withBranch = await Promise.all(Array.from({ length: 5 }, () => place(world.a.compound, start)));
    const bare = await Promise.all(Array.from({ length: 3 }, () => place(bareCompound, start)));
    expect(bare[0]!.handler.kind).toBe('grid_worker');
    t.clock.now = new Date('2027-01-15T02:00:00.000Z'); // weeks past every limit

    // Without the lease (correctness must not need it), then with it, ten rounds on each server at once.
    const unleased = await Promise.all(
      Array.from({ length: 10 }, () => [sweep(t.ctx, { lease: false }), sweep(pair.other, { lease: false })]).flat(),
    );
    const leased = await Promise.all(Array.from({ length: 10 }, () => [sweep(t.ctx), sweep(pair.other)]).flat());
    const reports = [...unleased, ...leased];

    for (const r of withBranch) expect(await levelsOf(r.id)).toEqual([1, 2, 3, 4]);
    for (const r of bare) expect(await levelsOf(r.id)).toEqual([2, 3, 4]);
    for (const r of [...withBranch, ...bare]) {
      const events = await eventsOf(r.id);
      const overdue = events.filter((e) => e.type === 'request.overdue').map((e) => (JSON.parse(e.data) as { limit: string }).limit);
      expect(overdue.sort()).toEqual(['accept', 'resolve']);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      // The row is the replay of its events.
      const row = await db.selectFrom('requests').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject(columnsOf(replay(events.map(eventOf))));
      expect(row).toMatchObject({ overdueAccept: 1, overdueResolve: 1, escalationLevel: 4 });
    }
    // Every write that happened is counted once in some report: none was done twice.
    expect(total(reports, 'overdue')).toBe(2 * (withBranch.length + bare.length));
    expect(total(reports, 'escalated')).toBe(4 * withBranch.length + 3 * bare.length);
    expect(reports.every((r) => r.failed === 0)).toBe(true);
    // The servers really raced: many of their writes lost to the other's (and were skipped).
    expect(unleased.reduce((n, r) => n + r.conflicts, 0)).toBeGreaterThan(0);
    // With the lease, never more than one of the two servers did the work.
    // (leased alternates the two servers: even indexes are the first, odd the second.)
    const ranOn = new Set(leased.flatMap((r, i) => (r.ran ? [i % 2] : [])));
    expect(ranOn.size).toBe(1);
    // The rollups moved with the rows.
    const overdueRows = await db
      .selectFrom('requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('overdueAccept', '=', 1), eb('overdueResolve', '=', 1)]))
      .executeTakeFirstOrThrow();
    const rolled = await db.selectFrom('requestRollups').select((eb) => eb.fn.sum<number>('overdue').as('n')).executeTakeFirstOrThrow();
    expect(Number(rolled.n)).toBe(Number(overdueRows.n));
  });

  it('lets one server hold the sweep lease until it lapses', async () => {
    t.clock.now = new Date('2027-02-01T02:00:00.000Z');
    const [first, second] = await Promise.all([sweep(t.ctx), sweep(pair.other)]);
    expect([first!.ran, second!.ran].filter(Boolean)).toHaveLength(1);
    const holder = first!.ran ? t.ctx : pair.other;
    const standby = first!.ran ? pair.other : t.ctx;
    expect((await sweep(holder)).ran).toBe(true);
    expect((await sweep(standby)).ran).toBe(false);
    // The holder stops renewing (it died); once the lease lapses the other takes over.
    const lease = await db.selectFrom('jobLeases').selectAll().executeTakeFirstOrThrow();
    t.clock.now = new Date(Date.parse(lease.expiresAt) + 1000);
    expect((await sweep(standby)).ran).toBe(true);
    expect((await sweep(holder)).ran).toBe(false);
  });

  it('climbs the chain at 1, 3 and 5 working days overdue and tells each level', async () => {
    // Placed Sunday 2026-11-29 10:00 Shanghai: 4 working hours end Monday 15:00 (07:00Z).
    const r = await place(world.a.compound, '2026-11-29T02:00:00.000Z');
    expect(r.dueAcceptAt).toBe('2026-11-30T07:00:00.000Z');
    await sweepAt('2026-11-30T06:59:00.000Z');
    expect(await levelsOf(r.id)).toEqual([]);
    await sweepAt('2026-11-30T07:01:00.000Z');
    expect(await levelsOf(r.id)).toEqual([1]);
    const secretary = await loginAs(app, branchSecretary);
    expect((await inbox(secretary)).items.find((n) => n.requestId === r.id)).toMatchObject({
      type: 'request.escalated',
      text: `诉求 ${r.number} 已超时未接单，已提交小区党支部督办`,
    });
    expect((await inbox(await as('property_staff'))).items.filter((n) => n.requestId === r.id).map((n) => n.type)).toEqual(
      expect.arrayContaining(['request.assigned', 'request.overdue', 'request.escalated']),
    );

    // One working day (7 h) past Monday 15:00 is Tuesday 15:00; three, Thursday; five, next Monday.
    await sweepAt('2026-12-01T06:59:00.000Z');
    expect(await levelsOf(r.id)).toEqual([1]);
    await sweepAt('2026-12-01T07:00:00.000Z');
    expect(await levelsOf(r.id)).toEqual([1, 2]);
    for (const username of [world.users.party_secretary, world.users.community_staff]) {
      const notes = (await inbox(await loginAs(app, username))).items.filter((n) => n.requestId === r.id);
      expect(notes.map((n) => n.text)).toContain(`诉求 ${r.number} 已超时未接单，已提级至社区大党委督办`);
    }
    await sweepAt('2026-12-03T06:59:00.000Z');
    expect(await levelsOf(r.id)).toEqual([1, 2]);
    await sweepAt('2026-12-03T07:00:00.000Z');
    expect(await levelsOf(r.id)).toEqual([1, 2, 3]);
    const street = (await inbox(await as('street_staff'))).items.filter((n) => n.requestId === r.id);
    expect(street.map((n) => n.text)).toEqual([`诉求 ${r.number} 已超时未接单，已提级至街道督办`]);
    await sweepAt('2026-12-06T12:00:00.000Z'); // Sunday: no working time passes
    expect(await levelsOf(r.id)).toEqual([1, 2, 3]);
    await sweepAt('2026-12-07T07:00:00.000Z');
    expect(await levelsOf(r.id)).toEqual([1, 2, 3, 4]);
    const admin = (await inbox(await as('district_admin'))).items.filter((n) => n.requestId === r.id);
    expect(admin.map((n) => n.text)).toEqual([`诉求 ${r.number} 已超时未接单，已提级至区级督办`]);
    // The resident is not a supervisor and hears nothing of it.
    expect((await inbox(await as('resident'))).items.filter((n) => n.requestId === r.id && n.type === 'request.escalated')).toEqual([]);
  });

  it('skips level 1 in a compound without a branch and tells the grid worker', async () => {
    const r = await place(bareCompound, '2026-11-29T02:00:00.000Z');
    await sweepAt('2026-11-30T07:01:00.000Z');
    expect(await levelsOf(r.id)).toEqual([escalationTarget(0, 420, false)]);
    const notes = (await inbox(await as('grid_worker'))).items.filter((n) => n.requestId === r.id).map((n) => n.type);
    expect(notes).toEqual(expect.arrayContaining(['request.assigned', 'request.overdue', 'request.escalated']));
    const community = (await inbox(await as('community_staff'))).items.filter((n) => n.requestId === r.id);
    expect(community.map((n) => n.text)).toEqual([`诉求 ${r.number} 已超时未接单，已提级至社区大党委督办`]);
  });

  it('closes a resolved request nobody rated after AUTO_CLOSE_DAYS days', async () => {
    const r = await place(world.a.compound, '2026-11-30T01:00:00.000Z');
    const property = await as('property_staff');
    expect((await property.post(`/api/v1/requests/${r.id}/accept`, { version: 1 })).statusCode).toBe(200);
    t.clock.now = new Date('2026-11-30T02:00:00.000Z');
    const resolved = await property.post(`/api/v1/requests/${r.id}/resolve`, { version: 2, note: '已更换灯泡' });
    expect(resolved.json().state).toBe('resolved');
    const row0 = await db.selectFrom('requests').select('resolvedAt').where('id', '=', r.id).executeTakeFirstOrThrow();
    const resolvedAt = Date.parse(row0.resolvedAt!);
    const days = t.ctx.config.autoCloseDays * 86_400_000;
    await sweepAt(new Date(resolvedAt + days - 60_000).toISOString());
    expect((await eventsOf(r.id)).at(-1)!.type).toBe('request.resolved');
    const reports = await Promise.all([sweepAt(new Date(resolvedAt + days + 60_000).toISOString()), sweep(pair.other, { lease: false })]);
    const events = await eventsOf(r.id);
    expect(events.filter((e) => e.type === 'request.closed')).toHaveLength(1);
    expect(eventOf(events.at(-1)!)).toMatchObject({ type: 'request.closed', reason: 'unrated', actorId: null });
    expect(total(reports, 'closed')).toBeGreaterThanOrEqual(1);
    const row = await db.selectFrom('requests').select(['state', 'ratingSatisfaction']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'closed', ratingSatisfaction: null });
  });

  it('reminds the handler once when the accept limit is within a working hour', async () => {
    const r = await place(world.a.compound, '2026-11-29T02:00:00.000Z');
    const reminders = async () =>
      db.selectFrom('notifications').selectAll().where('requestId', '=', r.id).where('type', '=', 'request.due_soon.accept').execute();
    // Monday 10:00 Shanghai: 2.5 working hours to go (10:00–12:00, 14:30–15:00).
    await sweepAt('2026-11-30T02:00:00.000Z');
    expect(await reminders()).toHaveLength(0);
    // Monday 12:30, lunch break: 30 working minutes to go.
    t.clock.now = new Date('2026-11-30T04:30:00.000Z');
    await Promise.all(Array.from({ length: 5 }, () => [sweep(t.ctx, { lease: false }), sweep(pair.other, { lease: false })]).flat());
    await sweepAt('2026-11-30T06:30:00.000Z');
    const sent = await reminders();
    expect(sent.map((n) => n.userId)).toEqual([world.userIds.property_staff]);
    expect(sent[0]!.text).toBe(`诉求 ${r.number} 将于 11月30日 15:00 到达接单时限，请尽快接单`);
  });

  it('delivers each queued webhook once when both servers run the delivery worker', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const admin = await as('district_admin');
      const port = (server.address() as AddressInfo).port;
      const hook = await admin.post('/api/v1/webhooks', { orgUnitId: world.a.community, url: `http://127.0.0.1:${port}/hooks` });
      expect(hook.statusCode).toBe(201);
      const placed = await Promise.all(Array.from({ length: 4 }, () => place(world.a.compound, '2026-12-14T02:00:00.000Z')));
      await Promise.all(Array.from({ length: 5 }, () => [deliverWebhooks(t.ctx), deliverWebhooks(pair.other)]).flat());
      const ids = received.map((b) => (JSON.parse(b) as { request: { id: number } }).request.id).sort((x, y) => x - y);
      expect(ids).toEqual(placed.map((p) => p.id).sort((x, y) => x - y));
      const log = (await (await as('district_admin')).get(`/api/v1/webhooks/${hook.json().id}/deliveries`)).json();
      expect(log.items.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual(placed.map(() => ['delivered', 1]));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('runs on its own once started, and gives the lease up when stopped', async () => {
    const r = await place(world.a.compound, '2026-12-14T02:00:00.000Z');
    // Past the request's limits, and past the lease an earlier test's server left behind.
    t.clock.now = new Date('2027-03-01T02:00:00.000Z');
    const server: Context = { ...t.ctx, config: { ...t.ctx.config, sweepSeconds: 1 } };
    const logged: string[] = [];
    const stop = startSweeper(server, (m) => logged.push(m));
    try {
      await expect.poll(async () => (await levelsOf(r.id)).length, { timeout: 10_000, interval: 100 }).toBe(4);
    } finally {
      await stop();
    }
    expect(logged).toEqual([]);
    const lease = await db.selectFrom('jobLeases').selectAll().where('name', '=', SWEEP_LEASE).executeTakeFirstOrThrow();
    expect(lease.expiresAt).toBe(new Date(0).toISOString());
    // Released: the other server takes over at once.
    expect((await sweep(pair.other)).ran).toBe(true);
  });
});
