// Bad input answers 4xx in the one error shape, naming the field at fault, and writes nothing:
// malformed and oversize bodies, wrong types, bad geometry, codes, duplicates, orphans, queries.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCreditCheck } from '../../src/core/codes.js';
import { createOrgUnit } from '../../src/modules/orgs/service.js';
import { systemAccount } from '../../src/modules/shared/account.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { buildWorld, rect, type World } from '../helpers/world.js';

/** A well-formed compound body in a.grid, to spoil one field at a time. */
const compoundBody = (w: World, extra: Record<string, unknown> = {}) => ({
  gridId: w.a.grid,
  name: '坏输入测试小区',
  location: { lng: 110.401, lat: 21.201 },
  households: 300,
  ...extra,
});

const ring = (...positions: [number, number][]) => ({ type: 'Polygon', coordinates: [positions] });

/** Records created before the cases run, that some cases collide with. */
interface Fixtures {
  codedStreet: number;
  codedCommunity: number;
  communityName: string;
  compoundName: string;
  companyName: string;
  companyCreditCode: string;
  unitName: string;
}

interface BadCase {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: (w: World, f: Fixtures) => string;
  /** A value sent as JSON, or a string sent as it is. */
  body?: (w: World, f: Fixtures) => unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
  /** The field the answer must name (exactly, or matching). */
  field?: string | RegExp;
  /** A stored record that must read back unchanged. */
  keeps?: (w: World, f: Fixtures) => { table: 'orgUnits' | 'compounds' | 'propertyCompanies' | 'partyOrgs' | 'users'; id: number };
}

/** A well-formed unified social credit code, and the same with a wrong check character. */
const CREDIT_OK = withCreditCheck('91440800MA4W0H0X1');
const CREDIT_BAD_CHECK = CREDIT_OK.slice(0, 17) + (CREDIT_OK.endsWith('1') ? '2' : '1');

