// Smoke test of the register's party side over HTTP: property companies, units, party
// organisations and member units, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCreditCheck } from '../../src/core/codes.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { buildWorld, type World } from '../helpers/world.js';

describe.each(dialects())('party register on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;
  let admin: Client;
  let street: Client;
  let community: Client;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    app = await startApp(t);
    admin = await loginAs(app, world.users.district_admin);
    street = await loginAs(app, world.users.street_staff);
    community = await loginAs(app, world.users.community_staff);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('masks a company contact phone except for those who call it, never the hotline', async () => {
    await admin.patch(`/api/v1/property-companies/${world.a.company}`, { servicePhone: '400-800-1234' });
    const own = (await (await loginAs(app, world.users.property_staff)).get(`/api/v1/property-companies/${world.a.company}`)).json();
    expect(own).toMatchObject({ contactPhone: '13800138000', servicePhone: '400-800-1234', compoundCount: 1 });
    const masked = (await street.get(`/api/v1/property-companies/${world.a.company}`)).json();
    expect(masked).toMatchObject({ contactPhone: '138****8000', servicePhone: '400-800-1234' });
    const staff = await loginAs(app, world.users.property_staff);
    expect((await staff.get(`/api/v1/property-companies/${world.a.other.company}`)).statusCode).toBe(404);
    expect((await staff.get('/api/v1/property-companies')).json().total).toBe(1);
  });

  it('checks credit codes and refuses duplicates and deletes of companies in use', async () => {
    const bad = await admin.post('/api/v1/property-companies', { name: '坏码物业', creditCode: '91440800MA4UXXXXXX' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('creditCode');
    const code = withCreditCheck('91440800MA4UABCD1');
    const made = await admin.post('/api/v1/property-companies', { name: '新物业', creditCode: code.toLowerCase() });
    expect(made.statusCode).toBe(201);
    expect(made.json().creditCode).toBe(code);
    expect((await admin.post('/api/v1/property-companies', { name: '新物业' })).statusCode).toBe(409);
    const inUse = await admin.delete(`/api/v1/property-companies/${world.a.company}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.message).toMatch(/1 compounds/);
    expect((await admin.delete(`/api/v1/property-companies/${made.json().id}`)).statusCode).toBe(204);
    expect((await street.post('/api/v1/property-companies', { name: '街道物业' })).statusCode).toBe(403);
  });

  it('lets a unit liaison see only their unit, and filters units by kind', async () => {
    const liaison = await loginAs(app, world.users.unit_liaison);
    expect((await liaison.get('/api/v1/units')).json().items.map((u: { id: number }) => u.id)).toEqual([world.a.unit]);
    expect((await liaison.get(`/api/v1/units/${world.a.other.unit}`)).statusCode).toBe(404);
    const building = await community.post('/api/v1/units', { name: '海滨商务大厦', kind: 'office_building' });
    expect(building.statusCode).toBe(201);
    const offices = (await admin.get('/api/v1/units?kind=office_building')).json();
    expect(offices.items.map((u: { name: string }) => u.name)).toEqual(['海滨商务大厦']);
    expect((await admin.delete(`/api/v1/units/${world.a.unit}`)).statusCode).toBe(409);
  });

  it('places party organisations by the tree rules', async () => {
    const list = (await community.get('/api/v1/party-orgs')).json();
    expect(list.items.map((o: { type: string }) => o.type).sort()).toEqual(['community_big_committee', 'compound_branch']);
    const branch = list.items.find((o: { type: string }) => o.type === 'compound_branch');
    expect(branch).toMatchObject({ parentId: world.a.bigCommittee, orgUnitId: world.a.grid, compoundId: world.a.compound });
    expect(branch.compoundName).toMatch(/花园/);

    // A community big party committee under the district committee skips a level.
    const districtCommittee = (await admin.get('/api/v1/party-orgs?type=district_committee')).json().items[0];
    const skipped = await admin.post('/api/v1/party-orgs', {
      type: 'community_big_committee',
      name: '跳级大党委',
      parentId: districtCommittee.id,
      orgUnitId: world.a.other.community,
    });
    expect(skipped.statusCode).toBe(400);
    expect(skipped.json().error.details[0].field).toBe('parentId');

    // A red-property branch must name the compound's own property company.
    const wrongCompany = await community.post('/api/v1/party-orgs', {
      type: 'red_property_branch',
      name: '错配红色物业党支部',
      parentId: world.a.bigCommittee,
      compoundId: world.a.compound,
      propertyCompanyId: world.a.other.company,
    });
    expect(wrongCompany.statusCode).toBe(400);
    expect(wrongCompany.json().error.details[0].field).toBe('propertyCompanyId');
    const red = await community.post('/api/v1/party-orgs', {
      type: 'red_property_branch',
      name: '红色物业党支部',
      parentId: world.a.bigCommittee,
      compoundId: world.a.compound,
      propertyCompanyId: world.a.company,
    });
    expect(red.statusCode).toBe(201);
    expect(red.json()).toMatchObject({ orgUnitId: world.a.grid, communityId: world.a.community });

    // A compound out of scope reads as missing; a second big committee for one community conflicts.
    const outside = await community.post('/api/v1/party-orgs', {
      type: 'compound_branch',
      name: '外部党支部',
      parentId: world.a.bigCommittee,
      compoundId: world.a.other.compound,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('invalid_reference');
    const second = await street.post('/api/v1/party-orgs', {
      type: 'community_big_committee',
      name: '第二大党委',
      parentId: world.a.streetCommittee,
      orgUnitId: world.a.community,
    });
    expect(second.statusCode).toBe(409);

    // A building joint committee in another street's community lies outside its parent.
    const astray = await admin.post('/api/v1/party-orgs', {
      type: 'building_joint_committee',
      name: '越界楼宇联合党委',
      parentId: world.a.streetCommittee,
      orgUnitId: world.a.other.community,
    });
    expect(astray.statusCode).toBe(400);
    expect(astray.json().error.details[0].field).toBe('orgUnitId');

    expect((await community.patch(`/api/v1/party-orgs/${world.a.bigCommittee}`, { memberCount: 56 })).json().memberCount).toBe(56);
    expect((await community.delete(`/api/v1/party-orgs/${red.json().id}`)).statusCode).toBe(204);
    expect((await community.delete(`/api/v1/party-orgs/${world.a.bigCommittee}`)).statusCode).toBe(409);
    expect((await community.get(`/api/v1/party-orgs/${world.a.other.branch}`)).statusCode).toBe(404);
  });

  it('registers member units with big committees only', async () => {
    const members = (await community.get(`/api/v1/party-orgs/${world.a.bigCommittee}/member-units`)).json();
    expect(members.items).toEqual([expect.objectContaining({ unitId: world.a.unit })]);
    const again = await community.post(`/api/v1/party-orgs/${world.a.bigCommittee}/member-units`, { unitId: world.a.unit });
    expect(again.statusCode).toBe(409);
    const added = await community.post(`/api/v1/party-orgs/${world.a.bigCommittee}/member-units`, {
      unitId: world.a.other.unit,
      joinedOn: '2024-07-01',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ unitId: world.a.other.unit, joinedOn: '2024-07-01', kind: 'enterprise' });
    const toBranch = await community.post(`/api/v1/party-orgs/${world.a.branch}/member-units`, { unitId: world.a.unit });
    expect(toBranch.statusCode).toBe(409);
    expect((await community.delete(`/api/v1/party-orgs/${world.a.bigCommittee}/member-units/${world.a.other.unit}`)).statusCode).toBe(204);
    expect((await community.delete(`/api/v1/party-orgs/${world.a.bigCommittee}/member-units/${world.a.other.unit}`)).statusCode).toBe(404);
  });
});
