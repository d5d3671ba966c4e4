// HTTP routes for compounds, their buildings and red-property stages.
import { Type } from 'typebox';
import { RED_PROPERTY_STAGES } from '../../core/vocabulary.js';
import type { Db } from '../../db/connection.js';
import type { Building, Compound } from '../../db/schema.js';
import type { App, Context } from '../../server/types.js';
import { accountOf, errorResponses, IdParams, Page, PageQuery, SortQuery } from '../shared/http.js';
import { DateOnly, GeoArea, Nullable, Id } from '../shared/schemas.js';
import {
  type CompoundFilter,
  type CompoundInput,
  createBuilding,
  createCompound,
  deleteBuilding,
  deleteCompound,
  getBuilding,
  getCompound,
  listBuildings,
  listCompounds,
  recordRedPropertyStage,
  redPropertyHistory,
  updateBuilding,
  updateCompound,
} from './service.js';

const Stage = Type.Union(RED_PROPERTY_STAGES.map((s) => Type.Literal(s)));
const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });

const Location = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')], { default: 'wgs84' })),
  },
  { additionalProperties: false, description: 'a point; GCJ-02 input is converted to WGS-84 for storage' },
);

const CompoundOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Nullable(Type.String()),
  location: Type.Object({ lng: Type.Number(), lat: Type.Number() }),
  boundary: Nullable(Type.Object({}, { additionalProperties: true })),
  households: Type.Integer(),
  buildYear: Nullable(Type.Integer()),
  isOld: Type.Boolean(),
  isThreeNos: Type.Boolean(),
  hasPropertyManagement: Type.Boolean(),
  propertyCompany: Nullable(Ref),
  hasOwnersCommittee: Type.Boolean(),
  redPropertyStage: Nullable(Type.String()),
  street: Ref,
  community: Ref,
  grid: Ref,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const compoundFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  location: Location,
  boundary: Type.Optional(Nullable(GeoArea)),
  households: Type.Integer({ minimum: 0, maximum: 100_000 }),
  buildYear: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2100 }))),
  isOld: Type.Optional(Type.Boolean()),
  isThreeNos: Type.Optional(Type.Boolean()),
  propertyCompanyId: Type.Optional(Nullable(Id)),
  hasOwnersCommittee: Type.Optional(Type.Boolean()),
};
const CompoundCreate = Type.Object({ gridId: Id, ...compoundFields }, { additionalProperties: false });
const CompoundPatch = Type.Partial(Type.Object({ gridId: Id, ...compoundFields }), {
  additionalProperties: false,
  minProperties: 1,
});

const BuildingOut = Type.Object({
  id: Type.Integer(),
  compoundId: Type.Integer(),
  name: Type.String(),
  floors: Nullable(Type.Integer()),
  households: Nullable(Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const buildingFields = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  floors: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 200 }))),
  households: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
};

const StageEntry = Type.Object({
  id: Type.Integer(),
  stage: Type.String(),
  reachedOn: Type.String(),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
});

