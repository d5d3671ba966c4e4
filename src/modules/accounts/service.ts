// Use cases for accounts: who may create whom, where an account's scope lies, and the
// presenter that masks personal data unless the caller's role must call residents.
import { checkIdNumber } from '../../core/codes.js';
import { errors } from '../../core/errors.js';
import { maskIdNumber, maskPhone } from '../../core/mask.js';
import { manageableRoles, seesPersonalData } from '../../core/permissions.js';
import type { Role } from '../../core/vocabulary.js';
import type { Db } from '../../db/connection.js';
import { type OrgUnit, toFlag, type User } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { findCompany } from '../companies/service.js';
import { findCompound } from '../compounds/service.js';
import { findOrgUnit } from '../orgs/service.js';
import { findPartyOrg } from '../party/service.js';
import { type Account, inSubtree } from '../shared/account.js';
import { authorize, type PageOf, type Paging, paginate } from '../shared/http.js';
import { logDisclosures } from '../shared/personal.js';
import { findUnit } from '../units/service.js';
import { hashPassword } from './secrets.js';

export interface UserInput {
  username?: string;
  displayName?: string;
  password?: string | null;
  role?: Role;
  scopeUnitId?: number;
  propertyCompanyId?: number | null;
  compoundId?: number | null;
  partyOrgId?: number | null;
  unitId?: number | null;
  phone?: string | null;
  idNumber?: string | null;
  disabled?: boolean;
}

export interface UserFilter extends Paging {
  role?: Role;
  scopeUnitId?: number;
  q?: string;
}

/** The kind of org unit each role's scope must be, where the role fixes it. */
const SCOPE_KIND: Partial<Record<Role, OrgUnit['kind']>> = {
  district_admin: 'district',
  street_staff: 'street',
  community_staff: 'community',
  grid_worker: 'grid',
  in_service_member: 'community',
};

export const MIN_PASSWORD_LENGTH = 8;

function visibleUsers(db: Db, account: Account) {
  return db.selectFrom('users').selectAll('users').where(inSubtree(account, 'users'));
}

export async function findUser(db: Db, account: Account, id: number): Promise<User | undefined> {
  return visibleUsers(db, account).where('users.id', '=', id).executeTakeFirst();
}

export async function getUser(ctx: Context, account: Account, id: number): Promise<User> {
  const user = await findUser(ctx.db, account, id);
  if (!user) throw errors.notFound('user');
  authorize(account, 'users', 'read');
  return user;
}

export async function listUsers(ctx: Context, account: Account, filter: UserFilter): Promise<PageOf<User>> {
  authorize(account, 'users', 'read');
  let query = visibleUsers(ctx.db, account);
  if (filter.role) query = query.where('users.role', '=', filter.role);
  if (filter.scopeUnitId !== undefined) query = query.where('users.scopeUnitId', '=', filter.scopeUnitId);
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_]/g, '')}%`;
    query = query.where((eb) => eb.or([eb('users.username', 'like', like), eb('users.displayName', 'like', like)]));
  }
  return paginate(query, 'users', filter, 'username');
}

/**
 * Works out and checks where an account sits: its scope unit (derived for residents, party
 * secretaries, property staff and unit liaisons where not given) and the record its role
 * names. Every referenced record must be visible to the caller.
 */
async function placement(ctx: Context, account: Account, role: Role, input: UserInput) {
  const db = ctx.db;
  let scopeUnitId = input.scopeUnitId;
  if (role === 'property_staff') {
    if (!input.propertyCompanyId) throw errors.field('propertyCompanyId', 'property staff name their company');
    if (!(await findCompany(db, account, input.propertyCompanyId))) throw errors.reference('propertyCompanyId', 'property company');
  }
  if (role === 'unit_liaison') {
    if (!input.unitId) throw errors.field('unitId', 'a unit liaison names the unit');
    if (!(await findUnit(db, account, input.unitId))) throw errors.reference('unitId', 'unit');
  }
  if (role === 'resident') {
    if (!input.compoundId) throw errors.field('compoundId', 'a resident names the compound');
    const compound = await findCompound(db, account, input.compoundId);
    if (!compound) throw errors.reference('compoundId', 'compound');
    scopeUnitId = compound.communityId;
  }
  if (role === 'party_secretary') {
    if (!input.partyOrgId) throw errors.field('partyOrgId', 'a party secretary names the party organisation');
    const org = await findPartyOrg(db, account, input.partyOrgId);
    if (!org) throw errors.reference('partyOrgId', 'party organisation');
    scopeUnitId = org.orgUnitId;
  }
  scopeUnitId ??= role === 'property_staff' || role === 'unit_liaison' ? account.districtId : undefined;
  if (scopeUnitId === undefined) throw errors.field('scopeUnitId', `a ${role} account needs its scope`);
  const scope = await visibleOrgUnit(db, account, scopeUnitId);
  if (!scope) throw errors.reference('scopeUnitId', 'org unit');
  const kind = SCOPE_KIND[role];
  if (kind && scope.kind !== kind) throw errors.field('scopeUnitId', `a ${role} account acts in a ${kind}`);
  return {
    scopeUnitId: scope.id,
    districtId: scope.districtId,
    streetId: scope.streetId,
    communityId: scope.communityId,
    gridId: scope.gridId,
    propertyCompanyId: role === 'property_staff' ? input.propertyCompanyId! : null,
    unitId: role === 'unit_liaison' ? input.unitId! : null,
    compoundId: role === 'resident' ? input.compoundId! : null,
    partyOrgId: role === 'party_secretary' ? input.partyOrgId! : null,
  };
}

async function visibleOrgUnit(db: Db, account: Account, id: number) {
  for (const kind of ['district', 'street', 'community', 'grid'] as const) {
    const unit = await findOrgUnit(db, account, kind, id);
    if (unit) return unit;
  }
  return undefined;
}

function checkPersonal(input: UserInput) {
  if (input.idNumber) {
    const problem = checkIdNumber(input.idNumber);
    if (problem) throw errors.field('idNumber', problem);
  }
  if (input.password && input.password.length < MIN_PASSWORD_LENGTH) {
    throw errors.field('password', `needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

