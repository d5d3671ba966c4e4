// The scope matrix: every role × every register endpoint × a record inside and outside the
// role's scope, checked over HTTP against the permission table written out below.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/core/vocabulary.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createCompany } from '../../src/modules/companies/service.js';
import { createBuilding, createCompound } from '../../src/modules/compounds/service.js';
import { createOrgUnit, updateOrgUnit } from '../../src/modules/orgs/service.js';
import { createPartyOrg } from '../../src/modules/party/service.js';
import { type Account, systemAccount } from '../../src/modules/shared/account.js';
import { createUnit } from '../../src/modules/units/service.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { buildWorld, rect, type World } from '../helpers/world.js';

// ---- the specification ------------------------------------------------------------------

type Res = 'streets' | 'communities' | 'grids' | 'compounds' | 'buildings' | 'propertyCompanies' | 'units' | 'partyOrgs' | 'users';
type Right = Res | 'redPropertyStages';

const RESOURCES: readonly Res[] = ['streets', 'communities', 'grids', 'compounds', 'buildings', 'propertyCompanies', 'units', 'partyOrgs', 'users'];

/**
 * What each role may do inside its scope (r read, c create, u update, d delete), as DESIGN.md
 * and README "Scope" describe the roles and src/core/permissions.ts declares them. Columns in
 * the order of ROLES.
 */
// prettier-ignore
const RIGHTS: Record<Right, readonly string[]> = {
  //                 district  street  community grid    property secretary member liaison resident
  streets:           ['rcud',  'r',    'r',      '',     '',      'r',      '',    '',     ''],
  communities:       ['rcud',  'rcud', 'ru',     'r',    '',      'r',      'r',   '',     'r'],
  grids:             ['rcud',  'rcud', 'rcud',   'r',    '',      'r',      'r',   '',     ''],
  compounds:         ['rcud',  'rcud', 'rcud',   'ru',   'r',     'r',      'r',   '',     'r'],
  buildings:         ['rcud',  'rcud', 'rcud',   'rcud', 'ru',    'r',      '',    '',     'r'],
  redPropertyStages: ['rc',    'rc',   'rc',     'r',    'r',     'rc',     '',    '',     'r'],
  propertyCompanies: ['rcud',  'r',    'r',      'r',    'r',     'r',      '',    '',     ''],
  partyOrgs:         ['rcud',  'rcud', 'rcud',   'r',    '',      'rcud',   'r',   '',     ''],
  units:             ['rcud',  'rcu',  'rcu',    '',     '',      'r',      '',    'r',    ''],
  users:             ['rcud',  'rcud', 'rcud',   '',     '',      '',       '',    '',     ''],
};

const may = (role: Role, right: Right, letter: 'r' | 'c' | 'u' | 'd') => RIGHTS[right][ROLES.indexOf(role)]!.includes(letter);

/**
 * Where each role acts: 0 the district, 1 a street, 2 a community, 3 a grid. Property staff and
 * unit liaisons act district-wide, narrowed to their company's compounds and their own unit;
 * residents act in their community, narrowed to their own compound.
 */
const SCOPE_LEVEL: Record<Role, 0 | 1 | 2 | 3> = {
  district_admin: 0,
  street_staff: 1,
  community_staff: 2,
  grid_worker: 3,
  property_staff: 0,
  party_secretary: 2,
  in_service_member: 2,
  unit_liaison: 0,
  resident: 2,
};

/**
 * Places a record can lie, seen from an account of district A whose scope holds the inner line
 * (a.street › a.community › a.grid › a.compound):
 * - inside: on the inner line, in the scope;
 * - other street: the same kinds of records under district A's second street;
 * - district B: the other district;
 * - next door: in the same community but a sibling grid, in a compound of another company;
 * - above: on the inner line but above the scope (the street of a community account).
 */
type Place = 'inside' | 'other street' | 'district B' | 'next door' | 'above';
type Where = Exclude<Place, 'inside'>;
type Target = Res | 'redPropertyStages' | 'memberUnits';

/** Resources whose records are narrowed for a role below its org-tree scope. */
function narrowed(role: Role, target: Target): boolean {
  if (role === 'property_staff') return ['compounds', 'buildings', 'redPropertyStages', 'propertyCompanies'].includes(target);
  if (role === 'unit_liaison') return target === 'units';
  if (role === 'resident') return ['compounds', 'buildings', 'redPropertyStages'].includes(target);
  return false;
}

/** The places outside a role's scope for a kind of record (each answers 404 for it). */
function outside(role: Role, target: Target): Where[] {
  const level = SCOPE_LEVEL[role];
  const districtWide = target === 'propertyCompanies' || target === 'units';
  const places: Where[] = [];
  if (districtWide ? narrowed(role, target) : level >= 1 || narrowed(role, target)) places.push('other street');
  places.push('district B');
  const nextDoor =
    (role === 'grid_worker' && ['grids', 'compounds', 'buildings', 'redPropertyStages', 'partyOrgs', 'memberUnits'].includes(target)) ||
    ((role === 'property_staff' || role === 'resident') && ['compounds', 'buildings', 'redPropertyStages'].includes(target));
  if (nextDoor) places.push('next door');
  const above =
    (target === 'streets' && level >= 2) ||
    (target === 'communities' && level >= 3) ||
    (role === 'grid_worker' && (target === 'users' || target === 'memberUnits'));
  if (above) places.push('above');
  return places;
}

