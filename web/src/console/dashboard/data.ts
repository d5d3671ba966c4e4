// What the dashboard and the big screen load: the register at a glance and the request figures
// of the account's own scope over a period. Property staff, who read no figures of a scope,
// get their company's request figures instead.
import { api } from '../../shared/api';
import { may } from '../../shared/auth';
import type { Me, Page, RequestSummary } from '../../shared/types';
import { OPEN_OVERDUE } from './links';
import type { Period } from './period';
import type { FigureReport, Overview } from './types';

export interface DashboardData {
  /** Null for property staff, who see their company's requests only. */
  overview: Overview | null;
  report: FigureReport;
}

/** Whose figures the account reads: its scope, or its property company. */
export function audienceOf(me: Me): 'scope' | 'company' | null {
  if (may(me, 'stats')) return 'scope';
  if (me.role === 'property_staff' && me.propertyCompanyId !== null) return 'company';
  return null;
}

export async function loadDashboard(me: Me, period: Pick<Period, 'from' | 'to'>): Promise<DashboardData> {
  const company = audienceOf(me) === 'company' ? me.propertyCompanyId : null;
  const ranksCommunities = me.scope.kind === 'district' || me.scope.kind === 'street';
  const [overview, report] = await Promise.all([
    company === null ? api.get<Overview>('/stats/overview') : Promise.resolve(null),
    api.get<FigureReport>('/figures', {
      unit: me.scope.id,
      company,
      from: period.from,
      to: period.to,
      communities: ranksCommunities ? true : undefined,
    }),
  ]);
  return { overview, report };
}

/** At most this many overdue requests are listed; the list page has the rest. */
export const OVERDUE_ROWS = 200;

/** Overdue requests still waiting for work (whenever placed), or all those placed in the period. */
export function loadOverdue(which: 'open' | 'period', period: Pick<Period, 'from' | 'to'>): Promise<Page<RequestSummary>> {
  const filters = which === 'open' ? OPEN_OVERDUE : { overdue: true, from: period.from, to: period.to };
  return api.get<Page<RequestSummary>>('/requests', { ...filters, limit: OVERDUE_ROWS });
}
