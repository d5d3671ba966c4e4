// HTTP routes for party organisations (党组织) and the member units of the big party committees.
import { Type } from 'typebox';
import { PARTY_ORG_TYPES } from '../../core/vocabulary.js';
import type { PartyOrg } from '../../db/schema.js';
import type { App, Context } from '../../server/types.js';
import { accountOf, errorResponses, IdParams, Page, PageQuery, type Paging, SortQuery } from '../shared/http.js';
import { DateOnly, Nullable, Id, MAX_ID } from '../shared/schemas.js';
import { MemberUnitOut, PartyOrgOut, presentPartyOrgs } from './presenters.js';
import {
  addMemberUnit,
  createPartyOrg,
  deletePartyOrg,
  getPartyOrg,
  listMemberUnits,
  listPartyOrgs,
  type PartyOrgFilter,
  removeMemberUnit,
  updatePartyOrg,
} from './service.js';

const OrgType = Type.Enum(PARTY_ORG_TYPES, { description: PARTY_ORG_TYPES.join(', ') });
const Ref = (description: string) => Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: MAX_ID, description })));

const placement = {
  parentId: Ref('the parent organisation; none for the district committee'),
  orgUnitId: Ref('the street or community (district for the district committee); derived from the compound for compound branches'),
  compoundId: Ref('compound and red-property branches: their compound'),
  propertyCompanyId: Ref("red-property branches: the compound's property company"),
  unitId: Ref('building joint committees: the office building'),
};

const details = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  memberCount: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
  foundedOn: Type.Optional(Nullable(DateOnly)),
};

const CreateBody = Type.Object({ type: OrgType, ...details, ...placement }, { additionalProperties: false });
// The type is fixed at creation: another type is another organisation.
const UpdateBody = Type.Partial(Type.Object({ ...details, ...placement }), { additionalProperties: false, minProperties: 1 });

const MemberBody = Type.Object(
  { unitId: Id, joinedOn: Type.Optional(Nullable(DateOnly)) },
  { additionalProperties: false },
);
const MemberParams = Type.Object(
  { id: Id, unitId: Id },
  { additionalProperties: false },
);

const tags = ['party organisations 党组织'];

export async function partyRoutes(app: App, ctx: Context) {
  const one = async (org: PartyOrg) => (await presentPartyOrgs(ctx.db, [org]))[0]!;

  app.get(
    '/party-orgs',
    {
      schema: {
        tags,
        summary: 'List party organisations in scope',
        querystring: Type.Object(
          {
            ...PageQuery,
            sort: SortQuery(['name', 'type', 'foundedOn', 'createdAt', 'id']),
            type: Type.Optional(OrgType),
            parentId: Type.Optional(Id),
            streetId: Type.Optional(Id),
            communityId: Type.Optional(Id),
            q: Type.Optional(Type.String({ maxLength: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(PartyOrgOut), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listPartyOrgs(ctx, accountOf(request), request.query as PartyOrgFilter);
      return { ...page, items: await presentPartyOrgs(ctx.db, page.items) };
    },
  );

  app.post(
    '/party-orgs',
    { schema: { tags, summary: 'Add a party organisation', body: CreateBody, response: { 201: PartyOrgOut, ...errorResponses } } },
    async (request, reply) => {
      const org = await createPartyOrg(ctx, accountOf(request), request.body);
      return reply.status(201).send(await one(org));
    },
  );

  app.get(
    '/party-orgs/:id',
    { schema: { tags, summary: 'Read a party organisation', params: IdParams, response: { 200: PartyOrgOut, ...errorResponses } } },
    async (request) => one(await getPartyOrg(ctx, accountOf(request), request.params.id)),
  );

  app.patch(
    '/party-orgs/:id',
    {
      schema: {
        tags,
        summary: 'Change or move a party organisation',
        params: IdParams,
        body: UpdateBody,
        response: { 200: PartyOrgOut, ...errorResponses },
      },
    },
    async (request) => one(await updatePartyOrg(ctx, accountOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/party-orgs/:id',
    {
      schema: {
        tags,
        summary: 'Remove a party organisation with no child organisations, member units or accounts',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deletePartyOrg(ctx, accountOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/party-orgs/:id/member-units',
    {
      schema: {
        tags,
        summary: 'List the units registered with a big party committee',
        params: IdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(MemberUnitOut), ...errorResponses },
      },
    },
    async (request) => listMemberUnits(ctx, accountOf(request), request.params.id, request.query as Paging),
  );

  app.post(
    '/party-orgs/:id/member-units',
    {
      schema: {
        tags,
        summary: 'Register a unit with a big party committee',
        params: IdParams,
        body: MemberBody,
        response: { 201: MemberUnitOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const member = await addMemberUnit(ctx, accountOf(request), request.params.id, request.body);
      return reply.status(201).send(member);
    },
  );

  app.delete(
    '/party-orgs/:id/member-units/:unitId',
    {
      schema: {
        tags,
        summary: 'Remove a unit from a big party committee',
        params: MemberParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeMemberUnit(ctx, accountOf(request), request.params.id, request.params.unitId);
      return reply.status(204).send(null);
    },
  );
}
