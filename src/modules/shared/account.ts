// The authenticated account a request acts as, and the scope filter every query goes through.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Role } from '../../core/vocabulary.js';

export type ScopeKind = 'district' | 'street' | 'community' | 'grid';

export interface Account {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  districtId: number;
  /** The org-tree node the account acts in; its subtree is the account's scope. */
  scope: { kind: ScopeKind; id: number };
  propertyCompanyId: number | null;
  compoundId: number | null;
  partyOrgId: number | null;
  unitId: number | null;
  /** How the request authenticated: a browser session (CSRF applies) or an API token. */
  via: 'session' | 'token' | 'system';
}

const COLUMN = { district: 'districtId', street: 'streetId', community: 'communityId', grid: 'gridId' } as const;

/**
 * A where-clause keeping rows whose ancestry lies in the account's subtree. `table` is the
 * table (or alias) carrying the ancestry columns.
 */
export function inSubtree(account: Account, table: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${table}.${COLUMN[account.scope.kind]}`)} = ${account.scope.id}`;
}

/** For district-wide records (property companies, units): the account's district only. */
export function inDistrict(account: Account, table: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${table}.districtId`)} = ${account.districtId}`;
}

/** The system account the CLI and the demo seeder act as: the whole district, every right. */
export function systemAccount(districtId: number): Account {
  return {
    id: 0,
    username: 'system',
    displayName: 'system',
    role: 'district_admin',
    districtId,
    scope: { kind: 'district', id: districtId },
    propertyCompanyId: null,
    compoundId: null,
    partyOrgId: null,
    unitId: null,
    via: 'system',
  };
}
