// The demo's year of requests, seeded through the real request loop on SQLite and PostgreSQL:
// every row is the replay of its events, numbers are well formed and unique, the database
// holds what the plan says (states and figures), and the same seed and "now" seed the same data.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTERS, figuresOf, zero } from '../../src/core/figures.js';
import { replay, type RequestView } from '../../src/core/lifecycle.js';
import type { Db } from '../../src/db/connection.js';
import { buildPlan } from '../../src/demo/plan.js';
import { type DemoSummary, seedDemo } from '../../src/demo/seed.js';
import { expectedFigures, planYear } from '../../src/demo/year.js';
import { calendarFor } from '../../src/modules/calendar/service.js';
import { eventOf, viewOf } from '../../src/modules/requests/store.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';

const SEED = 1;
const REQUESTS = 300;

/** What must come out the same for the same seed and "now", whatever the database. */
async function fingerprintOf(db: Db) {
  const requests = await db
    .selectFrom('requests')
    .innerJoin('categories', 'categories.id', 'requests.categoryId')
    .select([
      'requests.number',
      'categories.code',
      'requests.channel',
      'requests.description',
      'requests.attributes',
      'requests.lat',
      'requests.lng',
      'requests.reporterName',
      'requests.reporterPhone',
      'requests.state',
      'requests.version',
      'requests.handlerKind',
      'requests.placedAt',
      'requests.dueAcceptAt',
      'requests.dueResolveAt',
      'requests.acceptedAt',
      'requests.resolvedAt',
      'requests.closedAt',
      'requests.ratingSatisfaction',
      'requests.escalationLevel',
    ])
    .orderBy('requests.number')
    .execute();
  const events = await db
    .selectFrom('requestEvents')
    .innerJoin('requests', 'requests.id', 'requestEvents.requestId')
    .select(['requests.number', 'requestEvents.seq', 'requestEvents.type', 'requestEvents.at', 'requestEvents.toState'])
    .orderBy('requests.number')
    .orderBy('requestEvents.seq')
    .execute();
  return { requests: requests.map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng) })), events };
}

let reference: Promise<Awaited<ReturnType<typeof fingerprintOf>>> | undefined;

/** The same demo seeded once more, into a fresh SQLite database, with the same clock. */
function referenceSeeding() {
  reference ??= (async () => {
    const t = await openTestDb('sqlite');
    try {
      await seedDemo(t.ctx, { seed: SEED, requests: REQUESTS });
      return await fingerprintOf(t.db);
    } finally {
      await t.close();
    }
  })();
  return reference;
}

