// Categories of requests (诉求类别, Open311 "services"): time limits, the default handler kind
// and extra fields. Readable by everyone (residents choose from them); district admins edit.
import { checkFieldSpecs, type FieldSpec } from '../../core/attributes.js';
import { errors } from '../../core/errors.js';
import type { HandlerKind } from '../../core/lifecycle.js';
import { type Category, type LimitUnit, toFlag } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import type { Account } from '../shared/account.js';
import { registerChanged } from '../shared/registerChanges.js';

export interface CategoryInput {
  code?: string;
  nameZh?: string;
  nameEn?: string;
  groupCode?: string;
  acceptLimit?: { amount: number; unit: LimitUnit };
  resolveLimit?: { amount: number; unit: LimitUnit };
  urgent?: boolean;
  handlerKind?: HandlerKind;
  fields?: FieldSpec[];
  active?: boolean;
  sortOrder?: number;
}

export async function listCategories(ctx: Context, districtId: number, includeInactive = false): Promise<Category[]> {
  let query = ctx.db.selectFrom('categories').selectAll().where('districtId', '=', districtId);
  if (!includeInactive) query = query.where('active', '=', 1);
  return query.orderBy('sortOrder').orderBy('code').execute();
}

export async function categoryByCode(ctx: Context, districtId: number, code: string): Promise<Category> {
  const category = await ctx.db
    .selectFrom('categories')
    .selectAll()
    .where('districtId', '=', districtId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!category) throw errors.notFound('category');
  return category;
}

function checkInput(input: CategoryInput) {
  if (input.fields) {
    const problems = checkFieldSpecs(input.fields);
    if (problems.length > 0) throw errors.validation(problems);
  }
  for (const key of ['acceptLimit', 'resolveLimit'] as const) {
    const limit = input[key];
    if (limit && limit.unit === 'working_days' && !Number.isInteger(limit.amount)) {
      throw errors.field(`${key}.amount`, 'working days are whole days');
    }
  }
}

function requireAdmin(account: Account) {
  if (account.role !== 'district_admin') throw errors.forbidden('only district admins edit categories');
}

export async function createCategory(ctx: Context, account: Account, input: CategoryInput): Promise<Category> {
  requireAdmin(account);
  checkInput(input);
  const now = ctx.now().toISOString();
  const created = await ctx.db
    .insertInto('categories')
    .values({
      districtId: account.districtId,
      code: input.code!,
      nameZh: input.nameZh!,
      nameEn: input.nameEn!,
      groupCode: input.groupCode!,
      acceptLimit: input.acceptLimit!.amount,
      acceptUnit: input.acceptLimit!.unit,
      resolveLimit: input.resolveLimit!.amount,
      resolveUnit: input.resolveLimit!.unit,
      urgent: toFlag(input.urgent),
      handlerKind: input.handlerKind ?? 'property_company',
      fields: JSON.stringify(input.fields ?? []),
      active: input.active === false ? 0 : 1,
      sortOrder: input.sortOrder ?? 0,
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  registerChanged(ctx);
  return created;
}

/** Changing limits affects requests placed afterwards; placed requests keep their due times. */
export async function updateCategory(ctx: Context, account: Account, code: string, patch: CategoryInput): Promise<Category> {
  requireAdmin(account);
  const category = await categoryByCode(ctx, account.districtId, code);
  checkInput(patch);
  const updated = await ctx.db
    .updateTable('categories')
    .set({
      updatedAt: ctx.now().toISOString(),
      ...(patch.nameZh !== undefined && { nameZh: patch.nameZh }),
      ...(patch.nameEn !== undefined && { nameEn: patch.nameEn }),
      ...(patch.groupCode !== undefined && { groupCode: patch.groupCode }),
      ...(patch.acceptLimit && { acceptLimit: patch.acceptLimit.amount, acceptUnit: patch.acceptLimit.unit }),
      ...(patch.resolveLimit && { resolveLimit: patch.resolveLimit.amount, resolveUnit: patch.resolveLimit.unit }),
      ...(patch.urgent !== undefined && { urgent: toFlag(patch.urgent) }),
      ...(patch.handlerKind !== undefined && { handlerKind: patch.handlerKind }),
      ...(patch.fields !== undefined && { fields: JSON.stringify(patch.fields) }),
      ...(patch.active !== undefined && { active: toFlag(patch.active) }),
      ...(patch.sortOrder !== undefined && { sortOrder: patch.sortOrder }),
    })
    .where('id', '=', category.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  registerChanged(ctx);
  return updated;
}

export function presentCategory(c: Category) {
  return {
    code: c.code,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    groupCode: c.groupCode,
    acceptLimit: { amount: c.acceptLimit, unit: c.acceptUnit },
    resolveLimit: { amount: c.resolveLimit, unit: c.resolveUnit },
    urgent: c.urgent === 1,
    handlerKind: c.handlerKind,
    fields: JSON.parse(c.fields) as FieldSpec[],
    active: c.active === 1,
    sortOrder: c.sortOrder,
  };
}