/** Whether a role has any record of this kind inside its scope (a community account has no street). */
function hasInside(role: Role, target: Target): boolean {
  const level = SCOPE_LEVEL[role];
  return !((target === 'streets' && level >= 2) || (target === 'communities' && level >= 3));
}

/**
 * For a delete inside the scope: a disposable record can be made below the scope; a record at
 * the scope's own level (a street account's street, a resident's compound, property staff's
 * company, a unit liaison's unit, a grid worker's own account) is the one there is.
 */
function ownRecordOnly(role: Role, res: Res): boolean {
  const level = SCOPE_LEVEL[role];
  return (
    (res === 'streets' && level === 1) ||
    (res === 'communities' && level === 2) ||
    (res === 'grids' && level === 3) ||
    (res === 'compounds' && role === 'resident') ||
    (res === 'propertyCompanies' && role === 'property_staff') ||
    (res === 'units' && role === 'unit_liaison') ||
    (res === 'users' && role === 'grid_worker')
  );
}

const PATH: Record<Res, string> = {
  streets: '/api/v1/streets',
  communities: '/api/v1/communities',
  grids: '/api/v1/grids',
  compounds: '/api/v1/compounds',
  buildings: '/api/v1/buildings',
  propertyCompanies: '/api/v1/property-companies',
  units: '/api/v1/units',
  partyOrgs: '/api/v1/party-orgs',
  users: '/api/v1/users',
};

/** A harmless change per resource. */
const PATCH: Record<Res, object> = {
  streets: { address: '矩阵测试路1号' },
  communities: { address: '矩阵测试路2号' },
  grids: { address: '矩阵测试路3号' },
  compounds: { address: '矩阵测试路4号' },
  buildings: { floors: 6 },
  propertyCompanies: { address: '矩阵测试路5号' },
  units: { address: '矩阵测试路6号' },
  partyOrgs: { memberCount: 12 },
  users: { displayName: '矩阵测试' },
};

/** The body field that names the parent a new record attaches to (none for district-wide records). */
const PARENT_FIELD: Partial<Record<Res, string>> = {
  communities: 'streetId',
  grids: 'communityId',
  compounds: 'gridId',
  buildings: 'compoundId',
  partyOrgs: 'parentId',
  users: 'scopeUnitId',
};

const MISSING = 999_999;
const STATUS = { read: 200, create: 201, update: 200, delete: 204 } as const;

function statusLabel(status: number) {
  return `→ ${status}`;
}

// ---- the suite ------------------------------------------------------------------------------

