// HTTP routes for units (社会单位), and the presenter that masks the contact person's phone.
import { Type } from 'typebox';
import { maskPhone } from '../../core/mask.js';
import { seesPersonalData } from '../../core/permissions.js';
import { UNIT_KINDS } from '../../core/vocabulary.js';
import type { Unit } from '../../db/schema.js';
import type { App, Context } from '../../server/types.js';
import type { Account } from '../shared/account.js';
import { logDisclosures } from '../shared/personal.js';
import { accountOf, errorResponses, IdParams, Page, PageQuery, SortQuery } from '../shared/http.js';
import { Nullable, Phone } from '../shared/schemas.js';
import { createUnit, deleteUnit, getUnit, listUnits, type UnitFilter, updateUnit } from './service.js';

const Kind = Type.Enum(UNIT_KINDS, { description: UNIT_KINDS.join(', ') });

const UnitOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  creditCode: Nullable(Type.String()),
  address: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String({ description: 'masked unless the caller may see personal data' })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const fields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  kind: Kind,
  creditCode: Type.Optional(Nullable(Type.String({ maxLength: 32, description: 'unified social credit code, 18 characters' }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  contactPhone: Type.Optional(Nullable(Phone)),
};

const CreateBody = Type.Object(fields, { additionalProperties: false });
const UpdateBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });

const tags = ['units 社会单位'];

/** The contact person's phone is personal data; the unit's own liaison may see it. */
const seesContact = (account: Account, unit: Unit) =>
  seesPersonalData(account.role) || (account.role === 'unit_liaison' && account.unitId === unit.id);

async function presentUnits(ctx: Context, account: Account, units: Unit[], requestId: string) {
  await logDisclosures(
    ctx,
    account,
    units
      .filter((u) => u.contactPhone && seesContact(account, u))
      .map((u) => ({ districtId: u.districtId, subjectType: 'unit' as const, subjectId: u.id, fields: ['contactPhone'] })),
    requestId,
  );
  return units.map((unit) => present(account, unit));
}

function present(account: Account, unit: Unit) {
  const sees = seesContact(account, unit);
  return {
    id: unit.id,
    name: unit.name,
    kind: unit.kind,
    creditCode: unit.creditCode,
    address: unit.address,
    contactName: unit.contactName,
    contactPhone: sees ? unit.contactPhone : maskPhone(unit.contactPhone),
    createdAt: unit.createdAt,
    updatedAt: unit.updatedAt,
  };
}

export async function unitRoutes(app: App, ctx: Context) {
  app.get(
    '/units',
    {
      schema: {
        tags,
        summary: 'List units in the district',
        querystring: Type.Object(
          {
            ...PageQuery,
            sort: SortQuery(['name', 'kind', 'createdAt', 'id']),
            kind: Type.Optional(Kind),
            q: Type.Optional(Type.String({ maxLength: 50, description: 'part of the name or credit code' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(UnitOut), ...errorResponses },
      },
    },
    async (request) => {
      const account = accountOf(request);
      const page = await listUnits(ctx, account, request.query as UnitFilter);
      return { ...page, items: await presentUnits(ctx, account, page.items, request.id) };
    },
  );

  app.post(
    '/units',
    { schema: { tags, summary: 'Register a unit', body: CreateBody, response: { 201: UnitOut, ...errorResponses } } },
    async (request, reply) => {
      const account = accountOf(request);
      return reply.status(201).send((await presentUnits(ctx, account, [await createUnit(ctx, account, request.body)], request.id))[0]!);
    },
  );

  app.get(
    '/units/:id',
    { schema: { tags, summary: 'Read a unit', params: IdParams, response: { 200: UnitOut, ...errorResponses } } },
    async (request) => {
      const account = accountOf(request);
      return (await presentUnits(ctx, account, [await getUnit(ctx, account, request.params.id)], request.id))[0]!;
    },
  );

  app.patch(
    '/units/:id',
    {
      schema: { tags, summary: 'Change a unit', params: IdParams, body: UpdateBody, response: { 200: UnitOut, ...errorResponses } },
    },
    async (request) => {
      const account = accountOf(request);
      return (await presentUnits(ctx, account, [await updateUnit(ctx, account, request.params.id, request.body)], request.id))[0]!;
    },
  );

  app.delete(
    '/units/:id',
    {
      schema: {
        tags,
        summary: 'Remove a unit no party organisation, membership or account points at',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteUnit(ctx, accountOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