async function presentCompounds(db: Db, compounds: Compound[]) {
  const unitIds = [...new Set(compounds.flatMap((c) => [c.streetId, c.communityId, c.gridId]))];
  const companyIds = [...new Set(compounds.map((c) => c.propertyCompanyId).filter((id): id is number => id !== null))];
  const [units, companies] = await Promise.all([
    unitIds.length ? db.selectFrom('orgUnits').select(['id', 'name']).where('id', 'in', unitIds).execute() : [],
    companyIds.length ? db.selectFrom('propertyCompanies').select(['id', 'name']).where('id', 'in', companyIds).execute() : [],
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  const ref = (id: number) => ({ id, name: unitName.get(id) ?? '' });
  return compounds.map((c) => ({
    id: c.id,
    name: c.name,
    address: c.address,
    location: { lng: c.lng, lat: c.lat },
    boundary: c.boundary ? (JSON.parse(c.boundary) as object) : null,
    households: c.households,
    buildYear: c.buildYear,
    isOld: c.isOld === 1,
    isThreeNos: c.isThreeNos === 1,
    hasPropertyManagement: c.propertyCompanyId !== null,
    propertyCompany: c.propertyCompanyId === null ? null : { id: c.propertyCompanyId, name: companyName.get(c.propertyCompanyId) ?? '' },
    hasOwnersCommittee: c.hasOwnersCommittee === 1,
    redPropertyStage: c.redPropertyStage,
    street: ref(c.streetId),
    community: ref(c.communityId),
    grid: ref(c.gridId),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }));
}

const presentBuilding = (b: Building) => ({
  id: b.id,
  compoundId: b.compoundId,
  name: b.name,
  floors: b.floors,
  households: b.households,
  createdAt: b.createdAt,
  updatedAt: b.updatedAt,
});

export async function compoundRoutes(app: App, ctx: Context) {
  const tags = ['compounds 小区'];
  const one = async (c: Compound) => (await presentCompounds(ctx.db, [c]))[0]!;

  app.get(
    '/compounds',
    {
      schema: {
        tags,
        summary: 'List compounds in scope',
        querystring: Type.Object(
          {
            ...PageQuery,
            sort: SortQuery(['name', 'households', 'buildYear', 'createdAt', 'id']),
            q: Type.Optional(Type.String({ maxLength: 50 })),
            streetId: Type.Optional(Id),
            communityId: Type.Optional(Id),
            gridId: Type.Optional(Id),
            propertyCompanyId: Type.Optional(Id),
            isOld: Type.Optional(Type.Boolean()),
            isThreeNos: Type.Optional(Type.Boolean()),
            noPropertyManagement: Type.Optional(Type.Boolean()),
            redPropertyStage: Type.Optional(Stage),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(CompoundOut), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listCompounds(ctx, accountOf(request), request.query as CompoundFilter);
      return { ...page, items: await presentCompounds(ctx.db, page.items) };
    },
  );

  app.post(
    '/compounds',
    { schema: { tags, summary: 'Add a compound', body: CompoundCreate, response: { 201: CompoundOut, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await one(await createCompound(ctx, accountOf(request), request.body as CompoundInput))),
  );

  app.get(
    '/compounds/:id',
    { schema: { tags, summary: 'Read a compound', params: IdParams, response: { 200: CompoundOut, ...errorResponses } } },
    async (request) => one(await getCompound(ctx, accountOf(request), request.params.id)),
  );

  app.patch(
    '/compounds/:id',
    {
      schema: {
        tags,
        summary: 'Change a compound (moving it to another grid needs that grid in scope)',
        params: IdParams,
        body: CompoundPatch,
        response: { 200: CompoundOut, ...errorResponses },
      },
    },
    async (request) => one(await updateCompound(ctx, accountOf(request), request.params.id, request.body as CompoundInput)),
  );

  app.delete(
    '/compounds/:id',
    { schema: { tags, summary: 'Remove a compound nothing depends on', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteCompound(ctx, accountOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/compounds/:id/red-property-stages',
    {
      schema: {
        tags,
        summary: "A compound's red-property stage history, oldest first",
        params: IdParams,
        response: { 200: Type.Array(StageEntry), ...errorResponses },
      },
    },
    async (request) => redPropertyHistory(ctx, accountOf(request), request.params.id),
  );

  app.post(
    '/compounds/:id/red-property-stages',
    {
      schema: {
        tags,
        summary: 'Record the stage a compound has reached in red-property work',
        params: IdParams,
        body: Type.Object(
          { stage: Stage, reachedOn: DateOnly, note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
          { additionalProperties: false },
        ),
        response: { 201: StageEntry, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordRedPropertyStage(ctx, accountOf(request), request.params.id, request.body)),
  );

  const btags = ['buildings 楼栋'];
  app.get(
    '/buildings',
    {
      schema: {
        tags: btags,
        summary: 'List buildings in scope',
        querystring: Type.Object(
          {
            ...PageQuery,
            sort: SortQuery(['name', 'floors', 'households', 'id']),
            q: Type.Optional(Type.String({ maxLength: 50 })),
            compoundId: Type.Optional(Id),
            gridId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(BuildingOut), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listBuildings(ctx, accountOf(request), request.query);
      return { ...page, items: page.items.map(presentBuilding) };
    },
  );

  app.post(
    '/buildings',
    {
      schema: {
        tags: btags,
        summary: 'Add a building to a compound',
        body: Type.Object({ compoundId: Id, ...buildingFields }, { additionalProperties: false }),
        response: { 201: BuildingOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentBuilding(await createBuilding(ctx, accountOf(request), request.body))),
  );

  app.get(
    '/buildings/:id',
    { schema: { tags: btags, summary: 'Read a building', params: IdParams, response: { 200: BuildingOut, ...errorResponses } } },
    async (request) => presentBuilding(await getBuilding(ctx, accountOf(request), request.params.id)),
  );

  app.patch(
    '/buildings/:id',
    {
      schema: {
        tags: btags,
        summary: 'Change a building',
        params: IdParams,
        body: Type.Partial(Type.Object(buildingFields), { additionalProperties: false, minProperties: 1 }),
        response: { 200: BuildingOut, ...errorResponses },
      },
    },
    async (request) => presentBuilding(await updateBuilding(ctx, accountOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/buildings/:id',
    { schema: { tags: btags, summary: 'Remove a building', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteBuilding(ctx, accountOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