describe.each(dialects())('scope matrix on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let w: World;
  let sysA: Account;
  let sysB: Account;
  const as = {} as Record<Role, Client>;
  /** Records added to the world for this suite. */
  const x = {
    nextDoorCompound: 0,
    nextDoorBuilding: 0,
    nextDoorBranch: 0,
    otherBigCommittee: 0,
    bAdmin: 0,
    spareOther: 0,
    spareB: 0,
  };
  let serial = 0;
  const uniq = (tag: string) => `${tag}${++serial}`;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    w = await buildWorld(t.ctx);
    sysA = systemAccount(w.a.district);
    sysB = systemAccount(w.b.district);
    // Leave the upper half of a.community free for new grids: the sibling grid keeps the lower half.
    await updateOrgUnit(t.ctx, sysA, 'grid', w.a.siblingGrid, { boundary: rect(110.405, 21.2, 110.41, 21.205) });
    const nextDoor = await createCompound(t.ctx, sysA, {
      gridId: w.a.siblingGrid,
      name: '邻里花园',
      location: { lng: 110.4075, lat: 21.2025 },
      households: 120,
      propertyCompanyId: w.a.other.company,
    });
    x.nextDoorCompound = nextDoor.id;
    x.nextDoorBuilding = (await createBuilding(t.ctx, sysA, { compoundId: nextDoor.id, name: '1栋' })).id;
    x.nextDoorBranch = (
      await createPartyOrg(t.ctx, sysA, { type: 'compound_branch', name: '邻里花园党支部', parentId: w.a.bigCommittee, compoundId: nextDoor.id })
    ).id;
    x.otherBigCommittee = (
      await t.db
        .selectFrom('partyOrgs')
        .select('id')
        .where('type', '=', 'community_big_committee')
        .where('orgUnitId', '=', w.a.other.community)
        .executeTakeFirstOrThrow()
    ).id;
    x.bAdmin = (await t.db.selectFrom('users').select('id').where('username', '=', w.adminB).executeTakeFirstOrThrow()).id;
    // Communities without a boundary take disposable grids anywhere.
    x.spareOther = (await createOrgUnit(t.ctx, sysA, 'community', { name: '备用社区', streetId: w.a.other.street })).id;
    x.spareB = (await createOrgUnit(t.ctx, sysB, 'community', { name: '备用社区', streetId: w.b.street })).id;
    app = await startApp(t);
    for (const role of ROLES) as[role] = await loginAs(app, w.users[role]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  // -- the records at each place -------------------------------------------------------------

  /** The existing record of a kind at a place, as seen by `role`. */
  function record(target: Target, place: Place, role: Role): number {
    const line = place === 'district B' ? w.b : place === 'other street' ? w.a.other : w.a;
    switch (target) {
      case 'streets':
        return line.street;
      case 'communities':
        return line.community;
      case 'grids':
        return place === 'next door' ? w.a.siblingGrid : line.grid;
      case 'compounds':
      case 'redPropertyStages':
        return place === 'next door' ? x.nextDoorCompound : line.compound;
      case 'buildings':
        return place === 'next door' ? x.nextDoorBuilding : line.building;
      case 'propertyCompanies':
        return line.company;
      case 'units':
        return line.unit;
      case 'partyOrgs':
        return place === 'next door' ? x.nextDoorBranch : line.branch;
      case 'memberUnits':
        if (place === 'next door') return x.nextDoorBranch;
        if (place === 'other street') return x.otherBigCommittee;
        if (place === 'inside' && role === 'grid_worker') return w.a.branch;
        return place === 'district B' ? w.b.bigCommittee : w.a.bigCommittee;
      case 'users':
        if (place === 'district B') return x.bAdmin;
        if (place === 'other street') return w.outsideUser;
        return place === 'inside' && role === 'grid_worker' ? w.userIds.grid_worker : w.userIds.in_service_member;
    }
  }

  /** A free cell of a.community's upper half, for a new grid. */
  let cells = 0;
  function freeCell() {
    const i = cells++;
    const west = 110.405 + (i % 20) * 0.00025;
    const south = 21.205 + Math.floor(i / 20) * 0.001;
    if (south >= 21.21) throw new Error('a.community has no free cell left');
    return rect(west, south, west + 0.00025, south + 0.001);
  }
  /** A cell far from everything, for grids in communities without a boundary. */
  let farCells = 0;
  function farCell() {
    const west = 111 + farCells++ * 0.001;
    return rect(west, 22, west + 0.0009, 22.0009);
  }

  /** Makes a record nothing depends on at a place (as the system account), for delete cases. */
  async function disposable(res: Res, place: Where | 'inside'): Promise<number> {
    const sys = place === 'district B' ? sysB : sysA;
    const line = place === 'district B' ? w.b : place === 'other street' ? w.a.other : w.a;
    const name = uniq('一次性');
    switch (res) {
      case 'streets':
        return (await createOrgUnit(t.ctx, sys, 'street', { name })).id;
      case 'communities':
        return (await createOrgUnit(t.ctx, sys, 'community', { name, streetId: line.street })).id;
      case 'grids': {
        if (place === 'inside' || place === 'next door') {
          return (await createOrgUnit(t.ctx, sys, 'grid', { name, communityId: w.a.community, boundary: freeCell() })).id;
        }
        const communityId = place === 'district B' ? x.spareB : x.spareOther;
        return (await createOrgUnit(t.ctx, sys, 'grid', { name, communityId, boundary: farCell() })).id;
      }
      case 'compounds': {
        const gridId = place === 'next door' ? w.a.siblingGrid : line.grid;
        const west = place === 'district B' ? 110.5 : place === 'other street' ? 110.42 : place === 'next door' ? 110.406 : 110.4;
        const propertyCompanyId = place === 'inside' ? w.a.company : place === 'district B' ? w.b.company : w.a.other.company;
        const compound = await createCompound(t.ctx, sys, {
          gridId,
          name,
          location: { lng: west + 0.001, lat: 21.201 },
          households: 10,
          propertyCompanyId,
        });
        return compound.id;
      }
      case 'buildings': {
        const compoundId = place === 'next door' ? x.nextDoorCompound : line.compound;
        return (await createBuilding(t.ctx, sys, { compoundId, name })).id;
      }
      case 'propertyCompanies':
        return (await createCompany(t.ctx, sys, { name })).id;
      case 'units':
        return (await createUnit(t.ctx, sys, { name, kind: 'enterprise' })).id;
      case 'partyOrgs': {
        const parentId = place === 'district B' ? w.b.bigCommittee : place === 'other street' ? x.otherBigCommittee : w.a.bigCommittee;
        const compoundId = place === 'next door' ? x.nextDoorCompound : line.compound;
        return (await createPartyOrg(t.ctx, sys, { type: 'compound_branch', name, parentId, compoundId })).id;
      }
      case 'users': {
        const user = await createUser(t.ctx, sys, {
          username: uniq('tmp_'),
          displayName: name,
          role: 'in_service_member',
          scopeUnitId: line.community,
        });
        return user.id;
      }
    }
  }

  /** The body of a new record attached at a place (the parent inside the scope, or outside it). */
  function createBody(res: Res, place: Where | 'inside'): Record<string, unknown> {
    const line = place === 'district B' ? w.b : place === 'other street' ? w.a.other : w.a;
    const name = uniq('新建');
    switch (res) {
      case 'streets':
        return { name };
      case 'communities':
        return { name, streetId: line.street };
      case 'grids':
        return { name, communityId: place === 'next door' ? w.a.community : line.community, boundary: place === 'inside' ? freeCell() : farCell() };
      case 'compounds':
        return {
          name,
          gridId: place === 'next door' ? w.a.siblingGrid : line.grid,
          location: { lng: 110.4015, lat: 21.2015 },
          households: 20,
        };
      case 'buildings':
        return { name, compoundId: place === 'next door' ? x.nextDoorCompound : line.compound };
      case 'propertyCompanies':
        return { name };
      case 'units':
        return { name, kind: 'agency' };
      case 'partyOrgs': {
        const parentId = place === 'district B' ? w.b.bigCommittee : place === 'other street' ? x.otherBigCommittee : w.a.bigCommittee;
        return { type: 'compound_branch', name, parentId, compoundId: w.a.compound };
      }
      case 'users':
        return { username: uniq('new_'), displayName: name, role: 'in_service_member', scopeUnitId: line.community };
    }
  }

  async function ids(res: Res | 'stages' | 'members', of?: number): Promise<number[]> {
    const db = t.db;
    switch (res) {
      case 'streets':
      case 'communities':
      case 'grids': {
        const kind = res === 'streets' ? 'street' : res === 'communities' ? 'community' : 'grid';
        return (await db.selectFrom('orgUnits').select('id').where('kind', '=', kind).execute()).map((r) => r.id);
      }
      case 'stages':
        return (await db.selectFrom('redPropertyHistory').select('id').where('compoundId', '=', of!).execute()).map((r) => r.id);
      case 'members':
        return (await db.selectFrom('partyOrgMemberUnits').select('id').where('partyOrgId', '=', of!).execute()).map((r) => r.id);
      default:
        return (await db.selectFrom(res).select('id').execute()).map((r) => r.id);
    }
  }

  async function exists(res: Res, id: number): Promise<boolean> {
    return (await ids(res)).includes(id);
  }

  /** The stored row of a record, to see that a refused write changed nothing. */
  async function rowOf(res: Res, id: number): Promise<unknown> {
    const table = res === 'streets' || res === 'communities' || res === 'grids' ? 'orgUnits' : res;
    return t.db.selectFrom(table as 'units').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The ids a role's list must show: the rows of the whole database that lie in its scope. */
  async function expectedInScope(role: Role, res: Res): Promise<number[]> {
    const level = SCOPE_LEVEL[role];
    const col = (['districtId', 'streetId', 'communityId', 'gridId'] as const)[level];
    const scopeId = [w.a.district, w.a.street, w.a.community, w.a.grid][level]!;
    const db = t.db;
    type Row = { id: number; districtId: number; streetId: number | null; communityId: number | null; gridId: number | null };
    const inTree = (r: Row) => r[col] === scopeId;
    switch (res) {
      case 'streets':
      case 'communities':
      case 'grids': {
        const kind = res === 'streets' ? 'street' : res === 'communities' ? 'community' : 'grid';
        return (await db.selectFrom('orgUnits').selectAll().where('kind', '=', kind).execute()).filter(inTree).map((r) => r.id);
      }
      case 'compounds':
        return (await db.selectFrom('compounds').selectAll().execute())
          .filter(inTree)
          .filter((c) => role !== 'property_staff' || c.propertyCompanyId === w.a.company)
          .filter((c) => role !== 'resident' || c.id === w.a.compound)
          .map((c) => c.id);
      case 'buildings': {
        const companyOf = new Map((await db.selectFrom('compounds').select(['id', 'propertyCompanyId']).execute()).map((c) => [c.id, c.propertyCompanyId]));
        return (await db.selectFrom('buildings').selectAll().execute())
          .filter(inTree)
          .filter((b) => role !== 'property_staff' || companyOf.get(b.compoundId) === w.a.company)
          .filter((b) => role !== 'resident' || b.compoundId === w.a.compound)
          .map((b) => b.id);
      }
      case 'propertyCompanies':
        return (await db.selectFrom('propertyCompanies').select(['id', 'districtId']).execute())
          .filter((c) => c.districtId === w.a.district && (role !== 'property_staff' || c.id === w.a.company))
          .map((c) => c.id);
      case 'units':
        return (await db.selectFrom('units').select(['id', 'districtId']).execute())
          .filter((u) => u.districtId === w.a.district && (role !== 'unit_liaison' || u.id === w.a.unit))
          .map((u) => u.id);
      case 'partyOrgs':
        return (await db.selectFrom('partyOrgs').selectAll().execute()).filter(inTree).map((o) => o.id);
      case 'users':
        return (await db.selectFrom('users').selectAll().execute()).filter(inTree).map((u) => u.id);
    }
  }

  /** An out-of-scope answer must be the answer for an id that does not exist. */
  function expectLikeMissing(res: LightMyRequestResponse, missing: LightMyRequestResponse) {
    expect(missing.statusCode).toBe(404);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(missing.json());
  }

  function expectForbidden(res: LightMyRequestResponse) {
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  }

  const sorted = (list: number[]) => [...list].sort((p, q) => p - q);

  // -- the register resources ----------------------------------------------------------------

  for (const role of ROLES) {
    describe(role, () => {
      for (const res of RESOURCES) {
        const path = PATH[res];
        const places = outside(role, res);
        const inside = hasInside(role, res);

        // list
        const listStatus = may(role, res, 'r') ? 200 : 403;
        it(`${role} list ${res} ${statusLabel(listStatus)}${listStatus === 200 ? ', exactly the records in scope' : ''}`, async () => {
          const answer = await as[role].get(`${path}?pageSize=500`);
          if (listStatus === 403) return expectForbidden(answer);
          expect(answer.statusCode, answer.body).toBe(200);
          const shown: number[] = answer.json().items.map((item: { id: number }) => item.id);
          for (const place of places) expect(shown, `${place} record listed`).not.toContain(record(res, place, role));
          if (inside && (res !== 'users' || role !== 'grid_worker')) expect(shown).toContain(record(res, 'inside', role));
          expect(sorted(shown)).toEqual(sorted(await expectedInScope(role, res)));
          expect(answer.json().total).toBe(shown.length);
        });

        // read
        if (inside) {
          const status = may(role, res, 'r') ? STATUS.read : 403;
          it(`${role} read ${res} inside ${statusLabel(status)}`, async () => {
            const answer = await as[role].get(`${path}/${record(res, 'inside', role)}`);
            if (status === 403) return expectForbidden(answer);
            expect(answer.statusCode, answer.body).toBe(200);
            expect(answer.json().id).toBe(record(res, 'inside', role));
          });
        }
        for (const place of places) {
          it(`${role} read ${res} ${place} → 404 like a missing id`, async () => {
            const missing = await as[role].get(`${path}/${MISSING}`);
            expectLikeMissing(await as[role].get(`${path}/${record(res, place, role)}`), missing);
          });
        }

        // update
        if (inside) {
          const status = may(role, res, 'u') ? STATUS.update : 403;
          it(`${role} update ${res} inside ${statusLabel(status)}`, async () => {
            const answer = await as[role].patch(`${path}/${record(res, 'inside', role)}`, PATCH[res]);
            if (status === 403) return expectForbidden(answer);
            expect(answer.statusCode, answer.body).toBe(200);
            expect(answer.json()).toMatchObject(PATCH[res]);
          });
        }
        for (const place of places) {
          it(`${role} update ${res} ${place} → 404 like a missing id, unchanged`, async () => {
            const id = record(res, place, role);
            const before = await rowOf(res, id);
            const missing = await as[role].patch(`${path}/${MISSING}`, PATCH[res]);
            expectLikeMissing(await as[role].patch(`${path}/${id}`, PATCH[res]), missing);
            expect(await rowOf(res, id)).toEqual(before);
          });
        }

        // delete
        if (inside) {
          const own = ownRecordOnly(role, res);
          const allowed = may(role, res, 'd');
          const status = allowed ? (own ? 409 : STATUS.delete) : 403;
          const what = own ? 'its own record' : 'a disposable record';
          it(`${role} delete ${res} inside (${what}) ${statusLabel(status)}`, async () => {
            const id = own ? record(res, 'inside', role) : await disposable(res, 'inside');
            const answer = await as[role].delete(`${path}/${id}`);
            if (status === 403) expectForbidden(answer);
            else expect(answer.statusCode, answer.body).toBe(status);
            expect(await exists(res, id)).toBe(status !== 204);
          });
        }
        for (const place of places) {
          it(`${role} delete ${res} ${place} → 404 like a missing id, still there`, async () => {
            const id = place === 'above' ? record(res, place, role) : await disposable(res, place);
            const missing = await as[role].delete(`${path}/${MISSING}`);
            expectLikeMissing(await as[role].delete(`${path}/${id}`), missing);
            expect(await exists(res, id)).toBe(true);
          });
        }

        // create
        {
          const allowed = may(role, res, 'c');
          const status = allowed ? STATUS.create : 403;
          it(`${role} create ${res} inside ${statusLabel(status)}`, async () => {
            const before = await ids(res);
            const answer = await as[role].post(path, createBody(res, 'inside'));
            const after = await ids(res);
            if (status === 403) {
              expectForbidden(answer);
              expect(after.length).toBe(before.length);
            } else {
              expect(answer.statusCode, answer.body).toBe(201);
              expect(after.length).toBe(before.length + 1);
              expect(after).toContain(answer.json().id);
            }
          });
          const field = PARENT_FIELD[res];
          if (field) {
            for (const place of places.filter((p) => p !== 'above')) {
              const label = allowed ? `→ 400 invalid_reference ${field}` : '→ 403';
              it(`${role} create ${res} with ${field} ${place} ${label}, nothing written`, async () => {
                const before = await ids(res);
                const answer = await as[role].post(path, createBody(res, place));
                if (allowed) {
                  expect(answer.statusCode, answer.body).toBe(400);
                  expect(answer.json().error.code).toBe('invalid_reference');
                  expect(answer.json().error.details).toEqual([{ field, message: expect.any(String), code: 'invalid_reference' }]);
                } else {
                  expectForbidden(answer);
                }
                expect(await ids(res)).toEqual(before);
              });
            }
          }
        }
      }

      // -- red-property stages -----------------------------------------------------------------
      {
        const places = outside(role, 'redPropertyStages');
        const readStatus = may(role, 'redPropertyStages', 'r') ? 200 : 403;
        it(`${role} read red-property stages inside ${statusLabel(readStatus)}`, async () => {
          const answer = await as[role].get(`/api/v1/compounds/${w.a.compound}/red-property-stages`);
          if (readStatus === 403) return expectForbidden(answer);
          expect(answer.statusCode, answer.body).toBe(200);
          expect(answer.json().length).toBeGreaterThanOrEqual(1);
        });
        const recordStatus = may(role, 'redPropertyStages', 'c') ? 201 : 403;
        it(`${role} record a red-property stage inside ${statusLabel(recordStatus)}`, async () => {
          const current = (await t.db.selectFrom('compounds').select('redPropertyStage').where('id', '=', w.a.compound).executeTakeFirstOrThrow())
            .redPropertyStage;
          const stage = current === 'branch_formed' ? 'planned' : 'branch_formed';
          const before = await ids('stages', w.a.compound);
          const answer = await as[role].post(`/api/v1/compounds/${w.a.compound}/red-property-stages`, { stage, reachedOn: '2024-06-01' });
          const after = await ids('stages', w.a.compound);
          if (recordStatus === 403) {
            expectForbidden(answer);
            expect(after).toEqual(before);
          } else {
            expect(answer.statusCode, answer.body).toBe(201);
            expect(answer.json()).toMatchObject({ stage, reachedOn: '2024-06-01' });
            expect(after.length).toBe(before.length + 1);
          }
        });
        for (const place of places) {
          it(`${role} read red-property stages ${place} → 404 like a missing id`, async () => {
            const missing = await as[role].get(`/api/v1/compounds/${MISSING}/red-property-stages`);
            const answer = await as[role].get(`/api/v1/compounds/${record('redPropertyStages', place, role)}/red-property-stages`);
            expectLikeMissing(answer, missing);
          });
          it(`${role} record a red-property stage ${place} → 404 like a missing id, nothing written`, async () => {
            const id = record('redPropertyStages', place, role);
            const body = { stage: 'branch_formed', reachedOn: '2024-06-01' };
            const before = await ids('stages', id);
            const missing = await as[role].post(`/api/v1/compounds/${MISSING}/red-property-stages`, body);
            expectLikeMissing(await as[role].post(`/api/v1/compounds/${id}/red-property-stages`, body), missing);
            expect(await ids('stages', id)).toEqual(before);
          });
        }
      }

      // -- member units of the big party committees --------------------------------------------
      {
        const places = outside(role, 'memberUnits');
        const listStatus = may(role, 'partyOrgs', 'r') ? 200 : 403;
        it(`${role} list member units inside ${statusLabel(listStatus)}`, async () => {
          const answer = await as[role].get(`/api/v1/party-orgs/${record('memberUnits', 'inside', role)}/member-units`);
          if (listStatus === 403) return expectForbidden(answer);
          expect(answer.statusCode, answer.body).toBe(200);
          if (role !== 'grid_worker') expect(answer.json().items.map((m: { unitId: number }) => m.unitId)).toContain(w.a.unit);
        });
        const addStatus = may(role, 'partyOrgs', 'u') ? 201 : 403;
        it(`${role} add a member unit inside ${statusLabel(addStatus)}`, async () => {
          const orgId = record('memberUnits', 'inside', role);
          const unit = await createUnit(t.ctx, sysA, { name: uniq('成员单位'), kind: 'enterprise' });
          const before = await ids('members', orgId);
          const answer = await as[role].post(`/api/v1/party-orgs/${orgId}/member-units`, { unitId: unit.id });
          const after = await ids('members', orgId);
          if (addStatus === 403) {
            expectForbidden(answer);
            expect(after).toEqual(before);
          } else {
            expect(answer.statusCode, answer.body).toBe(201);
            expect(answer.json()).toMatchObject({ unitId: unit.id });
            expect(after.length).toBe(before.length + 1);
          }
        });
        for (const place of places) {
          it(`${role} list member units ${place} → 404 like a missing id`, async () => {
            const missing = await as[role].get(`/api/v1/party-orgs/${MISSING}/member-units`);
            expectLikeMissing(await as[role].get(`/api/v1/party-orgs/${record('memberUnits', place, role)}/member-units`), missing);
          });
          it(`${role} add a member unit ${place} → 404 like a missing id, nothing written`, async () => {
            const orgId = record('memberUnits', place, role);
            const unit = await createUnit(t.ctx, place === 'district B' ? sysB : sysA, { name: uniq('成员单位'), kind: 'enterprise' });
            const before = await ids('members', orgId);
            const missing = await as[role].post(`/api/v1/party-orgs/${MISSING}/member-units`, { unitId: unit.id });
            expectLikeMissing(await as[role].post(`/api/v1/party-orgs/${orgId}/member-units`, { unitId: unit.id }), missing);
            expect(await ids('members', orgId)).toEqual(before);
          });
        }
      }
    });
  }

  // -- references to records outside the scope in fields other than the parent -----------------

  describe('references outside the scope', () => {
    for (const role of ROLES) {
      const writer = may(role, 'compounds', 'c');
      it(`${role} create compounds with propertyCompanyId in district B → ${writer ? '400 invalid_reference propertyCompanyId' : '403'}, nothing written`, async () => {
        const before = await ids('compounds');
        const answer = await as[role].post(PATH.compounds, { ...createBody('compounds', 'inside'), propertyCompanyId: w.b.company });
        if (writer) {
          expect(answer.statusCode, answer.body).toBe(400);
          expect(answer.json().error).toMatchObject({ code: 'invalid_reference', details: [{ field: 'propertyCompanyId' }] });
        } else expectForbidden(answer);
        expect(await ids('compounds')).toEqual(before);
      });

      const updater = may(role, 'partyOrgs', 'u');
      it(`${role} add a district B unit as member unit → ${updater ? '400 invalid_reference unitId' : '403'}, nothing written`, async () => {
        const orgId = record('memberUnits', 'inside', role);
        const before = await ids('members', orgId);
        const answer = await as[role].post(`/api/v1/party-orgs/${orgId}/member-units`, { unitId: w.b.unit });
        if (updater) {
          expect(answer.statusCode, answer.body).toBe(400);
          expect(answer.json().error).toMatchObject({ code: 'invalid_reference', details: [{ field: 'unitId' }] });
        } else expectForbidden(answer);
        expect(await ids('members', orgId)).toEqual(before);
      });

      const userWriter = may(role, 'users', 'c');
      const outsideCompound = role === 'district_admin' ? () => w.b.compound : () => w.a.other.compound;
      const outsideOrg = role === 'district_admin' ? () => w.b.bigCommittee : () => x.otherBigCommittee;
      const userCases: [string, string, () => Record<string, unknown>][] = [
        ['property_staff', 'propertyCompanyId', () => ({ propertyCompanyId: w.b.company })],
        ['unit_liaison', 'unitId', () => ({ unitId: w.b.unit })],
        ['resident', 'compoundId', () => ({ compoundId: outsideCompound() })],
        ['party_secretary', 'partyOrgId', () => ({ partyOrgId: outsideOrg() })],
      ];
      for (const [newRole, field, extra] of userCases) {
        it(`${role} create a ${newRole} account with ${field} outside → ${userWriter ? `400 invalid_reference ${field}` : '403'}, nothing written`, async () => {
          const before = await ids('users');
          const answer = await as[role].post(PATH.users, { username: uniq('ref_'), displayName: '引用测试', role: newRole, ...extra() });
          if (userWriter) {
            expect(answer.statusCode, answer.body).toBe(400);
            expect(answer.json().error).toMatchObject({ code: 'invalid_reference', details: [{ field }] });
          } else expectForbidden(answer);
          expect(await ids('users')).toEqual(before);
        });
      }
    }
  });

  // -- moving records: the place they move to must lie in scope too ---------------------------

  describe('moving records out of the scope', () => {
    const gridOutside = (role: Role) =>
      role === 'district_admin' ? w.b.grid : role === 'grid_worker' ? w.a.siblingGrid : SCOPE_LEVEL[role] === 0 ? w.b.grid : w.a.other.grid;

    for (const role of ROLES) {
      const allowed = may(role, 'compounds', 'u');
      it(`${role} move a compound into a grid outside its scope → ${allowed ? '400 invalid_reference gridId' : '403'}, unchanged`, async () => {
        const id = role === 'resident' ? w.a.compound : await disposable('compounds', 'inside');
        const before = await t.db.selectFrom('compounds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const answer = await as[role].patch(`${PATH.compounds}/${id}`, { gridId: gridOutside(role), location: { lng: 110.5015, lat: 21.2015 } });
        if (allowed) {
          expect(answer.statusCode, answer.body).toBe(400);
          expect(answer.json().error).toMatchObject({ code: 'invalid_reference', details: [{ field: 'gridId' }] });
        } else expectForbidden(answer);
        expect(await t.db.selectFrom('compounds').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
      });
    }

    it('community_staff move a compound into a sibling grid of its community → 200 (control)', async () => {
      const id = await disposable('compounds', 'inside');
      const answer = await as.community_staff.patch(`${PATH.compounds}/${id}`, { gridId: w.a.siblingGrid, location: { lng: 110.4085, lat: 21.2015 } });
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json().grid.id).toBe(w.a.siblingGrid);
    });

    for (const role of ROLES.filter((r) => may(r, 'partyOrgs', 'u'))) {
      it(`${role} move a party organisation under a parent outside its scope → 400 invalid_reference parentId, unchanged`, async () => {
        const id = await disposable('partyOrgs', 'inside');
        const parentId = role === 'district_admin' ? w.b.bigCommittee : x.otherBigCommittee;
        const before = await t.db.selectFrom('partyOrgs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const answer = await as[role].patch(`${PATH.partyOrgs}/${id}`, { parentId });
        expect(answer.statusCode, answer.body).toBe(400);
        expect(answer.json().error).toMatchObject({ code: 'invalid_reference', details: [{ field: 'parentId' }] });
        expect(await t.db.selectFrom('partyOrgs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
      });
    }

    for (const role of ROLES.filter((r) => may(r, 'users', 'u'))) {
      it(`${role} move an account into a community outside its scope → 400 invalid_reference scopeUnitId, unchanged`, async () => {
        const id = await disposable('users', 'inside');
        const scopeUnitId = role === 'district_admin' ? w.b.community : w.a.other.community;
        const before = await t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const answer = await as[role].patch(`${PATH.users}/${id}`, { scopeUnitId });
        expect(answer.statusCode, answer.body).toBe(400);
        expect(answer.json().error).toMatchObject({ code: 'invalid_reference', details: [{ field: 'scopeUnitId' }] });
        expect(await t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
      });
    }
  });

  // -- personal data -------------------------------------------------------------------------

  describe('personal data', () => {
    const accessRows = async (reader: Role) =>
      Number(
        (
          await t.db
            .selectFrom('personalDataAccess')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('userId', '=', w.userIds[reader])
            .where('subjectType', '=', 'user')
            .where('subjectId', '=', w.userIds.resident)
            .executeTakeFirstOrThrow()
        ).n,
      );

    const cases: [Role, 'unmasked' | 'masked'][] = [
      ['district_admin', 'unmasked'],
      ['community_staff', 'unmasked'],
      ['street_staff', 'masked'],
    ];
    for (const [reader, how] of cases) {
      it(`${reader} reads the resident's phone and ID number ${how}${how === 'unmasked' ? ', and the read is logged' : ', and nothing is logged'}`, async () => {
        const before = await accessRows(reader);
        const answer = await as[reader].get(`${PATH.users}/${w.userIds.resident}`);
        expect(answer.statusCode, answer.body).toBe(200);
        const { phone, idNumber } = answer.json();
        if (how === 'unmasked') {
          expect({ phone, idNumber }).toEqual({ phone: '13912345678', idNumber: '440803199001011234' });
          expect(await accessRows(reader)).toBe(before + 1);
          const row = await t.db
            .selectFrom('personalDataAccess')
            .selectAll()
            .where('userId', '=', w.userIds[reader])
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow();
          expect(row).toMatchObject({ subjectId: w.userIds.resident, fields: 'phone,idNumber', districtId: w.a.district });
        } else {
          expect({ phone, idNumber }).toEqual({ phone: '139****5678', idNumber: '4408**********1234' });
          expect(await accessRows(reader)).toBe(before);
        }
      });
    }

    it('community_staff lists accounts with unmasked personal data, and every such row is logged', async () => {
      const before = await accessRows('community_staff');
      const answer = await as.community_staff.get(`${PATH.users}?pageSize=500`);
      expect(answer.statusCode).toBe(200);
      const resident = answer.json().items.find((u: { id: number }) => u.id === w.userIds.resident);
      expect(resident).toMatchObject({ phone: '13912345678', idNumber: '440803199001011234' });
      expect(await accessRows('community_staff')).toBe(before + 1);
    });

    it("an unmasked read of a property company's contact phone (personal data) is logged too", async () => {
      const count = async () =>
        Number(
          (
            await t.db
              .selectFrom('personalDataAccess')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('userId', '=', w.userIds.district_admin)
              .where('subjectId', '=', w.a.company)
              .where('subjectType', '<>', 'user')
              .executeTakeFirstOrThrow()
          ).n,
        );
      const masked = await as.street_staff.get(`${PATH.propertyCompanies}/${w.a.company}`);
      expect(masked.json().contactPhone).toBe('138****8000');
      const before = await count();
      const clear = await as.district_admin.get(`${PATH.propertyCompanies}/${w.a.company}`);
      expect(clear.json().contactPhone).toBe('13800138000');
      expect(await count()).toBe(before + 1);
    });
  });
});