function checkRole(account: Account, role: Role) {
  if (!manageableRoles(account.role).includes(role)) {
    throw errors.forbidden(`a ${account.role} account may not manage ${role} accounts`);
  }
}

export async function createUser(ctx: Context, account: Account, input: UserInput): Promise<User> {
  authorize(account, 'users', 'create');
  const role = input.role!;
  checkRole(account, role);
  checkPersonal(input);
  const place = await placement(ctx, account, role, input);
  const now = ctx.now().toISOString();
  return ctx.db
    .insertInto('users')
    .values({
      username: input.username!,
      displayName: input.displayName!,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      role,
      ...place,
      phone: input.phone ?? null,
      idNumber: input.idNumber ?? null,
      disabled: 0,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUser(ctx: Context, account: Account, id: number, patch: UserInput): Promise<User> {
  const user = await findUser(ctx.db, account, id);
  if (!user) throw errors.notFound('user');
  authorize(account, 'users', 'update');
  checkRole(account, user.role);
  const role = patch.role ?? user.role;
  checkRole(account, role);
  checkPersonal(patch);
  const moves = ['role', 'scopeUnitId', 'propertyCompanyId', 'compoundId', 'partyOrgId', 'unitId'].some(
    (k) => patch[k as keyof UserInput] !== undefined,
  );
  const place = moves
    ? await placement(ctx, account, role, {
        scopeUnitId: patch.scopeUnitId ?? user.scopeUnitId,
        propertyCompanyId: patch.propertyCompanyId ?? user.propertyCompanyId,
        compoundId: patch.compoundId ?? user.compoundId,
        partyOrgId: patch.partyOrgId ?? user.partyOrgId,
        unitId: patch.unitId ?? user.unitId,
      })
    : {};
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({
        ...place,
        role,
        updatedAt: now,
        ...(patch.displayName !== undefined && { displayName: patch.displayName }),
        ...(patch.password !== undefined && { passwordHash: patch.password ? await hashPassword(patch.password) : null }),
        ...(patch.phone !== undefined && { phone: patch.phone }),
        ...(patch.idNumber !== undefined && { idNumber: patch.idNumber }),
        ...(patch.disabled !== undefined && { disabled: toFlag(patch.disabled) }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A new password, a disabled account or a new place ends the sessions it had.
    if (patch.password !== undefined || patch.disabled || moves) {
      await trx.deleteFrom('sessions').where('userId', '=', id).execute();
    }
    if (patch.disabled) await trx.updateTable('apiTokens').set({ revokedAt: now }).where('userId', '=', id).where('revokedAt', 'is', null).execute();
    return row;
  });
}

/** Removes an account that never signed in; one that has acted is disabled instead. */
export async function deleteUser(ctx: Context, account: Account, id: number): Promise<void> {
  const user = await findUser(ctx.db, account, id);
  if (!user) throw errors.notFound('user');
  authorize(account, 'users', 'delete');
  checkRole(account, user.role);
  if (user.id === account.id) throw errors.conflict('an account cannot remove itself');
  if (user.lastLoginAt) throw errors.inUse(`${user.username} has signed in before; disable the account instead`);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('apiTokens').where('userId', '=', id).execute();
    await trx.deleteFrom('sessions').where('userId', '=', id).execute();
    await trx.deleteFrom('users').where('id', '=', id).execute();
  });
}

/**
 * What leaves the server about an account. Phone and ID numbers are masked unless the
 * caller's role must call residents, or it is the caller's own account; each unmasked read
 * of somebody else's personal data is logged.
 */
export async function presentUsers(ctx: Context, account: Account, users: User[], requestId: string | null) {
  const unmasked = seesPersonalData(account.role);
  await logDisclosures(
    ctx,
    account,
    users
      .filter((u) => unmasked && u.id !== account.id)
      .map((u) => ({
        districtId: u.districtId,
        subjectType: 'user' as const,
        subjectId: u.id,
        fields: [u.phone && 'phone', u.idNumber && 'idNumber'].filter((f): f is string => Boolean(f)),
      })),
    requestId,
  );
  return users.map((u) => {
    const clear = unmasked || u.id === account.id;
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      scopeUnitId: u.scopeUnitId,
      propertyCompanyId: u.propertyCompanyId,
      compoundId: u.compoundId,
      partyOrgId: u.partyOrgId,
      unitId: u.unitId,
      phone: clear ? u.phone : maskPhone(u.phone),
      idNumber: clear ? u.idNumber : maskIdNumber(u.idNumber),
      hasPassword: u.passwordHash !== null,
      disabled: u.disabled === 1,
      lastLoginAt: u.lastLoginAt,
      createdAt: u.createdAt,
    };
  });
}