describe.each(dialects())('demo year of requests on %s', (dialect) => {
  let t: TestDb;
  let summary: DemoSummary;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    summary = await seedDemo(t.ctx, { seed: SEED, requests: REQUESTS });
  });
  afterAll(async () => {
    await t?.close();
  });

  const planned = async () =>
    planYear({
      seed: SEED,
      anchor: t.ctx.now(),
      requests: REQUESTS,
      calendar: await calendarFor(t.ctx),
      autoCloseDays: t.ctx.config.autoCloseDays,
      sweepSeconds: t.ctx.config.sweepSeconds,
      workingHours: t.ctx.config.workingHours,
      plan: buildPlan(SEED),
    });

  it('seeds the catalogue and the requested number of requests', async () => {
    expect(summary.counts.requests).toBe(REQUESTS);
    const categories = await t.db.selectFrom('categories').select(['code', 'urgent']).execute();
    expect(categories.length).toBe(summary.counts.categories);
    expect(categories.filter((c) => c.urgent === 1).map((c) => c.code).sort()).toEqual(['facility.elevator_trapped', 'safety.gas_leak', 'water.pipe_burst']);
    const n = await sql<{ n: number | string }>`select count(*) as n from requests`.execute(t.db);
    expect(Number(n.rows[0]!.n)).toBe(REQUESTS);
    const meta = await t.db.selectFrom('meta').select('value').where('key', '=', 'demo').executeTakeFirstOrThrow();
    expect(JSON.parse(meta.value)).toEqual({ seed: SEED, createdAt: t.ctx.now().toISOString(), requests: REQUESTS });
  });

  it('keeps every request row equal to the replay of its events', async () => {
    const rows = await t.db.selectFrom('requests').selectAll().orderBy('id').execute();
    const events = await t.db.selectFrom('requestEvents').selectAll().orderBy('requestId').orderBy('seq').execute();
    const byRequest = new Map<number, typeof events>();
    for (const e of events) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e]);
    for (const row of rows) {
      const own = byRequest.get(row.id) ?? [];
      expect(own.map((e) => e.seq)).toEqual(own.map((_, i) => i + 1));
      expect(viewOf(row), row.number).toEqual(replay(own.map(eventOf)));
    }
    expect(events.length).toBe(summary.year.events);
  });

  it('places requests over the year before now and writes nothing after it', async () => {
    const now = t.ctx.now().getTime();
    const span = await t.db
      .selectFrom('requests')
      .select((eb) => [eb.fn.min('placedAt').as('first'), eb.fn.max('placedAt').as('last')])
      .executeTakeFirstOrThrow();
    expect(Date.parse(String(span.first))).toBeGreaterThanOrEqual(now - 365 * 86_400_000);
    expect(Date.parse(String(span.last))).toBeLessThan(now);
    const latest = await t.db.selectFrom('requestEvents').select((eb) => eb.fn.max('at').as('at')).executeTakeFirstOrThrow();
    expect(Date.parse(String(latest.at))).toBeLessThan(now);
  });

  it('numbers requests by the day they were placed, uniquely and without gaps', async () => {
    const rows = await t.db.selectFrom('requests').select(['number', 'placedDay']).execute();
    const perDay = new Map<string, number[]>();
    for (const r of rows) {
      const m = /^HY-(\d{8})-(\d{4})$/.exec(r.number);
      expect(m, r.number).not.toBeNull();
      expect(m![1]).toBe(r.placedDay.replaceAll('-', ''));
      perDay.set(r.placedDay, [...(perDay.get(r.placedDay) ?? []), Number(m![2])]);
    }
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    for (const [day, counters] of perDay) expect(counters.sort((a, b) => a - b), day).toEqual(counters.map((_, i) => i + 1));
  });

  it('holds exactly the outcomes the plan worked out, mostly closed', async () => {
    const year = await planned();
    const rows = await t.db.selectFrom('requests').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(year.stories.length);
    const strip = (v: RequestView) => ({ ...v, handler: v.handler.kind, mergedIntoId: null, version: v.version });
    rows.forEach((row, i) => {
      const story = year.stories[i]!;
      const view = viewOf(row);
      expect(row.description).toBe(story.description);
      expect(strip(view), row.number).toEqual(strip(story.view));
      expect(view.mergedIntoId).toBe(story.view.mergedIntoId === null ? null : rows[story.view.mergedIntoId]!.id);
    });
    const expected = expectedFigures(year);
    const { byChannel: _channels, events: _events, sweeps: _sweeps, reminders: _reminders, seconds: _seconds, ...figures } = summary.year;
    expect(figures).toEqual(expected);
    expect(expected.byState.closed).toBeGreaterThan(REQUESTS * 0.8);
  });

  it('agrees with the rollups the request loop kept, unit by unit', async () => {
    const sums = await t.db
      .selectFrom('requestRollups')
      .select((eb) => ['communityId', ...COUNTERS.map((c) => eb.fn.sum<number>(c).as(c))] as const)
      .groupBy('communityId')
      .execute();
    const rows = await t.db.selectFrom('requests').selectAll().execute();
    for (const sum of sums) {
      const mine = rows.filter((r) => r.communityId === sum.communityId);
      const counters = zero();
      for (const c of COUNTERS) counters[c] = Number((sum as Record<string, unknown>)[c]);
      expect(counters.placed).toBe(mine.length);
      expect(figuresOf(counters).byState.closed).toBe(mine.filter((r) => r.state === 'closed').length);
    }
  });

  it('has each step taken by the one who may take it', async () => {
    const rows = await t.db
      .selectFrom('requestEvents')
      .leftJoin('users', 'users.id', 'requestEvents.actorId')
      .select(['requestEvents.type', 'users.role'])
      .execute();
    const roles = new Map<string, Set<string | null>>();
    for (const r of rows) roles.set(r.type, (roles.get(r.type) ?? new Set()).add(r.role));
    for (const type of ['request.overdue', 'request.escalated', 'request.closed']) {
      if (roles.has(type)) expect([...roles.get(type)!]).toEqual([null]);
    }
    for (const role of roles.get('request.accepted') ?? []) expect(['property_staff', 'grid_worker', 'community_staff']).toContain(role);
    for (const role of roles.get('request.supervised') ?? []) expect(['party_secretary', 'street_staff']).toContain(role);
    for (const role of roles.get('request.merged') ?? []) expect(role).toBe('community_staff');
    // Residents in the app place their own requests; staff record the rest.
    for (const role of roles.get('request.submitted') ?? []) expect([null, 'resident', 'grid_worker', 'community_staff']).toContain(role);
  });

  it('seeds the same requests and events for the same seed and "now" (compared with a fresh SQLite seeding)', async () => {
    expect(await fingerprintOf(t.db)).toEqual(await referenceSeeding());
  });
});
