// Figures over HTTP: a mixed workload driven through the real services with the clock moving,
// then every figure of /figures recomputed from the NDJSON event export (replay, contribution,
// figuresOf) and found equal; scope, roles, bad input and paging of the export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../src/core/calendar.js';
import { CHILD_LEVEL, type Level, rank } from '../../src/core/figureCube.js';
import { add, contribution, COUNTERS, type Counters, type Figures, figuresOf, zero } from '../../src/core/figures.js';
import { type RequestEvent, type RequestView, replay } from '../../src/core/lifecycle.js';
import { CHANNELS } from '../../src/core/vocabulary.js';
import type { ServiceRequest } from '../../src/db/schema.js';
import { accountForToken, createToken } from '../../src/modules/accounts/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createCompound } from '../../src/modules/compounds/service.js';
import { cubeDb, rebuildFigureCubes } from '../../src/modules/figures/cubes.js';
import type { ExportedEvent } from '../../src/modules/figures/service.js';
import { act, type ActionInput, sweeperAccount, transition } from '../../src/modules/requests/actions.js';
import { createCategory } from '../../src/modules/requests/categories.js';
import { type IntakeInput, placeRequest } from '../../src/modules/requests/intake.js';
import { type Account, systemAccount } from '../../src/modules/shared/account.js';
import { createRandom, type Random } from '../../src/demo/random.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { addTestCategories } from '../helpers/requests.js';
import { buildWorld, PASSWORD, type World } from '../helpers/world.js';

const REQUESTS = 330;
const FULL = { from: '2026-01-01', to: '2026-12-31' };

interface Replayed {
  view: RequestView;
  placed: ExportedEvent['request'];
}

