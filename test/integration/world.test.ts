// The test world builds through the services on both databases, and the overview counts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { loginAs, startApp } from '../helpers/http.js';
import { buildWorld, type World } from '../helpers/world.js';

describe.each(dialects())('overview on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    app = await startApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('counts the district for its admin and one street for street staff', async () => {
    const admin = await loginAs(app, world.users.district_admin);
    const district = (await admin.get('/api/v1/stats/overview')).json();
    expect(district).toMatchObject({ streets: 2, communities: 2, grids: 4, compounds: 2, oldCompounds: 2, noPropertyCompounds: 0, compoundPartyBranches: 2 });
    expect(district.redPropertyStages).toEqual({ planned: 2, branch_formed: 0, property_integrated: 0, demonstration_site: 0 });
    const street = (await (await loginAs(app, world.users.street_staff)).get('/api/v1/stats/overview')).json();
    expect(street).toMatchObject({ streets: 1, communities: 1, grids: 2, compounds: 1, compoundPartyBranches: 1 });
    const grid = (await (await loginAs(app, world.users.grid_worker)).get('/api/v1/stats/overview')).json();
    expect(grid).toMatchObject({ streets: 0, communities: 0, grids: 1, compounds: 1 });
  });

  it('refuses the overview to residents', async () => {
    const resident = await loginAs(app, world.users.resident);
    expect((await resident.get('/api/v1/stats/overview')).statusCode).toBe(403);
  });
});
