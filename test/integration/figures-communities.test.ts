// The community ranking of /figures (communities=true): every community of a district or street,
// with the same figures its own report gives, in the ranking order; absent unless asked for and
// for units below a street; cut by company like the rest of the report. And the counts behind
// the rates (rateCounts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountForToken, createToken } from '../../src/modules/accounts/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrgUnit } from '../../src/modules/orgs/service.js';
import { act } from '../../src/modules/requests/actions.js';
import { placeRequest } from '../../src/modules/requests/intake.js';
import { type Account, systemAccount } from '../../src/modules/shared/account.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { addTestCategories } from '../helpers/requests.js';
import { buildWorld, PASSWORD, rect, type World } from '../helpers/world.js';

const PERIOD = 'from=2026-01-01&to=2026-12-31';

interface Ranked {
  rank: number;
  kind: string;
  id: number;
  name: string | null;
  requests: number;
  responseRate: number | null;
  satisfactionRate: number | null;
  resolutionRate: number | null;
}

describe.each(dialects())('community ranking on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;
  let admin: Client;
  /** A community of street a with no requests at all. */
  let quiet: number;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    const { ctx } = t;
    const a = world.a;
    const sys = systemAccount(a.district);
    await addTestCategories(ctx, a.district);
    quiet = (await createOrgUnit(ctx, sys, 'community', { name: '甲区甲新社区', streetId: a.street, boundary: rect(110.44, 21.2, 110.45, 21.21) })).id;
    const accountOf = async (userId: number): Promise<Account> => (await accountForToken(ctx, (await createToken(ctx, userId, 'ranking test')).token))!;
    const dispatcher = await accountOf(world.userIds.district_admin);
    const ownStaff = await accountOf(world.userIds.property_staff);
    const otherStaff = await accountOf(
      (await createUser(ctx, sys, { username: 'other_property', displayName: '乙物业', password: PASSWORD, role: 'property_staff', propertyCompanyId: a.other.company })).id,
    );

    // A Tuesday morning in Shanghai: a.community's company accepts at once, the other
    // community's three days late, so their response rates are 1 and 0.
    t.clock.now = new Date('2026-03-03T01:00:00.000Z');
    const place = (compoundId: number) =>
      placeRequest(ctx, dispatcher, {
        categoryCode: 'corridor_light',
        description: '楼道灯不亮，晚上出入不便',
        location: { compoundId },
        attributes: { floor: 3 },
        channel: 'hotline',
        reporter: { name: '李先生', phone: '13822223333' },
      });
    const inside = [await place(a.compound), await place(a.compound), await place(a.compound)];
    const outside = [await place(a.other.compound), await place(a.other.compound)];
    t.clock.now = new Date('2026-03-03T01:30:00.000Z');
    const accepted = [];
    for (const r of inside) accepted.push(await act(ctx, ownStaff, r.request.id, r.request.version, { action: 'accept' }));
    // Two of them resolved and rated by the dispatcher who took the calls: one solved and
    // basically satisfied, one neither.
    for (const [r, solved] of [
      [accepted[0]!, true],
      [accepted[1]!, false],
    ] as const) {
      const resolved = await act(ctx, ownStaff, r.id, r.version, { action: 'resolve', note: '已更换灯泡' });
      await act(ctx, dispatcher, r.id, resolved.version, { action: 'rate', solved, satisfaction: solved ? 'basically_satisfied' : 'unsatisfied', comment: null });
    }
    t.clock.now = new Date('2026-03-06T03:00:00.000Z');
    for (const r of outside) await act(ctx, otherStaff, r.request.id, r.request.version, { action: 'accept' });

    app = await startApp(t);
    admin = await loginAs(app, world.users.district_admin);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const report = async (client: Client, query: string) => {
    const res = await client.get(`/api/v1/figures?${PERIOD}&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Record<string, unknown> & { communityRanking?: Ranked[]; childRanking: Ranked[] };
  };

  it('ranks every community of the district with the figures of its own report', async () => {
    const { communityRanking } = await report(admin, 'communities=true');
    const a = world.a;
    expect(communityRanking?.map((c) => [c.rank, c.id, c.requests])).toEqual([
      [1, a.community, 3],
      [2, a.other.community, 2],
      [3, quiet, 0],
    ]);
    expect(communityRanking![0]).toMatchObject({ kind: 'community', name: '甲区甲社区', responseRate: 1 });
    expect(communityRanking![1]!.responseRate).toBe(0);
    expect(communityRanking![2]).toMatchObject({ responseRate: null, satisfactionRate: null, resolutionRate: null });
    for (const c of communityRanking!) {
      const own = await report(admin, `unit=${c.id}`);
      expect([c.requests, c.responseRate, c.satisfactionRate, c.resolutionRate]).toEqual([own.requests, own.responseRate, own.satisfactionRate, own.resolutionRate]);
    }
  });

  it('is absent unless asked for, and below a street', async () => {
    expect(await report(admin, `unit=${world.a.district}`)).not.toHaveProperty('communityRanking');
    expect(await report(admin, `unit=${world.a.community}&communities=true`)).not.toHaveProperty('communityRanking');
    const community = await loginAs(app, world.users.community_staff);
    expect(await report(community, 'communities=true')).not.toHaveProperty('communityRanking');
    expect((await admin.get(`/api/v1/figures?${PERIOD}&communities=maybe`)).statusCode).toBe(400);
  });

  it('for a street is the ranking of its children', async () => {
    const street = await report(admin, `unit=${world.a.street}&communities=true`);
    expect(street.communityRanking).toEqual(street.childRanking);
    expect(street.communityRanking!.map((c) => c.id)).toEqual([world.a.community, quiet]);
    const staff = await loginAs(app, world.users.street_staff);
    expect((await report(staff, 'communities=true')).communityRanking).toEqual(street.communityRanking);
  });

  it('tells the counts behind each rate', async () => {
    const district = await report(admin, '');
    expect(district.rateCounts).toEqual({
      response: { numerator: 3, denominator: 5 },
      resolution: { numerator: 1, denominator: 2 },
      satisfaction: { numerator: 1, denominator: 2 },
    });
    expect([district.responseRate, district.resolutionRate, district.satisfactionRate]).toEqual([0.6, 0.5, 0.5]);
    const other = await report(admin, `unit=${world.a.other.community}`);
    expect(other.rateCounts).toMatchObject({ response: { numerator: 0, denominator: 2 } });
  });

  it('counts only the requests of the company asked about', async () => {
    const { communityRanking } = await report(admin, `company=${world.a.other.company}&communities=true`);
    expect(communityRanking?.map((c) => [c.rank, c.id, c.requests])).toEqual([
      [1, world.a.other.community, 2],
      [2, world.a.community, 0],
      [2, quiet, 0],
    ]);
  });
});
