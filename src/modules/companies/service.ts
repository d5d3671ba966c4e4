// Use cases for property companies (物业公司): district-wide records that compounds, red-property
// branches and property-staff accounts point at.
import { checkCreditCode } from '../../core/codes.js';
import { errors } from '../../core/errors.js';
import type { Db } from '../../db/connection.js';
import type { PropertyCompany } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { refuseIfUsed } from '../shared/dependants.js';
import { type Account, inDistrict } from '../shared/account.js';
import { authorize, type PageOf, type Paging, paginate } from '../shared/http.js';
import { registerChanged } from '../shared/registerChanges.js';

export interface CompanyInput {
  name?: string;
  creditCode?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  servicePhone?: string | null;
  address?: string | null;
}

export interface CompanyFilter extends Paging {
  q?: string;
}

function visible(db: Db, account: Account) {
  const query = db.selectFrom('propertyCompanies').selectAll('propertyCompanies').where(inDistrict(account, 'propertyCompanies'));
  // Property staff see their own company only; the schema guarantees they have one, and 0 matches no row.
  return account.role === 'property_staff'
    ? query.where('propertyCompanies.id', '=', account.propertyCompanyId ?? 0)
    : query;
}

/** Finds a company the account can see; missing and out of scope read the same. */
export async function findCompany(db: Db, account: Account, id: number): Promise<PropertyCompany | undefined> {
  return visible(db, account).where('propertyCompanies.id', '=', id).executeTakeFirst();
}

export async function getCompany(ctx: Context, account: Account, id: number): Promise<PropertyCompany> {
  const company = await findCompany(ctx.db, account, id);
  if (!company) throw errors.notFound('property company');
  authorize(account, 'propertyCompanies', 'read');
  return company;
}

export async function listCompanies(ctx: Context, account: Account, filter: CompanyFilter): Promise<PageOf<PropertyCompany>> {
  authorize(account, 'propertyCompanies', 'read');
  let query = visible(ctx.db, account);
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_]/g, '')}%`;
    query = query.where((eb) => eb.or([eb('propertyCompanies.name', 'like', like), eb('propertyCompanies.creditCode', 'like', like)]));
  }
  return paginate(query, 'propertyCompanies', filter, 'name');
}

export async function createCompany(ctx: Context, account: Account, input: CompanyInput): Promise<PropertyCompany> {
  authorize(account, 'propertyCompanies', 'create');
  const now = ctx.now().toISOString();
  const created = await ctx.db
    .insertInto('propertyCompanies')
    .values({
      districtId: account.districtId,
      name: input.name!,
      creditCode: creditCodeOf(input.creditCode),
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      servicePhone: input.servicePhone ?? null,
      address: input.address ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  registerChanged(ctx);
  return created;
}

export async function updateCompany(ctx: Context, account: Account, id: number, patch: CompanyInput): Promise<PropertyCompany> {
  const company = await findCompany(ctx.db, account, id);
  if (!company) throw errors.notFound('property company');
  authorize(account, 'propertyCompanies', 'update');
  const set: Partial<PropertyCompany> = { updatedAt: ctx.now().toISOString() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.creditCode !== undefined) set.creditCode = creditCodeOf(patch.creditCode);
  if (patch.contactName !== undefined) set.contactName = patch.contactName;
  if (patch.contactPhone !== undefined) set.contactPhone = patch.contactPhone;
  if (patch.servicePhone !== undefined) set.servicePhone = patch.servicePhone;
  if (patch.address !== undefined) set.address = patch.address;
  const updated = await ctx.db.updateTable('propertyCompanies').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  registerChanged(ctx);
  return updated;
}

export async function deleteCompany(ctx: Context, account: Account, id: number): Promise<void> {
  const company = await findCompany(ctx.db, account, id);
  if (!company) throw errors.notFound('property company');
  authorize(account, 'propertyCompanies', 'delete');
  await refuseIfUsed(ctx.db, `property company ${company.name}`, id, [
    { label: 'compounds', table: 'compounds', column: 'propertyCompanyId' },
    { label: 'party organisations', table: 'partyOrgs', column: 'propertyCompanyId' },
    { label: 'accounts', table: 'users', column: 'propertyCompanyId' },
  ]);
  await ctx.db.deleteFrom('propertyCompanies').where('id', '=', id).execute();
  registerChanged(ctx);
}

/**
 * How many compounds each company manages, counted over the whole district rather than the
 * caller's scope: the figure describes the company, and a community clerk deciding whether to
 * hire it should see its full size.
 */
export async function compoundCounts(db: Db, account: Account, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('compounds')
    .select(['propertyCompanyId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('districtId', '=', account.districtId)
    .where('propertyCompanyId', 'in', ids)
    .groupBy('propertyCompanyId')
    .execute();
  return new Map(rows.map((r) => [r.propertyCompanyId!, Number(r.n)]));
}

/** Normalises and checks a unified social credit code (GB 32100-2015); blank means none. */
function creditCodeOf(code: string | null | undefined): string | null {
  if (code === undefined || code === null || code.trim() === '') return null;
  const normal = code.trim().toUpperCase();
  const problem = checkCreditCode(normal);
  if (problem) throw errors.field('creditCode', problem);
  return normal;
}
