// The request loop over HTTP: intake, routing, the lifecycle, concurrency, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { addTestCategories } from '../helpers/requests.js';
import { buildWorld, type World } from '../helpers/world.js';

describe.each(dialects())('request loop on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;
  let resident: Client;
  let property: Client;
  let community: Client;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    await addTestCategories(t.ctx, world.a.district);
    app = await startApp(t);
    resident = await loginAs(app, world.users.resident);
    property = await loginAs(app, world.users.property_staff);
    community = await loginAs(app, world.users.community_staff);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const place = (client: Client, body: Record<string, unknown>) =>
    client.post('/api/v1/requests', { categoryCode: 'corridor_light', description: '3栋楼道灯坏了，晚上很黑', attributes: { floor: 3 }, ...body });

  it('places a request in a compound and routes it to its property company', async () => {
    const res = await place(resident, { location: { compoundId: world.a.compound } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.number).toMatch(/^HY-20261129-\d{4}$/);
    expect(body).toMatchObject({
      state: 'submitted',
      version: 1,
      compound: { id: world.a.compound },
      grid: { id: world.a.grid },
      community: { id: world.a.community },
      handler: { kind: 'property_company', company: { id: world.a.company } },
      reporter: { self: true },
    });
    // Placed on Sunday 2026-11-29: 4 working hours are Monday 08:30–12:00 and 14:30–15:00
    // Shanghai (07:00Z); 3 working days end Wednesday 2026-12-02 at 18:00 Shanghai.
    expect(body.dueAcceptAt).toBe('2026-11-30T07:00:00.000Z');
    expect(body.dueResolveAt).toBe('2026-12-02T10:00:00.000Z');
  });

  it('walks 点单-接单-督单 to a rating, with one event per step', async () => {
    const placed = (await place(resident, { location: { compoundId: world.a.compound } })).json();
    const supervised = await community.post(`/api/v1/requests/${placed.id}/supervise`, { version: 1, note: '请尽快处理' });
    expect(supervised.statusCode).toBe(200);
    const accepted = await property.post(`/api/v1/requests/${placed.id}/accept`, { version: 2 });
    expect(accepted.json()).toMatchObject({ state: 'accepted', version: 3 });
    const resolved = await property.post(`/api/v1/requests/${placed.id}/resolve`, { version: 3, note: '已更换灯泡' });
    expect(resolved.json().state).toBe('resolved');
    const rated = await resident.post(`/api/v1/requests/${placed.id}/rate`, { version: 4, solved: true, satisfaction: 'satisfied' });
    expect(rated.json()).toMatchObject({ state: 'closed', rating: { solved: true, satisfaction: 'satisfied' } });
    const events = (await resident.get(`/api/v1/requests/${placed.id}/events`)).json();
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'request.submitted',
      'request.supervised',
      'request.accepted',
      'request.resolved',
      'request.rated',
    ]);
  });

  it('lets exactly one of 50 parallel accepts win', async () => {
    const placed = (await place(resident, { location: { compoundId: world.a.compound } })).json();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => property.post(`/api/v1/requests/${placed.id}/accept`, { version: 1 })),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const loser = answers.find((a) => a.statusCode === 409)!.json();
    expect(loser.error).toMatchObject({ code: 'stale_version' });
    const accepts = await t.db
      .selectFrom('requestEvents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('requestId', '=', placed.id)
      .where('type', '=', 'request.accepted')
      .executeTakeFirstOrThrow();
    expect(Number(accepts.n)).toBe(1);
  });

  it('refuses a disallowed transition and a stale version, changing nothing', async () => {
    const placed = (await place(resident, { location: { compoundId: world.a.compound } })).json();
    const early = await property.post(`/api/v1/requests/${placed.id}/resolve`, { version: 1, note: '已修' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('transition_not_allowed');
    const stale = await property.post(`/api/v1/requests/${placed.id}/accept`, { version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0]).toMatchObject({ field: 'version' });
    const now = (await resident.get(`/api/v1/requests/${placed.id}`)).json();
    expect(now).toMatchObject({ state: 'submitted', version: 1 });
  });

  it('answers a request outside the scope exactly like a missing one', async () => {
    const placed = (await place(resident, { location: { compoundId: world.a.compound } })).json();
    const outsider = await loginAs(app, world.adminB);
    const hidden = await outsider.get(`/api/v1/requests/${placed.id}`);
    const missing = await outsider.get('/api/v1/requests/999999');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(missing.json().error ? { error: { ...missing.json().error } } : missing.json());
  });

  it('returns the first request for a retried Idempotency-Key', async () => {
    const body = { categoryCode: 'corridor_light', description: '5栋电梯旁灯不亮', attributes: { floor: 1 }, location: { compoundId: world.a.compound } };
    const first = await resident.request('POST', '/api/v1/requests', body, { 'idempotency-key': 'retry-key-0001' });
    const second = await resident.request('POST', '/api/v1/requests', body, { 'idempotency-key': 'retry-key-0001' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
  });

  it('offers possible duplicates, but only those the caller may see', async () => {
    const first = (await resident.post('/api/v1/requests', {
      categoryCode: 'stray_dog',
      description: '小区门口有流浪狗追人，很危险',
      location: { compoundId: world.a.compound },
    })).json();
    const staffCopy = await community.post('/api/v1/requests', {
      categoryCode: 'stray_dog',
      description: '小区门口流浪狗追咬行人',
      location: { compoundId: world.a.compound },
      channel: 'hotline',
      reporter: { name: '王先生', phone: '13611112222' },
    });
    expect(staffCopy.statusCode).toBe(201);
    expect(staffCopy.json().possibleDuplicates.map((d: { id: number }) => d.id)).toContain(first.id);
    // The same text finds the walk-in's request for staff, but a resident sees only their own.
    const text = { categoryCode: 'stray_dog', description: '小区门口流浪狗追咬行人', location: { compoundId: world.a.compound } };
    const byStaff = await community.post('/api/v1/requests', { ...text, channel: 'hotline', reporter: { name: '赵女士', phone: '13622223333' } });
    expect(byStaff.json().possibleDuplicates.map((d: { id: number }) => d.id)).toContain(staffCopy.json().id);
    const byResident = await resident.post('/api/v1/requests', text);
    const offered = byResident.json().possibleDuplicates.map((d: { id: number }) => d.id);
    expect(offered).toContain(first.id);
    expect(offered).not.toContain(staffCopy.json().id);
  });

  it('takes requests from anonymous residents, a few a minute per address', async () => {
    const anonymous = (await import('../helpers/http.js')).anonymous(app);
    const body = {
      categoryCode: 'corridor_light',
      description: '2栋1楼楼道灯闪烁',
      attributes: { floor: 1 },
      location: { compoundId: world.a.compound },
      reporter: { name: '李阿姨', phone: '13912340000' },
    };
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await anonymous.request('POST', '/api/v1/requests', body, { 'x-forwarded-for': '203.0.113.9' }));
    expect(answers.slice(0, 10).map((a) => a.statusCode)).toEqual(Array(10).fill(201));
    expect(answers[10]!.statusCode).toBe(429);
    expect(answers[10]!.json().error.code).toBe('rate_limited');
    expect(answers[0]!.json().reporter).toMatchObject({ self: false, phone: '139****0000' });
    // Logged-in accounts are not limited this way.
    for (let i = 0; i < 11; i++) {
      expect((await place(resident, { location: { compoundId: world.a.compound } })).statusCode).toBe(201);
    }
  });

  it('refuses bad input naming the problem and writes nothing', async () => {
    const count = async () => Number((await t.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const unknown = await place(resident, { categoryCode: 'no_such_thing', location: { compoundId: world.a.compound } });
    expect(unknown.json().error.details[0].field).toBe('categoryCode');
    const outside = await place(resident, { location: { lat: 30.0, lng: 120.0 } });
    expect(outside.json().error.details[0]).toMatchObject({ field: 'location', message: 'lies outside the district' });
    const missingField = await place(resident, { attributes: {}, location: { compoundId: world.a.compound } });
    expect(missingField.json().error.details[0]).toMatchObject({ field: 'attributes.floor', message: 'is required' });
    expect(await count()).toBe(before);
  });

  it('names the kind of each problem, for clients that say it in their own language', async () => {
    const at = { location: { compoundId: world.a.compound } };
    const problem = async (body: Record<string, unknown>) => (await place(resident, { ...at, ...body })).json().error.details[0];
    expect(await problem({ description: '长'.repeat(2001) })).toMatchObject({ field: 'description', code: 'too_long', params: { limit: 2000 } });
    expect(await problem({ description: '' })).toMatchObject({ field: 'description', code: 'required' });
    expect(await problem({ colour: 'red' })).toMatchObject({ field: 'colour', code: 'unknown_field' });
    expect(await problem({ location: { compoundId: 999_999 } })).toMatchObject({ field: 'location.compoundId', code: 'invalid_reference' });
    // A rule of the domain rather than the schema keeps its message and names no kind.
    expect(await problem({ location: { lat: 30, lng: 120 } })).toEqual({ field: 'location', message: 'lies outside the district' });
  });

  it('follows register changes at once: a new building is a place, a category switched off is not', async () => {
    const admin = await loginAs(app, world.users.district_admin);
    const building = await admin.post('/api/v1/buildings', { compoundId: world.a.compound, name: '新建9栋' });
    expect(building.statusCode).toBe(201);
    const inNew = await place(resident, { location: { compoundId: world.a.compound, buildingId: building.json().id } });
    expect(inNew.statusCode).toBe(201);
    expect(inNew.json().buildingId).toBe(building.json().id);
    expect((await admin.patch('/api/v1/categories/corridor_light', { active: false })).statusCode).toBe(200);
    const refused = await place(resident, { location: { compoundId: world.a.compound } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('categoryCode');
    expect((await admin.patch('/api/v1/categories/corridor_light', { active: true })).statusCode).toBe(200);
    expect((await place(resident, { location: { compoundId: world.a.compound } })).statusCode).toBe(201);
  });
});
