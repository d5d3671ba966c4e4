// Lists of requests over HTTP: filters, inbox views and counts, keyset pagination, Chinese
// full-text search and CSV/XLSX export, each checked against the caller's scope.
import ExcelJS from 'exceljs';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toShanghaiDate } from '../../src/core/calendar.js';
import type { Role } from '../../src/core/vocabulary.js';
import type { ServiceRequest } from '../../src/db/schema.js';
import { sweeperAccount, transition } from '../../src/modules/requests/actions.js';
import { createCategory } from '../../src/modules/requests/categories.js';
import { COLUMNS, shanghaiTime } from '../../src/modules/requests/export.js';
import { openExport } from '../../src/modules/requests/listRoutes.js';
import { filteredRequests } from '../../src/modules/requests/lists.js';
import { type Account, systemAccount } from '../../src/modules/shared/account.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { addTestCategories } from '../helpers/requests.js';
import { buildWorld, type World } from '../helpers/world.js';

interface Item {
  id: number;
  number: string;
  state: string;
  description: string;
  placedAt: string;
  reporter: { name: string | null; phone: string | null };
}

/** A tiny RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) throw new Error('CSV does not end with CRLF');
  return records;
}

type Query = Record<string, string | number | boolean> | URLSearchParams;
const qs = (query: Query) => (query instanceof URLSearchParams ? query : new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])));

describe.each(dialects())('request lists on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;
  let clients: Record<Role | 'adminB', Client>;
  type Fixture = 'light' | 'lift' | 'dog' | 'legal' | 'sibling' | 'returned' | 'other' | 'b' | 'formula' | 'quoted' | 'lateEvening' | 'midnight';
  const ids = {} as Record<Fixture, number>;

  const minute = () => {
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
  };
  const rowOf = (id: number) => t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const sweep = async (id: number, command: Parameters<typeof transition>[3]) => {
    const row = await rowOf(id);
    await transition(t.ctx, sweeperAccount(row.districtId), row, command);
  };
  const place = async (client: Client, body: Record<string, unknown>): Promise<number> => {
    const res = await client.post('/api/v1/requests', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const walkIn = { name: '李阿姨', phone: '13611112222' };

  /** Every item of a list, following the cursors. */
  async function all(client: Client, query: Query = {}, limit = 200): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams(qs(query));
      params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      const res = await client.get(`/api/v1/requests?${params}`);
      expect(res.statusCode, res.body).toBe(200);
      items.push(...(res.json().items as Item[]));
      cursor = res.json().nextCursor;
    } while (cursor);
    return items;
  }
  const idsOf = (items: { id: number }[]) => items.map((i) => i.id).sort((a, b) => a - b);

  /** Who sees what, restated from DESIGN.md "Scope" for the world's accounts. */
  const sees = (who: Role | 'adminB', r: ServiceRequest): boolean => {
    switch (who) {
      case 'district_admin':
        return r.districtId === world.a.district;
      case 'street_staff':
        return r.streetId === world.a.street;
      case 'community_staff':
      case 'party_secretary':
        return r.communityId === world.a.community;
      case 'grid_worker':
        return r.gridId === world.a.grid;
      case 'property_staff':
        return r.handlerCompanyId === world.a.company;
      case 'resident':
        return r.reporterUserId === world.userIds.resident;
      case 'adminB':
        return r.districtId === world.b.district;
      default:
        return false;
    }
  };
  const allRows = () => t.db.selectFrom('requests').selectAll().orderBy('id').execute();
  /** Newest first, as the list orders them. */
  const listOrder = (rows: ServiceRequest[]) =>
    [...rows].sort((a, b) => (a.placedAt === b.placedAt ? b.id - a.id : a.placedAt < b.placedAt ? 1 : -1)).map((r) => r.id);

  /** Sessions expire as the test clock moves on: log everyone in (again). */
  async function logIn() {
    const roles: Role[] = ['district_admin', 'street_staff', 'community_staff', 'grid_worker', 'property_staff', 'party_secretary', 'resident', 'in_service_member'];
    clients = {} as typeof clients;
    for (const role of roles) clients[role] = await loginAs(app, world.users[role]);
    clients.adminB = await loginAs(app, world.adminB);
  }

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    await addTestCategories(t.ctx, world.a.district);
    await addTestCategories(t.ctx, world.b.district);
    await createCategory(t.ctx, systemAccount(world.a.district), {
      code: 'legal_consult',
      nameZh: '法律咨询',
      nameEn: 'Legal consultation',
      groupCode: 'legal',
      acceptLimit: { amount: 1, unit: 'working_days' },
      resolveLimit: { amount: 5, unit: 'working_days' },
      handlerKind: 'legal_adviser',
    });
    app = await startApp(t);
    await logIn();
    const { resident, community_staff: community, grid_worker: grid, district_admin: admin } = clients;
    const inCompound = { location: { compoundId: world.a.compound } };

    ids.light = await place(resident, { ...inCompound, categoryCode: 'corridor_light', description: '3栋楼道灯坏了，晚上很黑', attributes: { floor: 3 } });
    minute();
    ids.lift = await place(community, {
      ...inCompound,
      categoryCode: 'corridor_light',
      description: '电梯坏了，老人上下楼不方便',
      attributes: { floor: 1 },
      channel: 'reception_day',
      reporter: walkIn,
    });
    minute();
    ids.dog = await place(grid, { ...inCompound, categoryCode: 'stray_dog', description: '小区门口有流浪狗追人', reporter: walkIn });
    minute();
    ids.legal = await place(resident, { ...inCompound, categoryCode: 'legal_consult', description: '邻居装修噪音扰民，想咨询法律' });
    minute();
    ids.sibling = await place(community, {
      location: { lat: 21.205, lng: 110.4075 },
      categoryCode: 'stray_dog',
      description: '路边垃圾堆放无人清理',
      channel: 'hotline',
      reporter: walkIn,
    });
    minute();
    ids.returned = await place(resident, { ...inCompound, categoryCode: 'corridor_light', description: '2单元门口的灯不亮', attributes: { floor: 1 } });
    minute();
    ids.other = await place(admin, {
      location: { compoundId: world.a.other.compound },
      categoryCode: 'corridor_light',
      description: '5栋楼道灯坏了',
      attributes: { floor: 5 },
      channel: 'hotline',
      reporter: walkIn,
    });
    // District B numbers its requests from its own day counter while numbers are unique across
    // districts, so B's request goes on a day A has none (see the report on HY-…-0001 clashes).
    const resume = t.clock.now;
    t.clock.now = new Date('2026-11-27T02:00:00.000Z');
    ids.b = await place(clients.adminB, {
      location: { compoundId: world.b.compound },
      categoryCode: 'corridor_light',
      description: '电梯坏了，楼道灯也不亮',
      attributes: { floor: 2 },
      channel: 'hotline',
      reporter: walkIn,
    });
    t.clock.now = resume;
    // Text that a spreadsheet would run as a formula, and text that needs CSV quoting.
    minute();
    ids.formula = await place(community, {
      ...inCompound,
      categoryCode: 'stray_dog',
      description: '=HYPERLINK("http://evil.example","点我")',
      channel: 'hotline',
      reporter: { name: '@王先生', phone: '13622223333' },
    });
    minute();
    ids.quoted = await place(community, {
      ...inCompound,
      categoryCode: 'stray_dog',
      description: '他说："狗又来了"，\r\n在1栋, 2栋之间',
      channel: 'suggestion_box',
      reporter: walkIn,
    });
    // Both sides of midnight in Shanghai (16:00Z): placed on the 29th and on the 30th.
    t.clock.now = new Date('2026-11-29T15:59:00.000Z');
    await logIn();
    ids.lateEvening = await place(clients.resident, { ...inCompound, categoryCode: 'stray_dog', description: '深夜有狗叫' });
    t.clock.now = new Date('2026-11-29T16:00:00.000Z');
    ids.midnight = await place(clients.resident, { ...inCompound, categoryCode: 'stray_dog', description: '凌晨有狗叫' });

    // Move them along: accepted then overdue for resolution, returned, overdue for acceptance, escalated.
    minute();
    const property = clients.property_staff;
    const lift = (await property.post(`/api/v1/requests/${ids.lift}/accept`, { version: 1 })).json();
    expect(lift.state).toBe('accepted');
    await sweep(ids.lift, { type: 'markOverdue', limit: 'resolve' });
    expect((await property.post(`/api/v1/requests/${ids.returned}/return`, { version: 1, reason: '不属于物业范围' })).json().state).toBe('returned');
    await sweep(ids.dog, { type: 'markOverdue', limit: 'accept' });
    await sweep(ids.other, { type: 'markOverdue', limit: 'accept' });
    await sweep(ids.b, { type: 'markOverdue', limit: 'accept' });
    await sweep(ids.sibling, { type: 'escalate', level: 1, limit: 'accept' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('lists exactly the requests in each account\'s scope, newest first', async () => {
    const rows = await allRows();
    for (const who of Object.keys(clients) as (Role | 'adminB')[]) {
      const listed = await all(clients[who], {}, 3);
      const expected = rows.filter((r) => sees(who, r));
      expect(listed.map((i) => i.id), who).toEqual(listOrder(expected));
    }
    // The world is built so that every scope misses something.
    expect(idsOf(await all(clients.street_staff))).not.toContain(ids.other);
    expect(idsOf(await all(clients.grid_worker))).not.toContain(ids.sibling);
    expect(idsOf(await all(clients.district_admin))).not.toContain(ids.b);
    expect(idsOf(await all(clients.adminB))).toEqual([ids.b]);
    expect(await all(clients.in_service_member)).toEqual([]);
  });

  it('applies each filter, and filters combined, as the rows say', async () => {
    const rows = (await allRows()).filter((r) => sees('district_admin', r));
    const categories = new Map((await t.db.selectFrom('categories').select(['id', 'code']).execute()).map((c) => [c.id, c.code]));
    const overdue = (r: ServiceRequest) => r.overdueAccept === 1 || r.overdueResolve === 1;
    const cases: [Query, (r: ServiceRequest) => boolean][] = [
      [{ state: 'submitted' }, (r) => r.state === 'submitted'],
      [{ state: 'accepted,returned' }, (r) => r.state === 'accepted' || r.state === 'returned'],
      [new URLSearchParams([['state', 'submitted'], ['state', 'returned']]), (r) => r.state === 'submitted' || r.state === 'returned'],
      [{ categoryCode: 'stray_dog' }, (r) => categories.get(r.categoryId) === 'stray_dog'],
      [{ unit: world.a.grid }, (r) => r.gridId === world.a.grid],
      [{ unit: world.a.siblingGrid }, (r) => r.gridId === world.a.siblingGrid],
      [{ unit: world.a.community }, (r) => r.communityId === world.a.community],
      [{ unit: world.a.other.street }, (r) => r.streetId === world.a.other.street],
      [{ unit: world.a.district }, () => true],
      [{ unit: world.b.street }, () => false],
      [{ unit: 999_999 }, () => false],
      [{ compoundId: world.a.compound }, (r) => r.compoundId === world.a.compound],
      [{ channel: 'hotline' }, (r) => r.channel === 'hotline'],
      [{ from: '2026-11-30' }, (r) => r.placedDay >= '2026-11-30'],
      [{ to: '2026-11-29' }, (r) => r.placedDay <= '2026-11-29'],
      [{ from: '2026-11-29', to: '2026-11-29' }, (r) => r.placedDay === '2026-11-29'],
      [{ overdue: true }, overdue],
      [{ overdue: false }, (r) => !overdue(r)],
      [{ handlerCompanyId: world.a.company }, (r) => r.handlerCompanyId === world.a.company],
      [{ handlerUserId: world.userIds.grid_worker }, (r) => r.handlerUserId === world.userIds.grid_worker],
      [
        { state: 'submitted', unit: world.a.grid, categoryCode: 'stray_dog' },
        (r) => r.state === 'submitted' && r.gridId === world.a.grid && categories.get(r.categoryId) === 'stray_dog',
      ],
      [{ channel: 'hotline', overdue: true }, (r) => r.channel === 'hotline' && overdue(r)],
      [{ unit: world.a.street, to: '2026-11-29', q: '狗' }, (r) => r.streetId === world.a.street && r.placedDay <= '2026-11-29' && r.description.includes('狗')],
    ];
    for (const [query, keep] of cases) {
      const expected = rows.filter(keep);
      expect(idsOf(await all(clients.district_admin, query)), String(qs(query))).toEqual(idsOf(expected));
    }
    // The boundary cases are really exercised.
    expect((await rowOf(ids.lateEvening)).placedDay).toBe('2026-11-29');
    expect((await rowOf(ids.midnight)).placedDay).toBe('2026-11-30');
    // A unit outside the caller's scope yields nothing, not an error.
    expect(await all(clients.street_staff, { unit: world.a.other.street })).toEqual([]);
    expect(await all(clients.grid_worker, { unit: world.a.siblingGrid })).toEqual([]);
  });

  it('gives each role its inbox views, and counts that match the lists', async () => {
    const rows = await allRows();
    const expectedViews: Partial<Record<Role | 'adminB', string[]>> = {
      district_admin: ['overdue', 'to_supervise', 'returned'],
      street_staff: ['overdue', 'to_supervise', 'returned'],
      community_staff: ['to_accept', 'in_hand', 'overdue', 'to_supervise', 'returned'],
      grid_worker: ['to_accept', 'in_hand', 'overdue'],
      property_staff: ['to_accept', 'in_hand', 'overdue'],
      party_secretary: ['overdue', 'to_supervise'],
      resident: ['mine'],
      in_service_member: [],
      adminB: ['overdue', 'to_supervise', 'returned'],
    };
    const pending = ['submitted', 'accepted', 'returned', 'reopened'];
    const isOverdue = (r: ServiceRequest) => pending.includes(r.state) && (r.overdueAccept === 1 || r.overdueResolve === 1);
    const handles = (who: Role | 'adminB', r: ServiceRequest) =>
      (who === 'property_staff' && r.handlerKind === 'property_company' && r.handlerCompanyId === world.a.company) ||
      (who === 'grid_worker' && r.handlerKind === 'grid_worker' && (r.handlerUserId === world.userIds.grid_worker || r.handlerUnitId === world.a.grid)) ||
      (who === 'community_staff' && ['legal_adviser', 'community_staff'].includes(r.handlerKind) && r.communityId === world.a.community);
    const oracle: Record<string, (who: Role | 'adminB', r: ServiceRequest) => boolean> = {
      to_accept: (who, r) => r.state === 'submitted' && handles(who, r),
      in_hand: (who, r) => ['accepted', 'reopened'].includes(r.state) && handles(who, r),
      overdue: (_who, r) => isOverdue(r),
      to_supervise: (_who, r) => isOverdue(r) || (pending.includes(r.state) && r.escalationLevel > 0),
      returned: (_who, r) => r.state === 'returned',
      mine: (_who, r) => r.reporterUserId === world.userIds.resident,
    };
    for (const [who, views] of Object.entries(expectedViews) as [Role | 'adminB', string[]][]) {
      const inbox = await clients[who].get('/api/v1/requests/inbox');
      expect(inbox.statusCode).toBe(200);
      expect(Object.keys(inbox.json().views), who).toEqual(views);
      for (const view of views) {
        const listed = await all(clients[who], { view });
        const expected = rows.filter((r) => sees(who, r) && oracle[view]!(who, r));
        expect(idsOf(listed), `${who} ${view}`).toEqual(idsOf(expected));
        expect(inbox.json().views[view], `${who} ${view} count`).toBe(expected.length);
      }
    }
    // The fixtures put something in every view of the staff inboxes.
    expect(idsOf(await all(clients.property_staff, { view: 'to_accept' }))).toContain(ids.light);
    expect(idsOf(await all(clients.grid_worker, { view: 'to_accept' }))).toContain(ids.dog);
    expect(idsOf(await all(clients.property_staff, { view: 'in_hand' }))).toContain(ids.lift);
    expect(idsOf(await all(clients.community_staff, { view: 'to_accept' }))).toEqual([ids.legal]);
    expect(idsOf(await all(clients.street_staff, { view: 'to_supervise' }))).toEqual(idsOf([{ id: ids.lift }, { id: ids.dog }, { id: ids.sibling }]));
    expect(idsOf(await all(clients.district_admin, { view: 'overdue' }))).toContain(ids.other);
    expect(idsOf(await all(clients.street_staff, { view: 'overdue' }))).not.toContain(ids.other);
    expect((await clients.adminB.get('/api/v1/requests/inbox')).json().views).toEqual({ overdue: 1, to_supervise: 1, returned: 0 });
    // A view of another role is refused, naming the parameter.
    const wrong = await clients.district_admin.get('/api/v1/requests?view=mine');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('querystring.view');
  });

  it('finds Chinese text through the search on this database, within the scope', async () => {
    const search = async (client: Client, q: string) => idsOf(await all(client, { q }));
    expect(await search(clients.street_staff, '楼道灯')).toEqual([ids.light]);
    expect(await search(clients.district_admin, '楼道灯')).toEqual(idsOf([{ id: ids.light }, { id: ids.other }]));
    expect(await search(clients.adminB, '楼道灯')).toEqual([ids.b]);
    expect(await search(clients.street_staff, '电梯')).toEqual([ids.lift]);
    expect(await search(clients.adminB, '电梯')).toEqual([ids.b]);
    // A word found through the trigram index (three characters), and one through a synonym.
    expect(await search(clients.street_staff, '流浪狗')).toEqual([ids.dog]);
    expect(await search(clients.street_staff, '走廊')).toEqual([ids.light]);
    // Words combine: both must be there.
    expect(await search(clients.street_staff, '电梯 老人')).toEqual([ids.lift]);
    expect(await search(clients.street_staff, '电梯 流浪狗')).toEqual([]);
    expect(await search(clients.district_admin, '冰箱漏电')).toEqual([]);
    // Search terms are values, never SQL or FTS syntax.
    expect(await search(clients.district_admin, '" OR 1=1 --')).toEqual([]);
    expect(await search(clients.district_admin, '%')).toEqual([]);
  });

  it('visits every row exactly once while new requests arrive between pages', async () => {
    // Several requests at one instant, so pages break inside a run of equal placedAt.
    minute();
    for (let i = 0; i < 12; i++) {
      await place(clients.resident, { location: { compoundId: world.a.compound }, categoryCode: 'stray_dog', description: `第${i}次看到流浪狗` });
      if (i % 4 === 3 && i < 11) minute();
    }
    const before = (await allRows()).filter((r) => sees('district_admin', r));
    const visited: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await clients.district_admin.get(`/api/v1/requests?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.items.length).toBeLessThanOrEqual(4);
      visited.push(...body.items.map((i: Item) => i.id));
      cursor = body.nextCursor;
      pages++;
      // New requests, one at the instant the last ones were placed and one later.
      await place(clients.resident, { location: { compoundId: world.a.compound }, categoryCode: 'stray_dog', description: `翻页时新来的${pages}` });
      minute();
    } while (cursor);
    expect(new Set(visited).size).toBe(visited.length);
    expect(visited).toEqual(listOrder(before));
    expect(pages).toBe(Math.ceil(before.length / 4));
  });

  it('refuses bad filter values naming the field', async () => {
    const garbage = Buffer.from('["yesterday", 1]').toString('base64url');
    const cases: [string, string][] = [
      ['state=flying', 'querystring.state'],
      ['state=submitted,flying', 'querystring.state'],
      ['cursor=garbage', 'querystring.cursor'],
      [`cursor=${garbage}`, 'querystring.cursor'],
      ['limit=201', 'querystring.limit'],
      ['limit=0', 'querystring.limit'],
      ['from=2026-13-01', 'querystring.from'],
      ['from=2026-12-02&to=2026-12-01', 'querystring.to'],
      ['channel=fax', 'querystring.channel'],
      ['overdue=maybe', 'querystring.overdue'],
      ['unit=abc', 'querystring.unit'],
      ['view=everything', 'querystring.view'],
      ['categoryCode=no_such_thing', 'querystring.categoryCode'],
      ['colour=red', 'querystring.colour'],
    ];
    for (const [query, field] of cases) {
      const res = await clients.district_admin.get(`/api/v1/requests?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field), query).toContain(field);
    }
    const format = await clients.district_admin.get('/api/v1/requests/export?format=pdf');
    expect(format.statusCode).toBe(400);
    expect(format.json().error.details[0].field).toBe('querystring.format');
  });

  it('exports the list as CSV that parses back to the same rows, masked and guarded', async () => {
    const query = { unit: world.a.community, to: '2026-11-29' };
    const listed = await all(clients.street_staff, query);
    const res = await clients.street_staff.get(`/api/v1/requests/export?${qs(query)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="requests-${toShanghaiDate(t.clock.now).replaceAll('-', '')}.csv"`);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...records] = parseCsv(res.rawPayload.toString('utf8').slice(1));
    expect(header).toEqual(COLUMNS.map((c) => c.zh));
    const col = (name: string) => header!.indexOf(name);
    expect(records.map((r) => r[col('编号')])).toEqual(listed.map((i) => i.number));
    expect(records.map((r) => r[col('受理时间')])).toEqual(listed.map((i) => shanghaiTime(i.placedAt)));
    // Phones exactly as the list shows them to this caller (street staff: masked).
    expect(records.map((r) => r[col('联系电话')])).toEqual(listed.map((i) => i.reporter.phone ?? ''));
    expect(records.some((r) => /^1\d\d\*{4}\d{4}$/.test(r[col('联系电话')]!))).toBe(true);
    // Formula cells are defused; quotes, commas and line breaks survive the round trip.
    const byNumber = new Map(records.map((r) => [r[col('编号')], r]));
    const formula = listed.find((i) => i.id === ids.formula)!;
    expect(byNumber.get(formula.number)![col('描述')]).toBe(`'${formula.description}`);
    expect(byNumber.get(formula.number)![col('联系人')]).toBe("'@王先生");
    const quoted = listed.find((i) => i.id === ids.quoted)!;
    expect(byNumber.get(quoted.number)![col('描述')]).toBe(quoted.description);
    // Out of scope never leaks into an export.
    const numbers = new Set(records.map((r) => r[col('编号')]));
    for (const id of [ids.other, ids.b]) expect(numbers.has((await rowOf(id)).number)).toBe(false);

    const english = await clients.adminB.get('/api/v1/requests/export?lang=en');
    const [enHeader, ...enRecords] = parseCsv(english.rawPayload.toString('utf8').slice(1));
    expect(enHeader).toEqual(COLUMNS.map((c) => c.en));
    expect(enRecords.map((r) => r[0])).toEqual([(await rowOf(ids.b)).number]);
  });

  it('exports XLSX that reads back to the same rows, and logs unmasked reads', async () => {
    const listed = await all(clients.community_staff);
    const logged = async () =>
      Number(
        (
          await t.db
            .selectFrom('personalDataAccess')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('userId', '=', world.userIds.community_staff)
            .where('subjectType', '=', 'request')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await logged();
    const res = await clients.community_staff.get('/api/v1/requests/export?format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="requests-\d{8}\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as never);
    const sheet = workbook.worksheets[0]!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual(COLUMNS.map((c) => c.zh));
    expect(sheet.rowCount).toBe(listed.length + 1);
    const numberCol = COLUMNS.findIndex((c) => c.zh === '编号');
    const placedCol = COLUMNS.findIndex((c) => c.zh === '受理时间');
    const phoneCol = COLUMNS.findIndex((c) => c.zh === '联系电话');
    listed.forEach((item, i) => {
      const row = values(i + 2);
      expect(row[numberCol]).toBe(item.number);
      // Stored as the Shanghai wall time, which is what a reader in Excel should see.
      expect((row[placedCol] as Date).toISOString().slice(0, 16).replace('T', ' ')).toBe(shanghaiTime(item.placedAt));
      // Community staff call residents back: phones in clear, as in the list.
      expect(row[phoneCol] ?? null).toBe(item.reporter.phone);
    });
    // Each unmasked phone read by the export is logged, as the list logs it.
    const disclosed = listed.filter((i) => i.reporter.phone !== null && !/\*/.test(i.reporter.phone)).length;
    expect(disclosed).toBeGreaterThan(0);
    expect((await logged()) - before).toBe(disclosed);
  });

  it('refuses an export larger than the cap before writing anything', async () => {
    const account = (await t.db.selectFrom('users').select('id').where('username', '=', world.users.district_admin).executeTakeFirstOrThrow()).id;
    const admin: Account = { ...systemAccount(world.a.district), id: account, via: 'session' };
    const count = (await allRows()).filter((r) => sees('district_admin', r)).length;
    await expect(openExport(t.ctx, admin, {}, { format: 'csv', lang: 'zh', requestId: null, max: count - 1 })).rejects.toMatchObject({
      status: 400,
      code: 'export_too_large',
    });
    const file = await openExport(t.ctx, admin, {}, { format: 'csv', lang: 'zh', requestId: null, max: count });
    const lines = (await file.stream.toArray()).join('').split('\r\n');
    // The header, one line per request (one description holds a CRLF), and the final CRLF.
    expect(lines.length).toBe(1 + count + 1 + 1);
  });

  it.runIf(dialect === 'sqlite')('serves the main list from an index, in order, without sorting', async () => {
    const admin: Account = systemAccount(world.a.district);
    const street: Account = { ...admin, role: 'street_staff', scope: { kind: 'street', id: world.a.street } };
    for (const account of [admin, street]) {
      const query = (await filteredRequests(t.ctx, account, {}))
        .selectAll('requests')
        .where((eb) => eb.and([eb('requests.placedAt', '<=', '2026-12-01T00:00:00.000Z'), eb.or([eb('requests.placedAt', '<', '2026-12-01T00:00:00.000Z'), eb('requests.id', '<', 10)])]))
        .orderBy('requests.placedAt', 'desc')
        .orderBy('requests.id', 'desc')
        .limit(51)
        .compile();
      const plan = await t.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      const details = plan.rows.map((r) => r.detail).join('\n');
      expect(details, details).toMatch(/USING INDEX requests_(district|street)_id_placed_at_idx/);
      expect(details, details).not.toMatch(/TEMP B-TREE/);
    }
  });
});
