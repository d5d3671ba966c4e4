// HTTP routes for streets, communities and grids (one table, three resources).
import { Type } from 'typebox';
import type { Db } from '../../db/connection.js';
import type { OrgUnit } from '../../db/schema.js';
import type { App, Context } from '../../server/types.js';
import { accountOf, errorResponses, IdParams, Page, PageQuery, SortQuery } from '../shared/http.js';
import { GeoArea, Phone, Id } from '../shared/schemas.js';
import { type ChildKind, type OrgFilter, createOrgUnit, deleteOrgUnit, getOrgUnit, listOrgUnits, updateOrgUnit } from './service.js';

const OrgUnitOut = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  name: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  streetId: Type.Union([Type.Integer(), Type.Null()]),
  communityId: Type.Union([Type.Integer(), Type.Null()]),
  boundary: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  gridWorker: Type.Optional(
    Type.Union([Type.Object({ id: Type.Integer(), displayName: Type.String() }), Type.Null()]),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Code = Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()]);
const Text = Type.Union([Type.String({ maxLength: 200 }), Type.Null()]);

const common = {
  name: Name,
  code: Type.Optional(Code),
  address: Type.Optional(Text),
  phone: Type.Optional(Type.Union([Phone, Type.Null()])),
};

const CREATE = {
  street: Type.Object(common, { additionalProperties: false }),
  community: Type.Object(
    { ...common, streetId: Id, boundary: Type.Optional(Type.Union([GeoArea, Type.Null()])) },
    { additionalProperties: false },
  ),
  grid: Type.Object({ ...common, communityId: Id, boundary: GeoArea }, { additionalProperties: false }),
};

const UPDATE = {
  street: Type.Partial(Type.Object(common), { additionalProperties: false, minProperties: 1 }),
  community: Type.Partial(Type.Object({ ...common, boundary: Type.Union([GeoArea, Type.Null()]) }), {
    additionalProperties: false,
    minProperties: 1,
  }),
  grid: Type.Partial(Type.Object({ ...common, boundary: GeoArea }), { additionalProperties: false, minProperties: 1 }),
};

const PATHS: Record<ChildKind, string> = { street: 'streets', community: 'communities', grid: 'grids' };
const TAGS: Record<ChildKind, string> = { street: 'streets 街道', community: 'communities 社区', grid: 'grids 网格' };

async function present(db: Db, units: OrgUnit[]) {
  const gridIds = units.filter((u) => u.kind === 'grid').map((u) => u.id);
  const workers =
    gridIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'displayName', 'scopeUnitId'])
          .where('role', '=', 'grid_worker')
          .where('disabled', '=', 0)
          .where('scopeUnitId', 'in', gridIds)
          .execute();
  const workerOf = new Map(workers.map((w) => [w.scopeUnitId, { id: w.id, displayName: w.displayName }]));
  return units.map((u) => ({
    id: u.id,
    kind: u.kind,
    name: u.name,
    code: u.code,
    parentId: u.parentId,
    streetId: u.kind === 'street' ? null : u.streetId,
    communityId: u.kind === 'grid' ? u.communityId : null,
    boundary: u.boundary ? (JSON.parse(u.boundary) as object) : null,
    address: u.address,
    phone: u.phone,
    ...(u.kind === 'grid' ? { gridWorker: workerOf.get(u.id) ?? null } : {}),
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  }));
}

export async function orgRoutes(app: App, ctx: Context) {
  for (const kind of ['street', 'community', 'grid'] as const) {
    const path = `/${PATHS[kind]}`;
    const tags = [TAGS[kind]];
    const one = async (unit: OrgUnit) => (await present(ctx.db, [unit]))[0]!;

    app.get(
      path,
      {
        schema: {
          tags,
          summary: `List ${PATHS[kind]} in scope`,
          querystring: Type.Object(
            {
              ...PageQuery,
              sort: SortQuery(['name', 'code', 'createdAt', 'id']),
              q: Type.Optional(Type.String({ maxLength: 50 })),
              ...(kind === 'street' ? {} : { streetId: Type.Optional(Id) }),
              ...(kind === 'grid' ? { communityId: Type.Optional(Id) } : {}),
            },
            { additionalProperties: false },
          ),
          response: { 200: Page(OrgUnitOut), ...errorResponses },
        },
      },
      async (request) => {
        const page = await listOrgUnits(ctx, accountOf(request), kind, request.query as OrgFilter);
        return { ...page, items: await present(ctx.db, page.items) };
      },
    );

    app.post(
      path,
      { schema: { tags, summary: `Add a ${kind}`, body: CREATE[kind], response: { 201: OrgUnitOut, ...errorResponses } } },
      async (request, reply) => {
        const unit = await createOrgUnit(ctx, accountOf(request), kind, request.body as never);
        return reply.status(201).send(await one(unit));
      },
    );

    app.get(
      `${path}/:id`,
      { schema: { tags, summary: `Read a ${kind}`, params: IdParams, response: { 200: OrgUnitOut, ...errorResponses } } },
      async (request) => one(await getOrgUnit(ctx, accountOf(request), kind, request.params.id)),
    );

    app.patch(
      `${path}/:id`,
      {
        schema: {
          tags,
          summary: `Change a ${kind}`,
          params: IdParams,
          body: UPDATE[kind],
          response: { 200: OrgUnitOut, ...errorResponses },
        },
      },
      async (request) => one(await updateOrgUnit(ctx, accountOf(request), kind, request.params.id, request.body as never)),
    );

    app.delete(
      `${path}/:id`,
      { schema: { tags, summary: `Remove a ${kind} that nothing depends on`, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        await deleteOrgUnit(ctx, accountOf(request), kind, request.params.id);
        return reply.status(204).send(null);
      },
    );
  }
}
