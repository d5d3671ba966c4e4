// What leaves the server about a party organisation: its place in both trees, with the names of
// its org unit and compound looked up in batches for a whole page.
import { Type } from 'typebox';
import type { Db } from '../../db/connection.js';
import type { PartyOrg } from '../../db/schema.js';
import { Nullable } from '../shared/schemas.js';

const Id = Nullable(Type.Integer());

export const PartyOrgOut = Type.Object({
  id: Type.Integer(),
  parentId: Id,
  type: Type.String(),
  name: Type.String(),
  orgUnitId: Type.Integer(),
  orgUnitName: Type.String(),
  streetId: Id,
  communityId: Id,
  compoundId: Id,
  compoundName: Nullable(Type.String()),
  propertyCompanyId: Id,
  unitId: Id,
  memberCount: Nullable(Type.Integer({ description: 'party members, as reported' })),
  memberUnitCount: Type.Integer({ description: 'units registered with it (committees only)' }),
  foundedOn: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const MemberUnitOut = Type.Object({
  unitId: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  joinedOn: Nullable(Type.String()),
});

const distinct = (ids: Array<number | null>) => [...new Set(ids.filter((id): id is number => id !== null))];

// The org unit and compound of a visible organisation carry the same ancestry as the
// organisation itself, so they lie in the caller's scope and need no further filter.
export async function presentPartyOrgs(db: Db, orgs: PartyOrg[]) {
  const unitIds = distinct(orgs.map((o) => o.orgUnitId));
  const compoundIds = distinct(orgs.map((o) => o.compoundId));
  const orgIds = orgs.map((o) => o.id);
  const [units, compounds, members] = await Promise.all([
    unitIds.length === 0 ? [] : db.selectFrom('orgUnits').select(['id', 'name']).where('id', 'in', unitIds).execute(),
    compoundIds.length === 0 ? [] : db.selectFrom('compounds').select(['id', 'name']).where('id', 'in', compoundIds).execute(),
    orgIds.length === 0
      ? []
      : db
          .selectFrom('partyOrgMemberUnits')
          .select(['partyOrgId', (eb) => eb.fn.countAll<number>().as('n')])
          .where('partyOrgId', 'in', orgIds)
          .groupBy('partyOrgId')
          .execute(),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const compoundName = new Map(compounds.map((c) => [c.id, c.name]));
  const memberUnits = new Map(members.map((m) => [m.partyOrgId, Number(m.n)]));
  return orgs.map((o) => ({
    id: o.id,
    parentId: o.parentId,
    type: o.type,
    name: o.name,
    orgUnitId: o.orgUnitId,
    orgUnitName: unitName.get(o.orgUnitId) ?? '',
    streetId: o.streetId,
    communityId: o.communityId,
    compoundId: o.compoundId,
    compoundName: o.compoundId === null ? null : (compoundName.get(o.compoundId) ?? null),
    propertyCompanyId: o.propertyCompanyId,
    unitId: o.unitId,
    memberCount: o.memberCount,
    memberUnitCount: memberUnits.get(o.id) ?? 0,
    foundedOn: o.foundedOn,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  }));
}
