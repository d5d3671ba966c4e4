// Where a figure leads: the request list filtered with exactly the query names of
// GET /api/v1/requests (the list page reads them from the URL), or a register list.
import type { Me } from '../../shared/types';
import { PENDING_STATES } from './types';

export interface RequestFilters {
  state?: string;
  categoryCode?: string;
  unit?: number;
  compoundId?: number;
  channel?: string;
  from?: string;
  to?: string;
  overdue?: boolean;
  handlerCompanyId?: number;
  handlerUserId?: number;
  q?: string;
  view?: string;
}

export function requestsLink(filters: RequestFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return `/requests${query ? `?${query}` : ''}`;
}

/**
 * The filters every link of a report carries: its period, and its unit unless that is the
 * whole district (the list shows nothing outside the account's scope anyway).
 */
export function baseFilters(me: Me, period: { from: string; to: string }): RequestFilters {
  return { ...(me.scope.kind === 'district' ? {} : { unit: me.scope.id }), from: period.from, to: period.to };
}

/** The requests that are overdue and still waiting for somebody's work, whenever placed. */
export const OPEN_OVERDUE: RequestFilters = { state: PENDING_STATES.join(','), overdue: true };

export function registerLink(path: string, filters: Record<string, string | boolean> = {}): string {
  const params = new URLSearchParams(Object.entries(filters).map(([k, v]) => [k, String(v)]));
  const query = params.toString();
  return `/register/${path}${query ? `?${query}` : ''}`;
}