// prettier-ignore
const CASES: BadCase[] = [
  // -- bodies that are not what the endpoint takes --------------------------------------------
  { name: 'malformed JSON', method: 'POST', url: () => '/api/v1/streets', body: () => '{"name": "坏街道",', headers: { 'content-type': 'application/json' }, status: 400, code: 'invalid_json', field: '(body)' },
  { name: 'an empty JSON body', method: 'POST', url: () => '/api/v1/streets', body: () => '', headers: { 'content-type': 'application/json' }, status: 400, code: 'invalid_json', field: '(body)' },
  { name: 'a JSON array instead of an object', method: 'POST', url: () => '/api/v1/streets', body: () => [{ name: '坏街道' }], status: 400, code: 'validation_failed', field: '(body)' },
  { name: 'a form-encoded body', method: 'POST', url: () => '/api/v1/streets', body: () => 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'unsupported_media_type' },
  { name: 'a body over 1 MiB', method: 'POST', url: () => '/api/v1/streets', body: () => ({ name: '大街道', address: 'x'.repeat(1024 * 1024 + 16) }), status: 413, code: 'payload_too_large' },
  { name: 'an empty change', method: 'PATCH', url: (w) => `/api/v1/compounds/${w.a.compound}`, body: () => ({}), status: 400, code: 'validation_failed', field: '(body)', keeps: (w) => ({ table: 'compounds', id: w.a.compound }) },

  // -- wrong types: no coercion in bodies -------------------------------------------------------
  { name: 'households "many"', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { households: 'many' }), status: 400, code: 'validation_failed', field: 'households' },
  { name: 'households "300" (a string is not coerced)', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { households: '300' }), status: 400, code: 'validation_failed', field: 'households' },
  { name: 'households 1.5', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { households: 1.5 }), status: 400, code: 'validation_failed', field: 'households' },
  { name: 'households -1', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { households: -1 }), status: 400, code: 'validation_failed', field: 'households' },
  { name: 'isOld "true" (a string is not a boolean)', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { isOld: 'true' }), status: 400, code: 'validation_failed', field: 'isOld' },
  { name: 'gridId "1" (a string is not an id)', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { gridId: String(w.a.grid) }), status: 400, code: 'validation_failed', field: 'gridId' },
  { name: 'location.lat "21.2"', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { location: { lng: 110.401, lat: '21.201' } }), status: 400, code: 'validation_failed', field: 'location.lat' },
  { name: 'a missing name', method: 'POST', url: () => '/api/v1/compounds', body: (w) => { const { name: _n, ...rest } = compoundBody(w); return rest; }, status: 400, code: 'validation_failed', field: 'name' },
  { name: 'name null', method: 'POST', url: () => '/api/v1/streets', body: () => ({ name: null }), status: 400, code: 'validation_failed', field: 'name' },
  { name: 'households "300" in a change', method: 'PATCH', url: (w) => `/api/v1/compounds/${w.a.compound}`, body: () => ({ households: '300' }), status: 400, code: 'validation_failed', field: 'households', keeps: (w) => ({ table: 'compounds', id: w.a.compound }) },

  // -- unknown fields ---------------------------------------------------------------------------
  { name: 'an unknown field', method: 'POST', url: () => '/api/v1/streets', body: () => ({ name: '未知字段街道', colour: 'red' }), status: 400, code: 'validation_failed', field: 'colour' },
  { name: 'an unknown nested field', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { location: { lng: 110.401, lat: 21.201, alt: 3 } }), status: 400, code: 'validation_failed', field: 'location.alt' },
  { name: 'an unknown field in a change', method: 'PATCH', url: (w) => `/api/v1/compounds/${w.a.compound}`, body: () => ({ districtId: 1 }), status: 400, code: 'validation_failed', field: 'districtId', keeps: (w) => ({ table: 'compounds', id: w.a.compound }) },
  { name: 'a red-property stage with an unknown field', method: 'POST', url: (w) => `/api/v1/compounds/${w.a.compound}/red-property-stages`, body: () => ({ stage: 'branch_formed', reachedOn: '2023-01-01', by: 'me' }), status: 400, code: 'validation_failed', field: 'by' },

  // -- geometry -----------------------------------------------------------------------------
  { name: 'a boundary whose ring does not close', method: 'POST', url: () => '/api/v1/communities', body: (w) => ({ name: '开环社区', streetId: w.a.other.street, boundary: ring([110.6, 21.2], [110.61, 21.2], [110.61, 21.21], [110.6, 21.21], [110.6, 21.205]) }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a self-crossing bowtie boundary', method: 'POST', url: () => '/api/v1/communities', body: (w) => ({ name: '蝴蝶结社区', streetId: w.a.other.street, boundary: ring([110.6, 21.2], [110.61, 21.21], [110.61, 21.2], [110.6, 21.21], [110.6, 21.2]) }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a boundary of the wrong GeoJSON type', method: 'POST', url: () => '/api/v1/communities', body: (w) => ({ name: '点社区', streetId: w.a.other.street, boundary: { type: 'Point', coordinates: [110.6, 21.2] } }), status: 400, code: 'validation_failed', field: /^boundary(\.|$)/ },
  { name: 'a LineString boundary', method: 'POST', url: () => '/api/v1/communities', body: (w) => ({ name: '线社区', streetId: w.a.other.street, boundary: { type: 'LineString', coordinates: [[110.6, 21.2], [110.61, 21.21]] } }), status: 400, code: 'validation_failed', field: /^boundary(\.|$)/ },
  { name: 'a boundary with coordinates out of range', method: 'POST', url: () => '/api/v1/communities', body: (w) => ({ name: '越界社区', streetId: w.a.other.street, boundary: ring([200, 21.2], [200.01, 21.2], [200.01, 21.21], [200, 21.21], [200, 21.2]) }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a boundary with latitude 95', method: 'POST', url: () => '/api/v1/communities', body: (w) => ({ name: '极地社区', streetId: w.a.other.street, boundary: ring([110.6, 89.99], [110.61, 89.99], [110.61, 95], [110.6, 95], [110.6, 89.99]) }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a ring of three positions', method: 'POST', url: () => '/api/v1/communities', body: (w) => ({ name: '三点社区', streetId: w.a.other.street, boundary: ring([110.6, 21.2], [110.61, 21.2], [110.6, 21.2]) }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a position of strings', method: 'POST', url: () => '/api/v1/communities', body: (w) => ({ name: '字符串社区', streetId: w.a.other.street, boundary: { type: 'Polygon', coordinates: [[['110.6', '21.2'], [110.61, 21.2], [110.61, 21.21], [110.6, 21.2]]] } }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a grid outside its community', method: 'POST', url: () => '/api/v1/grids', body: (w) => ({ name: '飞地网格', communityId: w.a.community, boundary: rect(110.7, 21.2, 110.705, 21.21) }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a grid sticking out of its community', method: 'POST', url: () => '/api/v1/grids', body: (w) => ({ name: '出界网格', communityId: w.a.community, boundary: rect(110.408, 21.205, 110.415, 21.209) }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a grid overlapping a sibling grid', method: 'POST', url: () => '/api/v1/grids', body: (w) => ({ name: '重叠网格', communityId: w.a.community, boundary: rect(110.401, 21.201, 110.402, 21.202) }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a grid moved onto its sibling', method: 'PATCH', url: (w) => `/api/v1/grids/${w.a.siblingGrid}`, body: () => ({ boundary: rect(110.403, 21.2, 110.41, 21.21) }), status: 400, code: 'validation_failed', field: 'boundary', keeps: (w) => ({ table: 'orgUnits', id: w.a.siblingGrid }) },
  { name: 'a grid shrunk away from its compound', method: 'PATCH', url: (w) => `/api/v1/grids/${w.a.grid}`, body: () => ({ boundary: rect(110.4, 21.2, 110.401, 21.201) }), status: 400, code: 'validation_failed', field: 'boundary', keeps: (w) => ({ table: 'orgUnits', id: w.a.grid }) },
  { name: 'a community shrunk away from its grids', method: 'PATCH', url: (w) => `/api/v1/communities/${w.a.community}`, body: () => ({ boundary: rect(110.4, 21.2, 110.405, 21.21) }), status: 400, code: 'validation_failed', field: 'boundary', keeps: (w) => ({ table: 'orgUnits', id: w.a.community }) },
  { name: 'a grid without a boundary', method: 'POST', url: () => '/api/v1/grids', body: (w) => ({ name: '无界网格', communityId: w.a.community }), status: 400, code: 'validation_failed', field: 'boundary' },
  { name: 'a compound located outside its grid', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { location: { lng: 110.408, lat: 21.205 } }), status: 400, code: 'validation_failed', field: 'location' },
  { name: 'a compound moved to a point outside its grid', method: 'PATCH', url: (w) => `/api/v1/compounds/${w.a.compound}`, body: () => ({ location: { lng: 110.408, lat: 21.205 } }), status: 400, code: 'validation_failed', field: 'location', keeps: (w) => ({ table: 'compounds', id: w.a.compound }) },
  { name: 'a compound outline outside its grid', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { boundary: rect(110.4005, 21.2005, 110.407, 21.202) }), status: 400, code: 'validation_failed', field: 'boundary' },

  // -- codes and identifiers --------------------------------------------------------------------
  { name: 'a duplicate community code', method: 'POST', url: () => '/api/v1/communities', body: (_w, f) => ({ name: '同码社区', streetId: f.codedStreet, code: '440803070001' }), status: 409, code: 'duplicate', field: 'code' },
  { name: "a community code not starting with its street's code", method: 'POST', url: () => '/api/v1/communities', body: (_w, f) => ({ name: '错码社区', streetId: f.codedStreet, code: '440803071001' }), status: 400, code: 'validation_failed', field: 'code' },
  { name: 'a community code of 10 digits', method: 'POST', url: () => '/api/v1/communities', body: (_w, f) => ({ name: '短码社区', streetId: f.codedStreet, code: '4408030700' }), status: 400, code: 'validation_failed', field: 'code' },
  { name: 'a street code with letters', method: 'POST', url: () => '/api/v1/streets', body: () => ({ name: '字母街道', code: '44080307A' }), status: 400, code: 'validation_failed', field: 'code' },
  { name: "a street code change its communities' codes no longer start with", method: 'PATCH', url: (_w, f) => `/api/v1/streets/${f.codedStreet}`, body: () => ({ code: '440803071' }), status: 400, code: 'validation_failed', field: 'code', keeps: (_w, f) => ({ table: 'orgUnits', id: f.codedStreet }) },
  { name: 'a community code changed to a duplicate', method: 'PATCH', url: (w) => `/api/v1/communities/${w.a.other.community}`, body: () => ({ code: '440803070001' }), status: 409, code: 'duplicate', field: 'code', keeps: (w) => ({ table: 'orgUnits', id: w.a.other.community }) },
  { name: 'an invalid credit code (check character)', method: 'POST', url: () => '/api/v1/property-companies', body: () => ({ name: '错码物业', creditCode: CREDIT_BAD_CHECK }), status: 400, code: 'validation_failed', field: 'creditCode' },
  { name: 'an invalid credit code (letters I, O)', method: 'POST', url: () => '/api/v1/units', body: () => ({ name: '错码单位', kind: 'enterprise', creditCode: '91440800MA4W0H0XIO' }), status: 400, code: 'validation_failed', field: 'creditCode' },
  { name: 'an invalid credit code in a change', method: 'PATCH', url: (w) => `/api/v1/property-companies/${w.a.company}`, body: () => ({ creditCode: '123' }), status: 400, code: 'validation_failed', field: 'creditCode', keeps: (w) => ({ table: 'propertyCompanies', id: w.a.company }) },
  { name: 'a bad contact phone', method: 'POST', url: () => '/api/v1/property-companies', body: () => ({ name: '坏电话物业', contactPhone: '12345' }), status: 400, code: 'validation_failed', field: 'contactPhone' },
  { name: 'a bad unit contact phone', method: 'POST', url: () => '/api/v1/units', body: () => ({ name: '坏电话单位', kind: 'agency', contactPhone: '1391234567' }), status: 400, code: 'validation_failed', field: 'contactPhone' },
  { name: 'a bad community phone', method: 'PATCH', url: (w) => `/api/v1/communities/${w.a.community}`, body: () => ({ phone: '0759' }), status: 400, code: 'validation_failed', field: 'phone', keeps: (w) => ({ table: 'orgUnits', id: w.a.community }) },
  { name: 'a bad resident phone', method: 'POST', url: () => '/api/v1/users', body: (w) => ({ username: 'bad_phone', displayName: '坏电话', role: 'resident', compoundId: w.a.compound, phone: '+86 139' }), status: 400, code: 'validation_failed', field: 'phone' },
  { name: 'a bad ID number (check digit)', method: 'POST', url: () => '/api/v1/users', body: (w) => ({ username: 'bad_id', displayName: '坏身份证', role: 'resident', compoundId: w.a.compound, idNumber: '440803199001011235' }), status: 400, code: 'validation_failed', field: 'idNumber' },

  // -- duplicates -------------------------------------------------------------------------------
  { name: 'a duplicate community name under one street', method: 'POST', url: () => '/api/v1/communities', body: (_w, f) => ({ name: f.communityName, streetId: f.codedStreet }), status: 409, code: 'duplicate', field: 'name' },
  { name: 'a duplicate compound name in one community', method: 'POST', url: () => '/api/v1/compounds', body: (w, f) => compoundBody(w, { name: f.compoundName }), status: 409, code: 'duplicate', field: 'name' },
  { name: 'a duplicate property company name', method: 'POST', url: () => '/api/v1/property-companies', body: (_w, f) => ({ name: f.companyName }), status: 409, code: 'duplicate', field: 'name' },
  { name: 'a duplicate property company credit code', method: 'POST', url: () => '/api/v1/property-companies', body: (_w, f) => ({ name: '同码物业', creditCode: f.companyCreditCode }), status: 409, code: 'duplicate', field: 'creditCode' },
  { name: 'a duplicate unit name', method: 'POST', url: () => '/api/v1/units', body: (_w, f) => ({ name: f.unitName, kind: 'enterprise' }), status: 409, code: 'duplicate', field: 'name' },
  { name: 'a duplicate username', method: 'POST', url: () => '/api/v1/users', body: (w) => ({ username: w.users.street_staff, displayName: '重名', role: 'in_service_member', scopeUnitId: w.a.community }), status: 409, code: 'duplicate', field: 'username' },
  { name: 'a second grid worker for one grid', method: 'POST', url: () => '/api/v1/users', body: (w) => ({ username: 'second_grid', displayName: '第二网格员', role: 'grid_worker', scopeUnitId: w.a.grid }), status: 409, code: 'duplicate', field: 'scopeUnitId' },
  { name: 'a second big party committee for one community', method: 'POST', url: () => '/api/v1/party-orgs', body: (w) => ({ type: 'community_big_committee', name: '第二大党委', parentId: w.a.streetCommittee, orgUnitId: w.a.community }), status: 409, code: 'conflict', field: 'orgUnitId' },
  { name: 'a member unit registered twice', method: 'POST', url: (w) => `/api/v1/party-orgs/${w.a.bigCommittee}/member-units`, body: (w) => ({ unitId: w.a.unit }), status: 409, code: 'duplicate', field: 'unitId' },

  // -- domain rules ---------------------------------------------------------------------------
  { name: 'a three-nos compound with a property company', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { isThreeNos: true, propertyCompanyId: w.a.company }), status: 400, code: 'validation_failed', field: 'isThreeNos' },
  { name: 'a managed compound flagged three-nos', method: 'PATCH', url: (w) => `/api/v1/compounds/${w.a.compound}`, body: () => ({ isThreeNos: true }), status: 400, code: 'validation_failed', field: 'isThreeNos', keeps: (w) => ({ table: 'compounds', id: w.a.compound }) },
  { name: 'a compound built in the future', method: 'POST', url: () => '/api/v1/compounds', body: (w) => compoundBody(w, { buildYear: 2031 }), status: 400, code: 'validation_failed', field: 'buildYear' },
  { name: 'a red-property stage dated before the previous one', method: 'POST', url: (w) => `/api/v1/compounds/${w.a.compound}/red-property-stages`, body: () => ({ stage: 'branch_formed', reachedOn: '2021-12-31' }), status: 400, code: 'validation_failed', field: 'reachedOn' },
  { name: 'a red-property stage dated in the future', method: 'POST', url: (w) => `/api/v1/compounds/${w.a.compound}/red-property-stages`, body: () => ({ stage: 'branch_formed', reachedOn: '2026-11-30' }), status: 400, code: 'validation_failed', field: 'reachedOn' },
  { name: 'a red-property stage that is not a date', method: 'POST', url: (w) => `/api/v1/compounds/${w.a.compound}/red-property-stages`, body: () => ({ stage: 'branch_formed', reachedOn: '2023-02-30' }), status: 400, code: 'validation_failed', field: 'reachedOn' },
  { name: 'the red-property stage the compound is already at', method: 'POST', url: (w) => `/api/v1/compounds/${w.a.compound}/red-property-stages`, body: () => ({ stage: 'planned', reachedOn: '2023-01-01' }), status: 400, code: 'validation_failed', field: 'stage' },
  { name: 'an unknown red-property stage', method: 'POST', url: (w) => `/api/v1/compounds/${w.a.compound}/red-property-stages`, body: () => ({ stage: 'finished', reachedOn: '2023-01-01' }), status: 400, code: 'validation_failed', field: 'stage' },
  { name: 'a compound branch under a street working committee', method: 'POST', url: () => '/api/v1/party-orgs', body: (w) => ({ type: 'compound_branch', name: '错位支部', parentId: w.a.streetCommittee, compoundId: w.a.compound }), status: 400, code: 'validation_failed', field: 'parentId' },
  { name: "a change of a party organisation's type", method: 'PATCH', url: (w) => `/api/v1/party-orgs/${w.a.branch}`, body: () => ({ type: 'district_committee' }), status: 400, code: 'validation_failed', field: 'type', keeps: (w) => ({ table: 'partyOrgs', id: w.a.branch }) },

  // -- deletes that would orphan records ------------------------------------------------------
  { name: 'a street that still has communities', method: 'DELETE', url: (w) => `/api/v1/streets/${w.a.street}`, status: 409, code: 'in_use', keeps: (w) => ({ table: 'orgUnits', id: w.a.street }) },
  { name: 'a grid that still has compounds', method: 'DELETE', url: (w) => `/api/v1/grids/${w.a.grid}`, status: 409, code: 'in_use', keeps: (w) => ({ table: 'orgUnits', id: w.a.grid }) },
  { name: 'a compound that still has buildings', method: 'DELETE', url: (w) => `/api/v1/compounds/${w.a.compound}`, status: 409, code: 'in_use', keeps: (w) => ({ table: 'compounds', id: w.a.compound }) },
  { name: 'a property company that still manages compounds', method: 'DELETE', url: (w) => `/api/v1/property-companies/${w.a.company}`, status: 409, code: 'in_use', keeps: (w) => ({ table: 'propertyCompanies', id: w.a.company }) },
  { name: 'a party organisation that still has children', method: 'DELETE', url: (w) => `/api/v1/party-orgs/${w.a.bigCommittee}`, status: 409, code: 'in_use', keeps: (w) => ({ table: 'partyOrgs', id: w.a.bigCommittee }) },
  { name: 'an account that has signed in', method: 'DELETE', url: (w) => `/api/v1/users/${w.userIds.street_staff}`, status: 409, code: 'in_use', keeps: (w) => ({ table: 'users', id: w.userIds.street_staff }) },

  // -- accounts ---------------------------------------------------------------------------------
  { name: 'a grid worker scoped to a community', method: 'POST', url: () => '/api/v1/users', body: (w) => ({ username: 'gw_in_community', displayName: '错位网格员', role: 'grid_worker', scopeUnitId: w.a.community, password: 'long-enough-1' }), status: 400, code: 'validation_failed', field: 'scopeUnitId' },
  { name: 'street staff scoped to a grid', method: 'POST', url: () => '/api/v1/users', body: (w) => ({ username: 'ss_in_grid', displayName: '错位街道', role: 'street_staff', scopeUnitId: w.a.siblingGrid }), status: 400, code: 'validation_failed', field: 'scopeUnitId' },
  { name: 'a grid worker moved to a community', method: 'PATCH', url: (w) => `/api/v1/users/${w.userIds.grid_worker}`, body: (w) => ({ scopeUnitId: w.a.community }), status: 400, code: 'validation_failed', field: 'scopeUnitId', keeps: (w) => ({ table: 'users', id: w.userIds.grid_worker }) },
  { name: 'property staff without a company', method: 'POST', url: () => '/api/v1/users', body: () => ({ username: 'ps_nocompany', displayName: '无公司物业', role: 'property_staff' }), status: 400, code: 'validation_failed', field: 'propertyCompanyId' },
  { name: 'a password shorter than 8', method: 'POST', url: () => '/api/v1/users', body: (w) => ({ username: 'short_pw', displayName: '短密码', role: 'in_service_member', scopeUnitId: w.a.community, password: 'short7!' }), status: 400, code: 'validation_failed', field: 'password' },
  { name: 'a password change shorter than 8', method: 'PATCH', url: (w) => `/api/v1/users/${w.userIds.in_service_member}`, body: () => ({ password: '1234567' }), status: 400, code: 'validation_failed', field: 'password', keeps: (w) => ({ table: 'users', id: w.userIds.in_service_member }) },
  { name: 'an unknown role', method: 'POST', url: () => '/api/v1/users', body: (w) => ({ username: 'bad_role', displayName: '坏角色', role: 'superuser', scopeUnitId: w.a.community }), status: 400, code: 'validation_failed', field: 'role' },
  { name: 'a username with spaces', method: 'POST', url: () => '/api/v1/users', body: (w) => ({ username: 'bad name', displayName: '坏用户名', role: 'in_service_member', scopeUnitId: w.a.community }), status: 400, code: 'validation_failed', field: 'username' },

  // -- query strings and path parameters ------------------------------------------------------
  { name: '?page=abc', method: 'GET', url: () => '/api/v1/compounds?page=abc', status: 400, code: 'validation_failed', field: 'querystring.page' },
  { name: '?page=0', method: 'GET', url: () => '/api/v1/compounds?page=0', status: 400, code: 'validation_failed', field: 'querystring.page' },
  { name: '?pageSize=501', method: 'GET', url: () => '/api/v1/streets?pageSize=501', status: 400, code: 'validation_failed', field: 'querystring.pageSize' },
  { name: 'sort by an unknown column', method: 'GET', url: () => '/api/v1/compounds?sort=-bogus', status: 400, code: 'validation_failed', field: 'querystring.sort' },
  { name: 'sort by the password hash', method: 'GET', url: () => '/api/v1/users?sort=passwordHash', status: 400, code: 'validation_failed', field: 'querystring.sort' },
  { name: 'sort with SQL in it', method: 'GET', url: () => `/api/v1/units?sort=${encodeURIComponent('name; drop table units')}`, status: 400, code: 'validation_failed', field: 'querystring.sort' },
  { name: 'an unknown query parameter', method: 'GET', url: () => '/api/v1/compounds?colour=red', status: 400, code: 'validation_failed', field: 'querystring.colour' },
  { name: 'a filter of the wrong type', method: 'GET', url: () => '/api/v1/compounds?isOld=maybe', status: 400, code: 'validation_failed', field: 'querystring.isOld' },
  { name: 'an id that is not a number', method: 'GET', url: () => '/api/v1/compounds/abc', status: 400, code: 'validation_failed', field: 'params.id' },
  { name: 'an id of 0', method: 'GET', url: () => '/api/v1/compounds/0', status: 400, code: 'validation_failed', field: 'params.id' },
];

describe.each(dialects())('bad input on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let w: World;
  let f: Fixtures;
  let admin: Client;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    w = await buildWorld(t.ctx);
    const sys = systemAccount(w.a.district);
    const street = await createOrgUnit(t.ctx, sys, 'street', { name: '泉庄街道', code: '440803070' });
    const community = await createOrgUnit(t.ctx, sys, 'community', { name: '霞海社区', streetId: street.id, code: '440803070001' });
    await t.db.updateTable('propertyCompanies').set({ creditCode: CREDIT_OK }).where('id', '=', w.a.company).execute();
    const name = async (table: 'compounds' | 'propertyCompanies' | 'units', id: number) =>
      (await t.db.selectFrom(table).select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;
    f = {
      codedStreet: street.id,
      codedCommunity: community.id,
      communityName: community.name,
      compoundName: await name('compounds', w.a.compound),
      companyName: await name('propertyCompanies', w.a.company),
      companyCreditCode: CREDIT_OK,
      unitName: await name('units', w.a.unit),
    };
    app = await startApp(t);
    admin = await loginAs(app, w.users.district_admin);
    await loginAs(app, w.users.street_staff); // an account that has signed in cannot be removed
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  /** Row counts of every register table: a refused request writes none of them. */
  async function counts(): Promise<Record<string, number>> {
    const tables = [
      'orgUnits',
      'compounds',
      'buildings',
      'redPropertyHistory',
      'propertyCompanies',
      'units',
      'partyOrgs',
      'partyOrgMemberUnits',
      'users',
    ] as const;
    const out: Record<string, number> = {};
    for (const table of tables) {
      const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  }

  /** The one error shape: {error: {code, message, details: [{field, message}]}}, no stack trace. */
  function expectErrorShape(res: LightMyRequestResponse) {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
    expect(typeof body.error.code).toBe('string');
    expect(typeof body.error.message).toBe('string');
    expect(Array.isArray(body.error.details)).toBe(true);
    for (const detail of body.error.details) {
      // field and message always; the kind of problem (and its numbers) where the schema says it.
      expect(['field', 'message'].every((k) => k in detail)).toBe(true);
      expect(Object.keys(detail).every((k) => ['field', 'message', 'code', 'params'].includes(k))).toBe(true);
      expect(typeof detail.field).toBe('string');
      expect(typeof detail.message).toBe('string');
      if ('code' in detail) expect(detail.code).toMatch(/^[a-z_]+$/);
    }
    expect(res.body).not.toMatch(/\bstack\b|\n\s+at |\.ts:\d+|node_modules|SQLITE_|violates|constraint failed/i);
  }

  for (const c of CASES) {
    const named = c.field === undefined ? '' : ` naming ${c.field instanceof RegExp ? 'boundary' : c.field}`;
    it(`${c.method} ${c.name} → ${c.status} ${c.code}${named}, nothing written`, async () => {
      const url = c.url(w, f);
      const kept = c.keeps?.(w, f);
      const readKept = () =>
        kept ? t.db.selectFrom(kept.table as 'users').selectAll().where('id', '=', kept.id).executeTakeFirst() : Promise.resolve(null);
      const before = await counts();
      const keptBefore = await readKept();
      const res = await admin.request(c.method, url, c.body?.(w, f), c.headers);
      expect(res.statusCode, res.body).toBe(c.status);
      expectErrorShape(res);
      const { error } = res.json();
      expect(error.code).toBe(c.code);
      if (c.field !== undefined) {
        const fields: string[] = error.details.map((d: { field: string }) => d.field);
        if (c.field instanceof RegExp) expect(fields.some((field) => (c.field as RegExp).test(field)), fields.join(', ')).toBe(true);
        else expect(fields).toContain(c.field);
      }
      expect(await counts()).toEqual(before);
      if (kept) {
        expect(keptBefore).toBeDefined();
        expect(await readKept()).toEqual(keptBefore);
      }
    });
  }

  // -- values the database cannot hold must still be refused as bad input, never as a 500 --------

  const limits: {
    name: string;
    method: 'GET' | 'POST' | 'PATCH';
    url: (w: World) => string;
    body?: (w: World) => unknown;
    field: string;
    keeps?: (w: World) => number;
  }[] = [
    { name: 'an id beyond 32 bits in the path', method: 'GET', url: () => '/api/v1/compounds/99999999999', field: 'params.id' },
    { name: 'a parent id beyond 32 bits', method: 'POST', url: () => '/api/v1/buildings', body: () => ({ compoundId: 99999999999, name: '超大' }), field: 'compoundId' },
    { name: 'a member count beyond 32 bits', method: 'PATCH', url: (w) => `/api/v1/party-orgs/${w.a.branch}`, body: () => ({ memberCount: 99999999999 }), field: 'memberCount', keeps: (w) => w.a.branch },
    { name: 'a NUL character in a name', method: 'POST', url: () => '/api/v1/streets', body: () => ({ name: '空\u0000字符街道' }), field: 'name' },
  ];
  for (const c of limits) {
    it(`${c.method} ${c.name} → 4xx naming ${c.field}, never 500, nothing written`, async () => {
      const before = await counts();
      const readKept = () => (c.keeps ? t.db.selectFrom('partyOrgs').selectAll().where('id', '=', c.keeps(w)).executeTakeFirst() : Promise.resolve(null));
      const keptBefore = await readKept();
      const res = await admin.request(c.method, c.url(w), c.body?.(w));
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      expectErrorShape(res);
      expect(await readKept()).toEqual(keptBefore);
      if (res.statusCode === 400) expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(c.field);
      expect(await counts()).toEqual(before);
    });
  }

  // -- the shape holds for every kind of error ------------------------------------------------

  it('answers 401, 403, 404 and unknown routes in the same shape', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/streets' });
    expect(anonymous.statusCode).toBe(401);
    expectErrorShape(anonymous);
    const resident = await loginAs(app, w.users.resident);
    const forbidden = await resident.post('/api/v1/streets', { name: '居民街道' });
    expect(forbidden.statusCode).toBe(403);
    expectErrorShape(forbidden);
    const missing = await admin.get('/api/v1/compounds/999999');
    expect(missing.statusCode).toBe(404);
    expectErrorShape(missing);
    const noRoute = await admin.get('/api/v1/no-such-thing');
    expect(noRoute.statusCode).toBe(404);
    expectErrorShape(noRoute);
  });

  it('the good bodies the cases spoil are accepted, so each refusal is down to the spoiled field', async () => {
    const compound = await admin.post('/api/v1/compounds', compoundBody(w, { name: '对照小区' }));
    expect(compound.statusCode, compound.body).toBe(201);
    const street = await admin.post('/api/v1/streets', { name: '对照街道', code: '440803072' });
    expect(street.statusCode, street.body).toBe(201);
    const community = await admin.post('/api/v1/communities', { name: '对照社区', streetId: street.json().id, code: '440803072001' });
    expect(community.statusCode, community.body).toBe(201);
  });

  // -- a change writes only what it names ----------------------------------------------------

  it('a compound change of one field leaves the flags it does not name as they were', async () => {
    const before = await t.db.selectFrom('compounds').selectAll().where('id', '=', w.a.other.compound).executeTakeFirstOrThrow();
    expect(before).toMatchObject({ isOld: 1, hasOwnersCommittee: 1 });
    const res = await admin.patch(`/api/v1/compounds/${w.a.other.compound}`, { households: 301 });
    expect(res.statusCode, res.body).toBe(200);
    const after = await t.db.selectFrom('compounds').selectAll().where('id', '=', w.a.other.compound).executeTakeFirstOrThrow();
    expect(after).toEqual({ ...before, households: 301, updatedAt: after.updatedAt });
    expect(res.json()).toMatchObject({ households: 301, isOld: true, hasOwnersCommittee: true });
  });
});
