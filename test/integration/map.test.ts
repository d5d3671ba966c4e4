// The console map's API: tile settings (and start-up refusing bad ones), and the grid layer with
// its open and overdue counts, which must agree with the request list a grid's link opens, in
// every account's scope.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { Role } from '../../src/core/vocabulary.js';
import { sweeperAccount, transition } from '../../src/modules/requests/actions.js';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { anonymous, type Client, loginAs, startApp } from '../helpers/http.js';
import { addTestCategories } from '../helpers/requests.js';
import { buildWorld, rect, type World } from '../helpers/world.js';

const OPEN = 'submitted,accepted,returned,reopened';

interface GridItem {
  id: number;
  name: string;
  code: string | null;
  community: { id: number; name: string };
  gridWorker: { id: number; displayName: string } | null;
  boundary: unknown;
  openRequests: number;
  overdueRequests: number;
}

describe('map settings at start-up', () => {
  it('refuse a bad value and name the variable', async () => {
    for (const [variable, value] of [
      ['MAP_TILE_URL', 'tiles.example.com/{z}/{x}/{y}.png'],
      ['MAP_TILE_URL', 'https://tiles.example.com/{z}/{x}.png'],
      ['MAP_TILE_CRS', 'bd09'],
      ['MAP_TILE_SUBDOMAINS', 'a b'],
    ] as const) {
      expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}:`));
    }
  });

  it('stop the server before it serves anything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hongyun-map-'));
    try {
      const env = { ...process.env, DATABASE_URL: path.join(dir, 'map-test.db'), DATA_DIR: dir, PORT: '18329', MAP_TILE_CRS: 'baidu' };
      const run = promisify(execFile)(process.execPath, [path.resolve('bin/hongyun.js'), 'serve', '--no-demo'], { env, timeout: 30_000 });
      const failure = await run.then(
        () => null,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(failure?.code).not.toBe(0);
      expect(failure?.stderr).toMatch(/MAP_TILE_CRS: must be wgs84 or gcj02, got "baidu"/);
      expect(fs.existsSync(path.join(dir, 'map-test.db'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(dialects())('map API on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;
  let clients: Record<Role | 'adminB', Client>;
  const ids: Record<string, number> = {};

  const minute = () => {
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
  };
  const rowOf = (id: number) => t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const sweep = async (id: number, command: Parameters<typeof transition>[3]) => {
    const row = await rowOf(id);
    await transition(t.ctx, sweeperAccount(row.districtId), row, command);
  };
  const place = async (client: Client, body: Record<string, unknown>): Promise<number> => {
    minute();
    const res = await client.post('/api/v1/requests', { channel: 'hotline', reporter: { name: '李阿姨', phone: '13611112222' }, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const grids = async (client: Client): Promise<GridItem[]> => {
    const res = await client.get('/api/v1/map/grids');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as GridItem[];
  };
  /** How many requests GET /requests lists for the query, following the cursors. */
  const listed = async (client: Client, query: string): Promise<number> => {
    let n = 0;
    let cursor: string | null = null;
    do {
      const res = await client.get(`/api/v1/requests?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      n += res.json().items.length;
      cursor = res.json().nextCursor;
    } while (cursor);
    return n;
  };

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    await addTestCategories(t.ctx, world.a.district);
    await addTestCategories(t.ctx, world.b.district);
    app = await startApp(t);
    clients = {} as typeof clients;
    for (const role of ['district_admin', 'street_staff', 'community_staff', 'grid_worker', 'property_staff', 'party_secretary', 'in_service_member', 'resident'] as const) {
      clients[role] = await loginAs(app, world.users[role]);
    }
    clients.adminB = await loginAs(app, world.adminB);
    const admin = clients.district_admin;
    const inCompound = { location: { compoundId: world.a.compound } };
    const light = { categoryCode: 'corridor_light', attributes: { floor: 2 } };

    // a.grid: open ones in three states, two of them overdue, plus finished ones that do not count.
    ids.waiting = await place(admin, { ...inCompound, ...light, description: '楼道灯不亮' });
    ids.lateAccept = await place(admin, { ...inCompound, categoryCode: 'stray_dog', description: '小区门口有流浪狗' });
    ids.lateResolve = await place(admin, { ...inCompound, ...light, description: '一楼灯坏了' });
    ids.returned = await place(admin, { ...inCompound, ...light, description: '门口的灯不亮' });
    ids.resolved = await place(admin, { ...inCompound, ...light, description: '电梯灯闪烁' });
    ids.cancelled = await place(admin, { ...inCompound, categoryCode: 'stray_dog', description: '狗已经走了' });
    // The sibling grid (outside the grid worker's scope): one overdue.
    ids.sibling = await place(admin, { location: { lat: 21.205, lng: 110.4075 }, categoryCode: 'stray_dog', description: '路边垃圾无人清理' });
    // The other street's grid: one open.
    ids.other = await place(admin, { location: { compoundId: world.a.other.compound }, ...light, description: '5栋楼道灯坏了' });
    // District B.
    ids.b = await place(clients.adminB, { location: { compoundId: world.b.compound }, ...light, description: '乙区楼道灯坏了' });

    minute();
    const property = clients.property_staff;
    expect((await property.post(`/api/v1/requests/${ids.lateResolve}/accept`, { version: 1 })).statusCode).toBe(200);
    await sweep(ids.lateResolve, { type: 'markOverdue', limit: 'resolve' });
    await sweep(ids.lateAccept, { type: 'markOverdue', limit: 'accept' });
    await sweep(ids.sibling, { type: 'markOverdue', limit: 'accept' });
    await sweep(ids.b, { type: 'markOverdue', limit: 'accept' });
    expect((await property.post(`/api/v1/requests/${ids.returned}/return`, { version: 1, reason: '不属于物业范围' })).statusCode).toBe(200);
    expect((await property.post(`/api/v1/requests/${ids.resolved}/accept`, { version: 1 })).statusCode).toBe(200);
    // Overdue, then resolved: its lateness is history and it no longer counts.
    await sweep(ids.resolved, { type: 'markOverdue', limit: 'resolve' });
    expect((await property.post(`/api/v1/requests/${ids.resolved}/resolve`, { version: 3, note: '已更换' })).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/requests/${ids.cancelled}/cancel`, { version: 1 })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('answers the default settings to any logged-in account: no tiles, WGS-84', async () => {
    for (const client of [clients.district_admin, clients.property_staff, clients.resident]) {
      const res = await client.get('/api/v1/map/settings');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ tileUrl: null, tileCrs: 'wgs84', tileAttribution: null, tileSubdomains: 'abc' });
    }
    expect((await anonymous(app).get('/api/v1/map/settings')).statusCode).toBe(401);
  });

  it('answers configured tile settings', async () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      MAP_TILE_URL: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&style=8&x={x}&y={y}&z={z}',
      MAP_TILE_CRS: 'gcj02',
      MAP_TILE_ATTRIBUTION: '© 高德地图',
      MAP_TILE_SUBDOMAINS: '1234',
    });
    const tiled = await buildApp({ ...t.ctx, config: { ...config, database: t.ctx.config.database } }, { logger: false, web: false });
    try {
      const client = await loginAs(tiled as App, world.users.community_staff);
      expect((await client.get('/api/v1/map/settings')).json()).toEqual({
        tileUrl: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&style=8&x={x}&y={y}&z={z}',
        tileCrs: 'gcj02',
        tileAttribution: '© 高德地图',
        tileSubdomains: '1234',
      });
    } finally {
      await tiled.close();
    }
  });

  it('lists the grids in scope with names, community, worker and boundary', async () => {
    const items = await grids(clients.district_admin);
    expect(items).toHaveLength(4);
    const mine = items.find((g) => g.id === world.a.grid)!;
    expect(mine).toMatchObject({
      name: '甲区甲第1网格',
      community: { id: world.a.community, name: '甲区甲社区' },
      gridWorker: { id: world.userIds.grid_worker },
      boundary: rect(110.4, 21.2, 110.405, 21.21),
    });
  });

  it('counts open and overdue requests as the list does', async () => {
    const byId = new Map((await grids(clients.district_admin)).map((g) => [g.id, g]));
    // waiting, lateAccept, lateResolve (accepted), returned; not resolved, not cancelled.
    expect(byId.get(world.a.grid)).toMatchObject({ openRequests: 4, overdueRequests: 2 });
    expect(byId.get(world.a.siblingGrid)).toMatchObject({ openRequests: 1, overdueRequests: 1 });
    expect(byId.get(world.a.other.grid)).toMatchObject({ openRequests: 1, overdueRequests: 0 });
    // The list counts the resolved request's old overdue flag; the map, like the overdue inbox, does not.
    expect(await listed(clients.district_admin, `unit=${world.a.grid}&overdue=true`)).toBe(3);
  });

  it.each(['district_admin', 'street_staff', 'community_staff', 'grid_worker', 'party_secretary', 'in_service_member', 'adminB'] as const)(
    'agrees with GET /requests?unit=<grid> in the scope of %s',
    async (who) => {
      const client = clients[who];
      const items = await grids(client);
      expect(items.length).toBeGreaterThan(0);
      for (const grid of items) {
        expect(grid.openRequests, `${who} ${grid.name} open`).toBe(await listed(client, `unit=${grid.id}&state=${OPEN}`));
        expect(grid.overdueRequests, `${who} ${grid.name} overdue`).toBe(await listed(client, `unit=${grid.id}&state=${OPEN}&overdue=true`));
      }
      if (who !== 'in_service_member') {
        const views = (await client.get('/api/v1/requests/inbox')).json().views as Record<string, number>;
        expect(items.reduce((sum, g) => sum + g.overdueRequests, 0)).toBe(views.overdue);
      }
    },
  );

  it('shows each account only the grids of its scope', async () => {
    const idsOf = async (client: Client) => (await grids(client)).map((g) => g.id).sort((a, b) => a - b);
    const sorted = (...values: number[]) => values.sort((a, b) => a - b);
    expect(await idsOf(clients.street_staff)).toEqual(sorted(world.a.grid, world.a.siblingGrid));
    expect(await idsOf(clients.community_staff)).toEqual(sorted(world.a.grid, world.a.siblingGrid));
    expect(await idsOf(clients.party_secretary)).toEqual(sorted(world.a.grid, world.a.siblingGrid));
    expect(await idsOf(clients.grid_worker)).toEqual([world.a.grid]);
    const ofB = await idsOf(clients.adminB);
    expect(ofB).toHaveLength(4);
    expect(ofB).toContain(world.b.grid);
    expect(ofB).not.toContain(world.a.grid);
    // The grid worker's counts are its grid's; the sibling's overdue request is not there.
    expect((await grids(clients.grid_worker))[0]).toMatchObject({ openRequests: 4, overdueRequests: 2 });
    // District B's overdue request shows only in B.
    expect((await grids(clients.adminB)).find((g) => g.id === world.b.grid)).toMatchObject({ openRequests: 1, overdueRequests: 1 });
  });

  it('refuses roles that may not read grids, and anonymous callers', async () => {
    expect((await clients.property_staff.get('/api/v1/map/grids')).statusCode).toBe(403);
    expect((await clients.resident.get('/api/v1/map/grids')).statusCode).toBe(403);
    expect((await anonymous(app).get('/api/v1/map/grids')).statusCode).toBe(401);
  });
});