/** Reads the whole export, page by page, as the consumer the X-Next-Since header is for. */
async function readExport(client: Client, limit = 250): Promise<{ events: ExportedEvent[]; pages: number }> {
  const events: ExportedEvent[] = [];
  let since = 0;
  let pages = 0;
  for (;;) {
    const res = await client.get(`/api/v1/requests/events?since=${since}&limit=${limit}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    pages += 1;
    const lines = res.body.split('\n').filter((l) => l.length > 0);
    events.push(...lines.map((l) => JSON.parse(l) as ExportedEvent));
    since = Number(res.headers['x-next-since']);
    if (lines.length < limit) return { events, pages };
  }
}

/** Every request of the export, rebuilt by replaying its events. */
function replayExport(events: ExportedEvent[]): Map<number, Replayed> {
  const byRequest = new Map<number, ExportedEvent[]>();
  for (const e of events) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e]);
  const out = new Map<number, Replayed>();
  for (const [id, list] of byRequest) {
    list.sort((a, b) => a.seq - b.seq);
    expect(list.map((e) => e.seq)).toEqual(list.map((_, i) => i + 1));
    const view = replay(list.map((e) => ({ ...e.data, type: e.type, at: e.at, actorId: e.actorId }) as RequestEvent));
    out.set(id, { view, placed: list[0]!.request });
  }
  return out;
}

const FIGURE_KEYS = [
  'requests',
  'byState',
  'overdue',
  'responseRate',
  'resolutionRate',
  'satisfactionRate',
  'averageAcceptMinutes',
  'averageResolveMinutes',
  'accepted',
  'rated',
] as const;
const figuresIn = (o: Record<string, unknown>) => Object.fromEntries(FIGURE_KEYS.map((k) => [k, o[k]])) as unknown as Figures;

function unitOf(r: Replayed, level: Level): number | null {
  const p = r.placed;
  return { district: p.districtId, street: p.streetId, community: p.communityId, grid: p.gridId, compound: p.compoundId }[level];
}

function sumOf(requests: Replayed[]): Counters {
  const c = zero();
  for (const r of requests) add(c, contribution(r.view));
  return c;
}

/** The report /figures should give, computed from replayed requests alone. */
function expectedReport(all: Map<number, Replayed>, level: Level, id: number, period: { from: string; to: string }, childIds: number[]) {
  const mine = [...all.values()].filter((r) => unitOf(r, level) === id && r.placed.placedDay >= period.from && r.placed.placedDay <= period.to);
  const months = [...new Set(mine.map((r) => r.placed.placedDay.slice(0, 7)))].sort();
  const childLevel = CHILD_LEVEL[level];
  const byChild = childIds.map((child) => ({
    id: child,
    ...figuresOf(sumOf(mine.filter((r) => childLevel !== null && unitOf(r, childLevel) === child))),
  }));
  const categories = new Map<string, number>();
  for (const r of mine) categories.set(r.placed.categoryCode, (categories.get(r.placed.categoryCode) ?? 0) + 1);
  const companies = new Map<number, Replayed[]>();
  for (const r of mine) {
    const company = r.view.handler.companyId;
    if (company !== null) companies.set(company, [...(companies.get(company) ?? []), r]);
  }
  return {
    mine,
    childrenWithRequests: childLevel ? [...new Set(mine.map((r) => unitOf(r, childLevel)).filter((c) => c !== null))] : [],
    figures: figuresOf(sumOf(mine)),
    byMonth: months.map((m) => ({ month: m, ...figuresOf(sumOf(mine.filter((r) => r.placed.placedDay.startsWith(m)))) })),
    byChild,
    childRanking: rank(byChild, (a, b) => a.id - b.id).map((c) => ({ rank: c.rank, id: c.id })),
    byChannel: CHANNELS.map((channel) => ({ channel, requests: mine.filter((r) => r.placed.channel === channel).length })),
    byCategory: [...categories.entries()]
      .map(([categoryCode, requests]) => ({ categoryCode, requests }))
      .sort((a, b) => b.requests - a.requests || a.categoryCode.localeCompare(b.categoryCode)),
    companyRanking: rank(
      [...companies.entries()].map(([companyId, list]) => ({ id: companyId, ...figuresOf(sumOf(list)) })),
      (a, b) => a.id - b.id,
    ),
  };
}

describe.each(dialects())('figures on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;
  let admin: Client;
  let exported: ExportedEvent[];
  let requests: Map<number, Replayed>;
  let compound2: number;
  let compound3: number;
  /** Days on which requests were placed, inside months, so the edges of the period are days with requests on them. */
  let PART: { from: string; to: string };
  const placedIds: number[] = [];

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    await buildWorkload();
    app = await startApp(t);
    admin = await loginAs(app, world.users.district_admin);
    exported = (await readExport(admin)).events;
    requests = replayExport(exported);
    const days = [...new Set([...requests.values()].map((r) => r.placed.placedDay))].sort();
    const inside = (i: number) => days.slice(i).find((d) => !d.endsWith('-01'))!;
    PART = { from: inside(Math.floor(days.length * 0.2)), to: inside(Math.floor(days.length * 0.6)) };
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  /** A district with companies, compounds with and without property management, points outside compounds, and a year's work on 330 requests. */
  async function buildWorkload() {
    const { ctx } = t;
    const a = world.a;
    const sys = systemAccount(a.district);
    await addTestCategories(ctx, a.district);
    for (const [code, handlerKind] of [
      ['legal_consult', 'legal_adviser'],
      ['neighbour_noise', 'community_staff'],
    ] as const) {
      await createCategory(ctx, sys, {
        code,
        nameZh: code === 'legal_consult' ? '法律咨询' : '邻里噪音',
        nameEn: code,
        groupCode: 'community',
        acceptLimit: { amount: 1, unit: 'working_days' },
        resolveLimit: { amount: 5, unit: 'working_days' },
        handlerKind,
      });
    }
    const compound = (gridId: number, name: string, lng: number, propertyCompanyId: number | null) =>
      createCompound(ctx, sys, {
        gridId,
        name,
        location: { lng, lat: 21.206 },
        households: 120,
        buildYear: 1998,
        isOld: true,
        isThreeNos: propertyCompanyId === null,
        propertyCompanyId,
        hasOwnersCommittee: false,
      });
    compound2 = (await compound(a.siblingGrid, '无物业小区', 110.4075, null)).id;
    compound3 = (await compound(a.grid, '乙物业代管小区', 110.4035, a.other.company)).id;
    const otherSibling = await t.db
      .selectFrom('orgUnits')
      .select('id')
      .where('kind', '=', 'grid')
      .where('communityId', '=', a.other.community)
      .where('id', '!=', a.other.grid)
      .executeTakeFirstOrThrow();

    const accountOf = async (userId: number): Promise<Account> => (await accountForToken(ctx, (await createToken(ctx, userId, 'figures test')).token))!;
    const user = async (username: string, spec: Parameters<typeof createUser>[2]) =>
      accountOf((await createUser(ctx, sys, { username, displayName: username, password: PASSWORD, ...spec })).id);
    const workers = new Map<number, Account>([[a.grid, await accountOf(world.userIds.grid_worker)]]);
    for (const grid of [a.siblingGrid, a.other.grid, otherSibling.id]) workers.set(grid, await user(`gw_${grid}`, { role: 'grid_worker', scopeUnitId: grid }));
    const staff = new Map<number, Account>([
      [a.company, await accountOf(world.userIds.property_staff)],
      [a.other.company, await user('other_property', { role: 'property_staff', propertyCompanyId: a.other.company })],
    ]);
    const communityStaff = new Map<number, Account>([
      [a.community, await accountOf(world.userIds.community_staff)],
      [a.other.community, await user('other_community', { role: 'community_staff', scopeUnitId: a.other.community })],
    ]);
    const dispatcher = await accountOf(world.userIds.district_admin);
    const residents = new Map<number, Account>([[world.userIds.resident, await accountOf(world.userIds.resident)]]);
    const resident = residents.get(world.userIds.resident)!;
    const sweeper = sweeperAccount(a.district);

    const locations: IntakeInput['location'][] = [
      { compoundId: a.compound },
      { compoundId: compound2 },
      { compoundId: compound3 },
      { compoundId: a.other.compound },
      { lat: 21.203, lng: 110.401 }, // a.grid, outside every compound
      { lat: 21.207, lng: 110.408 }, // a.siblingGrid
      { lat: 21.203, lng: 110.421 }, // a.other.grid
      { lat: 21.207, lng: 110.428 }, // the other community's second grid
    ];
    const categories = ['corridor_light', 'stray_dog', 'gas_leak', 'legal_consult', 'neighbour_noise'];
    const walkInChannels = ['reception_day', 'hotline', 'suggestion_box', 'discussion_group'] as const;
    const random: Random = createRandom(20261129);
    const clock = t.clock;
    clock.now = new Date('2026-01-05T00:30:00.000Z');

    const row = (id: number) => t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const handlerOf = (r: ServiceRequest): Account => {
      switch (r.handlerKind) {
        case 'property_company':
          return staff.get(r.handlerCompanyId!)!;
        case 'grid_worker':
          return workers.get(r.handlerUnitId ?? r.gridId)!;
        default:
          return communityStaff.get(r.communityId)!;
      }
    };
    const reporterOf = (r: ServiceRequest) => (r.reporterUserId ? residents.get(r.reporterUserId)! : dispatcher);

    async function place() {
      const categoryCode = random.pick(categories);
      const location = random.pick(locations);
      const input: IntakeInput = {
        categoryCode,
        description: `${categoryCode} 第${placedIds.length + 1}件：楼下情况需要处理`,
        location,
        ...(categoryCode === 'corridor_light' ? { attributes: { floor: random.int(1, 18) } } : {}),
      };
      const who = random.float(0, 1);
      let result;
      if (who < 0.35) result = await placeRequest(ctx, resident, input);
      else if (who < 0.5 && 'lat' in location && location.lng < 110.405) {
        result = await placeRequest(ctx, workers.get(a.grid)!, { ...input, reporter: { name: '王阿姨', phone: '13911112222' } });
      } else {
        result = await placeRequest(ctx, dispatcher, { ...input, channel: random.pick(walkInChannels), reporter: { name: '李先生', phone: '13822223333' } });
      }
      placedIds.push(result.request.id);
    }

    const actOn = (account: Account, r: ServiceRequest, input: ActionInput) => act(ctx, account, r.id, r.version, input);

    async function reassign(r: ServiceRequest) {
      const options: ActionInput[] = [];
      for (const companyId of [a.company, a.other.company]) {
        if (r.handlerCompanyId !== companyId) options.push({ action: 'reassign', handler: { kind: 'property_company', companyId } });
      }
      const worker = workers.get(r.gridId)!;
      if (r.state === 'returned' || r.handlerUserId !== worker.id) options.push({ action: 'reassign', handler: { kind: 'grid_worker', userId: worker.id } });
      if (r.state === 'returned' || r.handlerKind !== 'community_staff') options.push({ action: 'reassign', handler: { kind: 'community_staff' } });
      await actOn(dispatcher, r, { ...random.pick(options), note: '改派' } as ActionInput);
    }

    async function merge(r: ServiceRequest) {
      const candidates = await t.db
        .selectFrom('requests')
        .select('id')
        .where('id', '!=', r.id)
        .where('state', 'in', ['submitted', 'accepted', 'returned', 'reopened'])
        .orderBy('id')
        .execute();
      if (candidates.length === 0) return;
      await actOn(dispatcher, r, { action: 'merge', intoId: random.pick(candidates).id });
    }

    async function work(r: ServiceRequest) {
      const x = random.float(0, 1);
      if (r.extensionPending && (r.state === 'accepted' || r.state === 'reopened')) {
        return actOn(dispatcher, r, { action: 'decideExtension', granted: random.chance(0.7), note: '同意延期' });
      }
      switch (r.state) {
        case 'submitted':
          if (x < 0.6) return actOn(handlerOf(r), r, { action: 'accept' });
          if (x < 0.7) return actOn(handlerOf(r), r, { action: 'return', reason: '不属于本单位职责' });
          if (x < 0.8) return reassign(r);
          if (x < 0.87) return actOn(random.chance(0.5) ? reporterOf(r) : dispatcher, r, { action: 'cancel', reason: '居民撤回' });
          if (x < 0.93) return merge(r);
          return actOn(dispatcher, r, { action: 'supervise', note: '请尽快接单' });
        case 'returned':
          if (x < 0.7) return reassign(r);
          if (x < 0.9) return actOn(dispatcher, r, { action: 'cancel', reason: null });
          return merge(r);
        case 'accepted':
          if (x < 0.6) return actOn(handlerOf(r), r, { action: 'resolve', note: '已处理完毕' });
          if (x < 0.7) return actOn(handlerOf(r), r, { action: 'extend', days: random.int(1, 5), reason: '需要采购配件' });
          if (x < 0.78) return actOn(handlerOf(r), r, { action: 'return', reason: '需要其他部门处理' });
          if (x < 0.85) return reassign(r);
          if (x < 0.9) return merge(r);
          return actOn(dispatcher, r, { action: 'supervise', note: '督办' });
        case 'reopened':
          if (x < 0.85) return actOn(handlerOf(r), r, { action: 'resolve', note: '已返工' });
          if (x < 0.92) return actOn(handlerOf(r), r, { action: 'extend', days: 2, reason: '返工需要时间' });
          return merge(r);
        case 'resolved':
          if (x < 0.6) {
            return actOn(reporterOf(r), r, {
              action: 'rate',
              solved: random.chance(0.75),
              satisfaction: random.pick(['satisfied', 'basically_satisfied', 'unsatisfied'] as const),
              comment: random.chance(0.3) ? '谢谢' : null,
            });
          }
          if (x < 0.8) return actOn(reporterOf(r), r, { action: 'reopen', reason: '问题还在' });
          return transition(ctx, sweeper, r, { type: 'close' });
        default:
          return undefined;
      }
    }

    /** What the sweeper does: mark what is past its limits, and escalate some of it. */
    async function sweep() {
      const now = clock.now.toISOString();
      const open = await t.db.selectFrom('requests').selectAll().where('state', 'in', ['submitted', 'accepted', 'returned', 'reopened']).execute();
      for (let r of open) {
        if (!r.overdueAccept && r.acceptedAt === null && r.dueAcceptAt < now) r = await transition(ctx, sweeper, r, { type: 'markOverdue', limit: 'accept' });
        if (!r.overdueResolve && r.dueResolveAt < now) r = await transition(ctx, sweeper, r, { type: 'markOverdue', limit: 'resolve' });
        if ((r.overdueAccept || r.overdueResolve) && r.escalationLevel < 4 && random.chance(0.3)) {
          await transition(ctx, sweeper, r, { type: 'escalate', level: r.escalationLevel + 1, limit: r.overdueResolve ? 'resolve' : 'accept' });
        }
      }
    }

    for (let step = 0; placedIds.length < REQUESTS || step < 1300; step++) {
      clock.now = new Date(clock.now.getTime() + random.int(20, 360) * 60_000);
      if (placedIds.length < REQUESTS && random.chance(0.45)) await place();
      else if (placedIds.length > 0) {
        const r = await row(random.pick(placedIds));
        await work(r);
      }
      if (step % 15 === 0) await sweep();
    }
  }

  const unitsToCheck = () => [
    { level: 'district' as const, id: world.a.district, query: `unit=${world.a.district}` },
    { level: 'street' as const, id: world.a.street, query: `unit=${world.a.street}` },
    { level: 'community' as const, id: world.a.community, query: `unit=${world.a.community}` },
    { level: 'grid' as const, id: world.a.grid, query: `unit=${world.a.grid}` },
    { level: 'compound' as const, id: world.a.compound, query: `compound=${world.a.compound}` },
    { level: 'grid' as const, id: world.a.siblingGrid, query: `unit=${world.a.siblingGrid}` },
    { level: 'compound' as const, id: compound3, query: `compound=${compound3}` },
  ];

  it('drove a mixed workload through every kind of change', async () => {
    expect(requests.size).toBe(REQUESTS);
    const types = new Map<string, number>();
    for (const e of exported) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    for (const type of [
      'request.accepted',
      'request.returned',
      'request.reassigned',
      'request.resolved',
      'request.rated',
      'request.reopened',
      'request.merged',
      'request.cancelled',
      'request.supervised',
      'request.extension_requested',
      'request.extension_decided',
      'request.closed',
      'request.overdue',
      'request.escalated',
    ]) {
      expect(types.get(type) ?? 0, type).toBeGreaterThan(0);
    }
    const ratings = new Set(exported.filter((e) => e.type === 'request.rated').map((e) => JSON.stringify(e.data.rating && [(e.data.rating as any).solved, (e.data.rating as any).satisfaction])));
    expect(ratings.size).toBe(6);
    // A reassignment between the two companies, the case where the company figures must move.
    const companyMoves = exported.filter(
      (e) => e.type === 'request.reassigned' && (e.data.handler as { kind: string }).kind === 'property_company',
    );
    expect(companyMoves.length).toBeGreaterThan(0);
    const views = [...requests.values()];
    expect(new Set(views.map((r) => r.placed.channel)).size).toBe(CHANNELS.length);
    expect(new Set(views.map((r) => r.placed.placedDay.slice(0, 7))).size).toBeGreaterThanOrEqual(4);
    expect(views.filter((r) => r.placed.compoundId === null).length).toBeGreaterThan(0);
  });

  it('gives the figures that the event export recomputes, for the district, a street, a community, a grid and a compound', async () => {
    let compared = 0;
    for (const unit of unitsToCheck()) {
      for (const period of [FULL, PART]) {
        const res = await admin.get(`/api/v1/figures?${unit.query}&from=${period.from}&to=${period.to}`);
        expect(res.statusCode, res.body).toBe(200);
        const got = res.json();
        const want = expectedReport(requests, unit.level, unit.id, period, got.byChild.map((c: { id: number }) => c.id));
        const label = `${unit.level} ${unit.id} ${period.from}..${period.to}`;
        expect(want.mine.length, label).toBeGreaterThan(0);
        expect(got.unit).toMatchObject({ kind: unit.level, id: unit.id });
        expect(figuresIn(got), label).toEqual(want.figures);
        expect(got.byMonth.filter((m: Figures) => m.requests > 0).map((m: Record<string, unknown>) => ({ month: m.month, ...figuresIn(m) })), label).toEqual(want.byMonth);
        expect(got.byChild.map((c: Record<string, unknown>) => ({ id: c.id, ...figuresIn(c) })), label).toEqual(want.byChild);
        for (const child of want.childrenWithRequests) expect(got.byChild.map((c: { id: number }) => c.id)).toContain(child);
        expect(got.childRanking.map((c: { rank: number; id: number }) => ({ rank: c.rank, id: c.id })), label).toEqual(want.childRanking);
        expect(got.byChannel, label).toEqual(want.byChannel);
        expect(got.byCategory.map((c: { categoryCode: string; requests: number }) => ({ categoryCode: c.categoryCode, requests: c.requests })), label).toEqual(want.byCategory);
        expect(got.companyRanking.map((c: Record<string, unknown>) => ({ rank: c.rank, id: c.id, ...figuresIn(c) })), label).toEqual(
          want.companyRanking.map((c) => ({ rank: c.rank, id: c.id, ...figuresIn(c) })),
        );
        compared += 1;
      }
    }
    expect(compared).toBe(14);
  });

  it('leaves out of the period what was placed outside it, and lists every month of the period', async () => {
    const full = (await admin.get(`/api/v1/figures?unit=${world.a.district}&from=${FULL.from}&to=${FULL.to}`)).json();
    const part = (await admin.get(`/api/v1/figures?unit=${world.a.district}&from=${PART.from}&to=${PART.to}`)).json();
    expect(part.requests).toBeLessThan(full.requests);
    expect(part.byMonth[0].month).toBe(PART.from.slice(0, 7));
    expect(part.byMonth.at(-1).month).toBe(PART.to.slice(0, 7));
    expect(part.byMonth.length).toBeGreaterThan(1);
    // Both edge days count, and the days just outside do not.
    const onDay = async (day: string) => (await admin.get(`/api/v1/figures?unit=${world.a.district}&from=${day}&to=${day}`)).json().requests;
    const placedOn = (day: string) => [...requests.values()].filter((r) => r.placed.placedDay === day).length;
    for (const day of [PART.from, PART.to]) {
      expect(placedOn(day)).toBeGreaterThan(0);
      expect(await onDay(day)).toBe(placedOn(day));
    }
    const sumDays = [...requests.values()].filter((r) => r.placed.placedDay >= PART.from && r.placed.placedDay <= PART.to).length;
    expect(part.requests).toBe(sumDays);
    expect(full.byMonth).toHaveLength(12);
    // The district's streets add up to it; every request lies in one street.
    expect(full.byChild.reduce((n: number, c: { requests: number }) => n + c.requests, 0)).toBe(full.requests);
  });

  it('keeps the cubes equal to request_rollups and to a rebuild from the request rows', async () => {
    const cubes = cubeDb(t.db);
    const numbers = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])));
    const rollupsBy = async (column: 'districtId' | 'streetId' | 'gridId') =>
      numbers(
        await t.db
          .selectFrom('requestRollups')
          .select((eb) => [`${column} as unit` as 'gridId', ...COUNTERS.map((c) => eb.fn.sum<number>(c).as(c))])
          .groupBy(column)
          .orderBy(column)
          .execute(),
      );
    const categoriesBy = async (column: 'districtId' | 'communityId') =>
      numbers(
        await t.db
          .selectFrom('requestRollups')
          .select((eb) => [`${column} as unit` as 'districtId', 'categoryId', eb.fn.sum<number>('placed').as('placed')])
          .groupBy([column, 'categoryId'])
          .orderBy(column)
          .orderBy('categoryId')
          .execute(),
      );
    // Day rows and month rows each hold every request once, in every scope.
    for (const grain of ['day', 'month'] as const) {
      for (const [scope, column] of [
        ['place', 'gridId'],
        ['street', 'streetId'],
        ['district', 'districtId'],
      ] as const) {
        const fromCubes = await cubes
          .selectFrom('requestPlaceRollups')
          .select((eb) => [`${column} as unit` as 'gridId', ...COUNTERS.map((c) => eb.fn.sum<number>(c).as(c))])
          .where('grain', '=', grain)
          .where('scope', '=', scope)
          .groupBy(column)
          .orderBy(column)
          .execute();
        expect(numbers(fromCubes), `${grain} ${scope}`).toEqual(await rollupsBy(column));
      }
      for (const [scope, column] of [
        ['place', 'communityId'],
        ['community', 'communityId'],
        ['district', 'districtId'],
      ] as const) {
        const categories = await cubes
          .selectFrom('requestCategoryRollups')
          .select((eb) => [`${column} as unit` as 'districtId', 'categoryId', eb.fn.sum<number>('placed').as('placed')])
          .where('grain', '=', grain)
          .where('scope', '=', scope)
          .groupBy([column, 'categoryId'])
          .orderBy(column)
          .orderBy('categoryId')
          .execute();
        expect(numbers(categories), `${grain} ${scope}`).toEqual(await categoriesBy(column));
      }
    }

    const snapshot = async () => {
      const nonZero = (r: Record<string, unknown>) => COUNTERS.some((c) => Number(r[c]) !== 0);
      const places = (await cubes.selectFrom('requestPlaceRollups').selectAll().execute()).filter(nonZero);
      const categories = await cubes.selectFrom('requestCategoryRollups').selectAll().execute();
      const key = (r: Record<string, unknown>) => JSON.stringify(Object.entries(r).sort().map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)]));
      return [places, categories].map((rows) => rows.map(key).sort());
    };
    const live = await snapshot();
    await rebuildFigureCubes(t.db);
    expect(await snapshot()).toEqual(live);
    expect(live[0]!.length).toBeGreaterThan(100);
  });

  it("gives street staff their street's figures, equal to what their own export recomputes", async () => {
    const street = await loginAs(app, world.users.street_staff);
    const own = replayExport((await readExport(street, 100)).events);
    expect(own.size).toBeGreaterThan(0);
    expect([...own.values()].every((r) => r.placed.streetId === world.a.street)).toBe(true);
    expect(own.size).toBe([...requests.values()].filter((r) => r.placed.streetId === world.a.street).length);
    // Without unit=, the report is of the caller's scope.
    const got = (await street.get(`/api/v1/figures?from=${PART.from}&to=${PART.to}`)).json();
    expect(got.unit).toMatchObject({ kind: 'street', id: world.a.street });
    const want = expectedReport(own, 'street', world.a.street, PART, got.byChild.map((c: { id: number }) => c.id));
    expect(figuresIn(got)).toEqual(want.figures);
  });

  it('answers a unit outside the scope exactly like a missing one, and lists only children inside it', async () => {
    const community = await loginAs(app, world.users.community_staff);
    const worker = await loginAs(app, world.users.grid_worker);
    const outsider = await loginAs(app, world.adminB);
    const period = `from=${FULL.from}&to=${FULL.to}`;
    const missing = await community.get(`/api/v1/figures?unit=999999&${period}`);
    expect(missing.statusCode).toBe(404);
    for (const [client, query] of [
      [community, `unit=${world.a.street}`],
      [community, `unit=${world.a.other.community}`],
      [community, `unit=${world.a.district}`],
      [community, `compound=${world.a.other.compound}`],
      [worker, `unit=${world.a.community}`],
      [worker, `unit=${world.a.siblingGrid}`],
      [worker, `compound=${compound2}`],
      [outsider, `unit=${world.a.district}`],
    ] as const) {
      const res = await client.get(`/api/v1/figures?${query}&${period}`);
      expect(res.statusCode, `${client.username} ${query}`).toBe(404);
      expect(res.json().error.code).toBe(missing.json().error.code);
    }
    const mine = (await community.get(`/api/v1/figures?unit=${world.a.community}&${period}`)).json();
    const grids = await t.db.selectFrom('orgUnits').select('id').where('kind', '=', 'grid').where('communityId', '=', world.a.community).execute();
    expect(mine.byChild.map((c: { id: number }) => c.id).sort()).toEqual(grids.map((g) => g.id).sort());
    expect(mine.byChild.every((c: { kind: string }) => c.kind === 'grid')).toBe(true);
    const grid = (await worker.get(`/api/v1/figures?${period}`)).json();
    expect(grid.unit).toMatchObject({ kind: 'grid', id: world.a.grid });
    expect(grid.byChild.map((c: { id: number }) => c.id).sort()).toEqual([world.a.compound, compound3].sort());
    const leaf = (await worker.get(`/api/v1/figures?compound=${world.a.compound}&${period}`)).json();
    expect(leaf.byChild).toEqual([]);
    expect(leaf.childRanking).toEqual([]);
  });

  it('refuses roles without the stats right, and shows property staff their own company only', async () => {
    const period = `from=${FULL.from}&to=${FULL.to}`;
    for (const role of ['resident', 'unit_liaison', 'in_service_member', 'property_staff'] as const) {
      const res = await (await loginAs(app, world.users[role])).get(`/api/v1/figures?unit=${world.a.district}&${period}`);
      expect(res.statusCode, role).toBe(403);
    }
    const property = await loginAs(app, world.users.property_staff);
    expect((await property.get(`/api/v1/figures?company=${world.a.other.company}&${period}`)).statusCode).toBe(404);
    const res = await property.get(`/api/v1/figures?company=${world.a.company}&${period}`);
    expect(res.statusCode, res.body).toBe(200);
    const got = res.json();
    expect(got.company).toMatchObject({ id: world.a.company });
    expect(got.byCategory).toBeUndefined();
    expect(got.companyRanking).toBeUndefined();
    // Exactly what the company's own export recomputes: the requests it handles now.
    const own = replayExport((await readExport(property)).events);
    const handled = [...own.values()].filter((r) => r.view.handler.companyId === world.a.company);
    expect(handled.length).toBeGreaterThan(0);
    expect(figuresIn(got)).toEqual(figuresOf(sumOf(handled)));
    expect(got.byChannel).toEqual(CHANNELS.map((channel) => ({ channel, requests: handled.filter((r) => r.placed.channel === channel).length })));
    const streets = new Map<number, Replayed[]>();
    for (const r of handled) streets.set(r.placed.streetId, [...(streets.get(r.placed.streetId) ?? []), r]);
    for (const child of got.byChild) expect(figuresIn(child)).toEqual(figuresOf(sumOf(streets.get(child.id) ?? [])));
    // Within a street too.
    const street = (await property.get(`/api/v1/figures?company=${world.a.company}&unit=${world.a.street}&${period}`)).json();
    expect(figuresIn(street)).toEqual(figuresOf(sumOf(handled.filter((r) => r.placed.streetId === world.a.street))));
  });

  it('refuses bad input naming the field', async () => {
    const cases: [string, string][] = [
      [`unit=${world.a.district}&from=2026-05-01&to=2026-04-30`, 'querystring.to'],
      [`unit=${world.a.district}&from=2026-02-30&to=2026-04-30`, 'querystring.from'],
      [`unit=${world.a.district}&from=2026-01-01&to=tomorrow`, 'querystring.to'],
      [`unit=${world.a.district}&to=2026-04-30`, 'querystring.from'],
      [`unit=${world.a.district}&from=2020-01-01&to=2026-04-30`, 'querystring.to'],
      [`unit=abc&from=2026-01-01&to=2026-04-30`, 'querystring.unit'],
      [`unit=${world.a.district}&compound=${world.a.compound}&from=2026-01-01&to=2026-04-30`, 'querystring.compound'],
      [`unit=${world.a.district}&from=2026-01-01&to=2026-04-30&colour=red`, 'querystring.colour'],
    ];
    for (const [query, field] of cases) {
      const res = await admin.get(`/api/v1/figures?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field), query).toContain(field);
    }
    for (const [query, field] of [
      ['limit=0', 'querystring.limit'],
      ['limit=10001', 'querystring.limit'],
      ['since=-1', 'querystring.since'],
    ]) {
      const res = await admin.get(`/api/v1/requests/events?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details[0].field).toBe(field);
    }
  });

  it('pages the export by event id, and /requests/events is not taken for a request id', async () => {
    const first = await admin.get('/api/v1/requests/events?limit=7');
    const lines = first.body.trim().split('\n').map((l) => JSON.parse(l) as ExportedEvent);
    expect(lines).toHaveLength(7);
    expect(lines.map((e) => e.id)).toEqual([...lines.map((e) => e.id)].sort((x, y) => x - y));
    expect(Number(first.headers['x-next-since'])).toBe(lines[6]!.id);
    const second = await admin.get(`/api/v1/requests/events?since=${lines[6]!.id}&limit=7`);
    const next = second.body.trim().split('\n').map((l) => JSON.parse(l) as ExportedEvent);
    expect(next[0]!.id).toBeGreaterThan(lines[6]!.id);
    expect(exported.slice(7, 14).map((e) => e.id)).toEqual(next.map((e) => e.id));
    expect(lines[0]).toMatchObject({
      seq: 1,
      type: 'request.submitted',
      from: null,
      to: 'submitted',
      request: { districtId: world.a.district },
    });
    expect(lines[0]!.number).toMatch(/^HY-2026\d{4}-\d{4}$/);
    const end = await admin.get(`/api/v1/requests/events?since=${exported.at(-1)!.id}`);
    expect(end.body).toBe('');
    expect(Number(end.headers['x-next-since'])).toBe(exported.at(-1)!.id);
    // The timeline of one request still answers at /requests/:id/events.
    expect((await admin.get(`/api/v1/requests/${lines[0]!.requestId}/events`)).statusCode).toBe(200);
    // Another district's admin sees none of district A's events.
    const outsider = await loginAs(app, world.adminB);
    expect((await outsider.get('/api/v1/requests/events')).body).toBe('');
  });

  // Last, because it changes the data the tests above read.
  it('moves a request from one company to the other when it is reassigned between them', async () => {
    const resident = await loginAs(app, world.users.resident);
    const dispatcher = await loginAs(app, world.users.community_staff);
    const placed = await resident.post('/api/v1/requests', {
      categoryCode: 'corridor_light',
      description: '2栋楼道灯不亮',
      attributes: { floor: 2 },
      location: { compoundId: world.a.compound },
    });
    expect(placed.statusCode).toBe(201);
    const day = toShanghaiDate(new Date(placed.json().placedAt));
    const ranking = async () => {
      const report = (await admin.get(`/api/v1/figures?compound=${world.a.compound}&from=${day}&to=${day}`)).json();
      return new Map<number, number>(report.companyRanking.map((c: { id: number; requests: number }) => [c.id, c.requests]));
    };
    const before = await ranking();
    expect(before.get(world.a.company)).toBeGreaterThan(0);
    const moved = await dispatcher.post(`/api/v1/requests/${placed.json().id}/reassign`, {
      version: 1,
      handler: { kind: 'property_company', companyId: world.a.other.company },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await ranking();
    expect(after.get(world.a.company) ?? 0).toBe(before.get(world.a.company)! - 1);
    expect(after.get(world.a.other.company)).toBe((before.get(world.a.other.company) ?? 0) + 1);
  });
});
