// HTTP routes for property companies (物业公司), and the presenter that masks the contact
// person's phone.
import { Type } from 'typebox';
import { seesPersonalData } from '../../core/permissions.js';
import { maskPhone } from '../../core/mask.js';
import type { Db } from '../../db/connection.js';
import type { PropertyCompany } from '../../db/schema.js';
import type { App, Context } from '../../server/types.js';
import type { Account } from '../shared/account.js';
import { logDisclosures } from '../shared/personal.js';
import { accountOf, errorResponses, IdParams, Page, PageQuery, SortQuery } from '../shared/http.js';
import { Nullable, Phone } from '../shared/schemas.js';
import {
  type CompanyFilter,
  compoundCounts,
  createCompany,
  deleteCompany,
  getCompany,
  listCompanies,
  updateCompany,
} from './service.js';

const CompanyOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  creditCode: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String({ description: 'masked unless the caller may see personal data' })),
  servicePhone: Nullable(Type.String()),
  address: Nullable(Type.String()),
  compoundCount: Type.Integer({ description: 'compounds it manages in the district' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

// Hotlines take forms a personal phone does not (400-…, 95…), so they get a looser pattern.
const ServicePhone = Type.String({ pattern: '^[0-9][0-9-]{2,19}$', description: 'the public service hotline' });

const fields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  creditCode: Type.Optional(Nullable(Type.String({ maxLength: 32, description: 'unified social credit code, 18 characters' }))),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  contactPhone: Type.Optional(Nullable(Phone)),
  servicePhone: Type.Optional(Nullable(ServicePhone)),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
};

const CreateBody = Type.Object(fields, { additionalProperties: false });
const UpdateBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });

const tags = ['property companies 物业公司'];

/** The contact person's phone is personal data; the company's own staff may call them. */
function seesContact(account: Account, company: PropertyCompany): boolean {
  return seesPersonalData(account.role) || (account.role === 'property_staff' && account.propertyCompanyId === company.id);
}

async function present(ctx: Context, account: Account, companies: PropertyCompany[], requestId: string) {
  const counts = await compoundCounts(ctx.db, account, companies.map((c) => c.id));
  await logDisclosures(
    ctx,
    account,
    companies
      .filter((c) => c.contactPhone && seesContact(account, c))
      .map((c) => ({ districtId: c.districtId, subjectType: 'property_company' as const, subjectId: c.id, fields: ['contactPhone'] })),
    requestId,
  );
  return companies.map((c) => ({
    id: c.id,
    name: c.name,
    creditCode: c.creditCode,
    contactName: c.contactName,
    contactPhone: seesContact(account, c) ? c.contactPhone : maskPhone(c.contactPhone),
    servicePhone: c.servicePhone,
    address: c.address,
    compoundCount: counts.get(c.id) ?? 0,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }));
}

export async function companyRoutes(app: App, ctx: Context) {
  const one = async (account: Account, company: PropertyCompany, requestId: string) =>
    (await present(ctx, account, [company], requestId))[0]!;

  app.get(
    '/property-companies',
    {
      schema: {
        tags,
        summary: 'List property companies in the district',
        querystring: Type.Object(
          {
            ...PageQuery,
            sort: SortQuery(['name', 'createdAt', 'id']),
            q: Type.Optional(Type.String({ maxLength: 50, description: 'part of the name or credit code' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(CompanyOut), ...errorResponses },
      },
    },
    async (request) => {
      const account = accountOf(request);
      const page = await listCompanies(ctx, account, request.query as CompanyFilter);
      return { ...page, items: await present(ctx, account, page.items, request.id) };
    },
  );

  app.post(
    '/property-companies',
    { schema: { tags, summary: 'Register a property company', body: CreateBody, response: { 201: CompanyOut, ...errorResponses } } },
    async (request, reply) => {
      const account = accountOf(request);
      const company = await createCompany(ctx, account, request.body);
      return reply.status(201).send(await one(account, company, request.id));
    },
  );

  app.get(
    '/property-companies/:id',
    { schema: { tags, summary: 'Read a property company', params: IdParams, response: { 200: CompanyOut, ...errorResponses } } },
    async (request) => {
      const account = accountOf(request);
      return one(account, await getCompany(ctx, account, request.params.id), request.id);
    },
  );

  app.patch(
    '/property-companies/:id',
    {
      schema: {
        tags,
        summary: 'Change a property company',
        params: IdParams,
        body: UpdateBody,
        response: { 200: CompanyOut, ...errorResponses },
      },
    },
    async (request) => {
      const account = accountOf(request);
      return one(account, await updateCompany(ctx, account, request.params.id, request.body), request.id);
    },
  );

  app.delete(
    '/property-companies/:id',
    {
      schema: {
        tags,
        summary: 'Remove a property company no compound, party organisation or account points at',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteCompany(ctx, accountOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
