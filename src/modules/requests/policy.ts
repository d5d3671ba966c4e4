// Who sees which requests and who may act on them (DESIGN.md "Scope"): staff see their
// subtree, property staff the requests routed to their company, residents their own.
import { sql } from 'kysely';
import { errors } from '../../core/errors.js';
import { ALLOWED_FROM, type Action, isPossible } from '../../core/lifecycle.js';
import type { Role } from '../../core/vocabulary.js';
import type { Db } from '../../db/connection.js';
import type { ServiceRequest } from '../../db/schema.js';
import { type Account, inSubtree } from '../shared/account.js';

const SUBTREE_ROLES: readonly Role[] = ['district_admin', 'street_staff', 'community_staff', 'grid_worker', 'party_secretary'];
const DISPATCH_ROLES: readonly Role[] = ['district_admin', 'street_staff', 'community_staff'];
const SUPERVISE_ROLES: readonly Role[] = ['district_admin', 'street_staff', 'community_staff', 'party_secretary'];

/** The requests an account may see; every list and every read starts here. */
export function visibleRequests(db: Db, account: Account) {
  const query = db.selectFrom('requests').where('requests.districtId', '=', account.districtId);
  if (SUBTREE_ROLES.includes(account.role)) return query.where(inSubtree(account, 'requests'));
  if (account.role === 'property_staff') return query.where('requests.handlerCompanyId', '=', account.propertyCompanyId);
  if (account.role === 'resident') return query.where('requests.reporterUserId', '=', account.id);
  return query.where(sql<boolean>`1 = 0`);
}

export async function findRequest(db: Db, account: Account, id: number): Promise<ServiceRequest | undefined> {
  return visibleRequests(db, account).selectAll('requests').where('requests.id', '=', id).executeTakeFirst();
}

export async function getRequest(db: Db, account: Account, id: number): Promise<ServiceRequest> {
  const request = await findRequest(db, account, id);
  if (!request) throw errors.notFound('request');
  return request;
}

/** Whether the account is (or acts for) the request's current handler. */
export function isHandler(account: Account, request: ServiceRequest): boolean {
  switch (request.handlerKind) {
    case 'property_company':
      return account.role === 'property_staff' && account.propertyCompanyId === request.handlerCompanyId;
    case 'grid_worker':
      return account.role === 'grid_worker' && (request.handlerUserId === account.id || request.handlerUnitId === account.scope.id);
    case 'legal_adviser':
    case 'community_staff':
      return account.role === 'community_staff' && account.scope.id === request.communityId;
  }
}

function isReporter(account: Account, request: ServiceRequest): boolean {
  return request.reporterUserId !== null && request.reporterUserId === account.id;
}

/**
 * May `account` (who can already see the request) take `action` on it? Ratings and reopening
 * of walk-in requests (no resident account) are recorded by the staff who call the resident back.
 */
export function mayAct(account: Account, request: ServiceRequest, action: Action): boolean {
  const walkIn = request.reporterUserId === null;
  switch (action) {
    case 'accept':
    case 'return':
    case 'resolve':
    case 'extend':
      return isHandler(account, request);
    case 'reassign':
    case 'merge':
    case 'decideExtension':
      return DISPATCH_ROLES.includes(account.role);
    case 'supervise':
      return SUPERVISE_ROLES.includes(account.role);
    case 'rate':
    case 'reopen':
      return isReporter(account, request) || (walkIn && (DISPATCH_ROLES.includes(account.role) || account.role === 'grid_worker'));
    case 'cancel':
      return isReporter(account, request) || DISPATCH_ROLES.includes(account.role);
    case 'close':
    case 'markOverdue':
    case 'escalate':
      return account.via === 'system';
  }
}

const ACTIONS = Object.keys(ALLOWED_FROM) as Action[];

/** The actions the account may take on the request as it stands: what the console offers. */
export function actionsFor(account: Account, request: ServiceRequest): Action[] {
  const view = { state: request.state, extensionPending: request.extensionPending === 1 };
  return ACTIONS.filter((action) => isPossible(view, action) && mayAct(account, request, action));
}
