// The demo district seeded through the real services: the report's figures read back from the
// database, demo accounts log in, the seeder refuses a database that already has a district.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSummary, seedDemo } from '../../src/demo/seed.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { anonymous, loginAs, startApp } from '../helpers/http.js';

describe.each(dialects())('demo district on %s', (dialect) => {
  let t: TestDb;
  let summary: DemoSummary;
  let seconds: number;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const started = performance.now();
    summary = await seedDemo(t.ctx, { seed: 1, requests: 0 });
    seconds = (performance.now() - started) / 1000;
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (query: ReturnType<typeof sql<{ n: number | string }>>) => Number((await query.execute(t.db)).rows[0]!.n);

  it('seeds in a few seconds', () => {
    console.log(`demo seeded on ${dialect} in ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(30);
  });

  it('holds the org tree of the report', async () => {
    const kinds = await sql<{ kind: string; n: number | string }>`select kind, count(*) as n from org_units group by kind order by kind`.execute(t.db);
    expect(Object.fromEntries(kinds.rows.map((r) => [r.kind, Number(r.n)]))).toEqual({ community: 14, district: 1, grid: 89, street: 6 });
    const district = await t.db.selectFrom('orgUnits').selectAll().where('kind', '=', 'district').executeTakeFirstOrThrow();
    expect(district.name).toBe('湛江经济技术开发区');
    expect(district.code).toBeNull();
    const streets = await t.db.selectFrom('orgUnits').select(['name', 'code']).where('kind', '=', 'street').orderBy('code').execute();
    expect(streets.map((s) => `${s.name} ${s.code}`)).toEqual([
      '泉庄街道 440803070',
      '乐华街道 440803071',
      '东山街道 440811070',
      '东简街道 440811071',
      '民安街道 440811072',
      '硇洲镇 440811173',
    ]);
    // The urban communities lie in 泉庄街道 and 乐华街道 only.
    const perStreet = await sql<{ code: string; n: number | string }>`
      select s.code, count(*) as n from org_units c join org_units s on s.id = c.street_id
      where c.kind = 'community' group by s.code order by s.code`.execute(t.db);
    expect(perStreet.rows.map((r) => [r.code, Number(r.n)])).toEqual([
      ['440803070', 7],
      ['440803071', 7],
    ]);
    expect(await count(sql`select count(*) as n from org_units where kind = 'grid' and boundary is null`)).toBe(0);
  });

  it('holds 186 compounds, 73 old and 53 without property management', async () => {
    expect(await count(sql`select count(*) as n from compounds`)).toBe(186);
    expect(await count(sql`select count(*) as n from compounds where is_old = 1`)).toBe(73);
    expect(await count(sql`select count(*) as n from compounds where property_company_id is null`)).toBe(53);
    expect(await count(sql`select count(*) as n from compounds where is_three_nos = 1`)).toBe(summary.counts.threeNosCompounds);
    expect(await count(sql`select count(*) as n from buildings`)).toBe(summary.counts.buildings);
    const shengheyuan = await t.db
      .selectFrom('compounds')
      .innerJoin('orgUnits', 'orgUnits.id', 'compounds.communityId')
      .select(['compounds.id', 'compounds.redPropertyStage', 'orgUnits.name as community'])
      .where('compounds.name', '=', '盛和园')
      .executeTakeFirstOrThrow();
    expect(shengheyuan.community).toBe('盛和园社区');
    expect(shengheyuan.redPropertyStage).toBe('demonstration_site');
    const history = await t.db
      .selectFrom('redPropertyHistory')
      .select(['stage', 'reachedOn'])
      .where('compoundId', '=', shengheyuan.id)
      .orderBy('reachedOn')
      .execute();
    expect(history.map((h) => h.stage)).toEqual(['planned', 'branch_formed', 'property_integrated', 'demonstration_site']);
    for (const h of history) expect(h.reachedOn >= '2021-01-01' && h.reachedOn <= '2023-12-31').toBe(true);
    const donghai = await t.db
      .selectFrom('compounds')
      .innerJoin('orgUnits', 'orgUnits.id', 'compounds.communityId')
      .select(['compounds.isOld', 'compounds.buildYear', 'compounds.hasOwnersCommittee', 'orgUnits.name as community'])
      .where('compounds.name', '=', '东海置业小区')
      .executeTakeFirstOrThrow();
    expect(donghai).toMatchObject({ isOld: 1, hasOwnersCommittee: 1, community: '观海社区' });
    expect(Math.floor(donghai.buildYear! / 10)).toBe(199);
  });

  it('holds 24 compound party branches and the big party committees with member units', async () => {
    expect(await count(sql`select count(*) as n from party_orgs where type in ('compound_branch', 'red_property_branch')`)).toBe(24);
    expect(await count(sql`select count(*) as n from party_orgs where type = 'community_big_committee'`)).toBe(14);
    expect(await count(sql`select count(*) as n from party_orgs where type = 'street_working_committee'`)).toBe(6);
    expect(await count(sql`select count(*) as n from units where kind in ('agency', 'institution')`)).toBe(24);
    expect(await count(sql`select count(*) as n from units where kind = 'enterprise'`)).toBe(39);
    expect(
      await count(sql`select count(distinct p.id) as n from party_orgs p join party_org_member_units m on m.party_org_id = p.id
        where p.type = 'community_big_committee'`),
    ).toBe(14);
    expect(await count(sql`select count(*) as n from party_org_member_units`)).toBe(summary.counts.memberUnits);
  });

  it('gives every grid one worker, and passwords only to the demo accounts', async () => {
    expect(
      await count(sql`select count(distinct u.scope_unit_id) as n from users u join org_units g on g.id = u.scope_unit_id
        where u.role = 'grid_worker' and g.kind = 'grid'`),
    ).toBe(89);
    const withPassword = await t.db.selectFrom('users').select('username').where('passwordHash', 'is not', null).orderBy('username').execute();
    expect(withPassword.map((u) => u.username)).toEqual(
      ['admin', 'community', 'grid', 'liaison', 'member', 'property', 'resident', 'secretary', 'street'],
    );
    const grid = await t.db
      .selectFrom('users')
      .innerJoin('orgUnits', 'orgUnits.id', 'users.scopeUnitId')
      .select('orgUnits.name')
      .where('users.username', '=', 'grid')
      .executeTakeFirstOrThrow();
    expect(grid.name).toBe('霞海社区第1网格');
    expect(summary.accounts.map((a) => a.username)).toEqual([
      'admin', 'street', 'community', 'grid', 'property', 'secretary', 'member', 'liaison', 'resident',
    ]);
    const meta = await t.db.selectFrom('meta').select('value').where('key', '=', 'demo').executeTakeFirstOrThrow();
    expect(JSON.parse(meta.value)).toMatchObject({ seed: 1 });
  });

  it('lets the demo accounts log in, and not the others', async () => {
    const app: App = await startApp(t);
    try {
      for (const a of summary.accounts) {
        const client = await loginAs(app, a.username, 'hongyun-demo');
        const me = await client.get('/api/v1/auth/me');
        expect(me.statusCode).toBe(200);
      }
      const res = await anonymous(app).post('/api/v1/auth/login', { username: 'grid-xh-02', password: 'hongyun-demo' });
      expect(res.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('refuses to seed a database that already holds a district', async () => {
    await expect(seedDemo(t.ctx, { seed: 2 })).rejects.toThrow(/already holds a district/);
    expect(await count(sql`select count(*) as n from org_units where kind = 'district'`)).toBe(1);
  });
});
