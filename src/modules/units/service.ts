// Use cases for units (社会单位): agencies, institutions, enterprises, social organisations and
// office buildings; district-wide records that join big party committees and pair with communities.
import { checkCreditCode } from '../../core/codes.js';
import { errors } from '../../core/errors.js';
import type { UnitKind } from '../../core/vocabulary.js';
import type { Db } from '../../db/connection.js';
import type { Unit } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { refuseIfUsed } from '../shared/dependants.js';
import { type Account, inDistrict } from '../shared/account.js';
import { authorize, type PageOf, type Paging, paginate } from '../shared/http.js';

export interface UnitInput {
  name?: string;
  kind?: UnitKind;
  creditCode?: string | null;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface UnitFilter extends Paging {
  kind?: UnitKind;
  q?: string;
}

function visible(db: Db, account: Account) {
  const query = db.selectFrom('units').selectAll('units').where(inDistrict(account, 'units'));
  // A unit liaison sees their own unit only; the schema guarantees they have one, and 0 matches no row.
  return account.role === 'unit_liaison' ? query.where('units.id', '=', account.unitId ?? 0) : query;
}

/** Finds a unit the account can see; missing and out of scope read the same. */
export async function findUnit(db: Db, account: Account, id: number): Promise<Unit | undefined> {
  return visible(db, account).where('units.id', '=', id).executeTakeFirst();
}

export async function getUnit(ctx: Context, account: Account, id: number): Promise<Unit> {
  const unit = await findUnit(ctx.db, account, id);
  if (!unit) throw errors.notFound('unit');
  authorize(account, 'units', 'read');
  return unit;
}

export async function listUnits(ctx: Context, account: Account, filter: UnitFilter): Promise<PageOf<Unit>> {
  authorize(account, 'units', 'read');
  let query = visible(ctx.db, account);
  if (filter.kind !== undefined) query = query.where('units.kind', '=', filter.kind);
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_]/g, '')}%`;
    query = query.where((eb) => eb.or([eb('units.name', 'like', like), eb('units.creditCode', 'like', like)]));
  }
  return paginate(query, 'units', filter, 'name');
}

export async function createUnit(ctx: Context, account: Account, input: UnitInput): Promise<Unit> {
  authorize(account, 'units', 'create');
  const now = ctx.now().toISOString();
  return ctx.db
    .insertInto('units')
    .values({
      districtId: account.districtId,
      name: input.name!,
      kind: input.kind!,
      creditCode: creditCodeOf(input.creditCode),
      address: input.address ?? null,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUnit(ctx: Context, account: Account, id: number, patch: UnitInput): Promise<Unit> {
  const unit = await findUnit(ctx.db, account, id);
  if (!unit) throw errors.notFound('unit');
  authorize(account, 'units', 'update');
  const set: Partial<Unit> = { updatedAt: ctx.now().toISOString() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.creditCode !== undefined) set.creditCode = creditCodeOf(patch.creditCode);
  if (patch.address !== undefined) set.address = patch.address;
  if (patch.contactName !== undefined) set.contactName = patch.contactName;
  if (patch.contactPhone !== undefined) set.contactPhone = patch.contactPhone;
  return ctx.db.updateTable('units').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteUnit(ctx: Context, account: Account, id: number): Promise<void> {
  const unit = await findUnit(ctx.db, account, id);
  if (!unit) throw errors.notFound('unit');
  authorize(account, 'units', 'delete');
  await refuseIfUsed(ctx.db, `unit ${unit.name}`, id, [
    { label: 'party committee memberships', table: 'partyOrgMemberUnits', column: 'unitId' },
    { label: 'party organisations', table: 'partyOrgs', column: 'unitId' },
    { label: 'accounts', table: 'users', column: 'unitId' },
  ]);
  await ctx.db.deleteFrom('units').where('id', '=', id).execute();
}

/** Normalises and checks a unified social credit code (GB 32100-2015); blank means none. */
function creditCodeOf(code: string | null | undefined): string | null {
  if (code === undefined || code === null || code.trim() === '') return null;
  const normal = code.trim().toUpperCase();
  const problem = checkCreditCode(normal);
  if (problem) throw errors.field('creditCode', problem);
  return normal;
}
