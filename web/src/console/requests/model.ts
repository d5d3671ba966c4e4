// What the request pages read from the API besides the shared types, and the small rules they
// share: Shanghai times, the due time that counts now, state colours, the list filters. The
// vocabulary comes from the server's own pure modules, so the pages offer what the API accepts.
import { ALLOWED_FROM, HANDLER_KINDS, REQUEST_STATES, SATISFACTION } from '../../../../src/core/lifecycle.js';
import { CHANNELS } from '../../shared/domain';
import type { RequestState, RequestSummary } from '../../shared/types';

export { CHANNELS, HANDLER_KINDS, SATISFACTION };

export interface RequestEvent {
  seq: number;
  type: string;
  at: string;
  actor: { id: number; displayName: string | null } | null;
  from: RequestState | null;
  to: RequestState;
  data: Record<string, unknown>;
}

export interface InboxCounts {
  views: Record<string, number>;
}

/** GET /calendar/between: working time from now to a due time, negative once it has passed. */
export interface Span {
  from: string;
  to: string;
  workingMinutes: number;
  calendarMinutes: number;
  overdue: boolean;
  workingDayMinutes: number;
  uncertain: boolean;
}

export interface CategoryField {
  key: string;
  labelZh: string;
  labelEn: string;
  type: string;
  required: boolean;
}

export interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
  groupCode: string;
  urgent: boolean;
  handlerKind: string;
  fields: CategoryField[];
  active: boolean;
}

export const STATES: readonly RequestState[] = REQUEST_STATES;

/** Ant Design tag colours: waiting work warm, done work green, ended-without-work grey. */
export const STATE_COLOR: Record<RequestState, string> = {
  submitted: 'gold',
  accepted: 'blue',
  returned: 'magenta',
  reopened: 'volcano',
  resolved: 'cyan',
  closed: 'green',
  merged: 'default',
  cancelled: 'default',
};

export { shanghaiTime, shanghaiToday } from '../../shared/time';

/** The states the server's overdue sweep watches: somebody still owes work. */
const PENDING: readonly RequestState[] = ALLOWED_FROM.markOverdue;

/**
 * The due time somebody is working against now, as the server's overdue sweep reads it: the
 * accept limit until the request is accepted, then the resolve limit until it is resolved.
 * Resolved, closed, merged and cancelled requests owe nothing.
 */
export function nextDue(r: Pick<RequestSummary, 'state' | 'acceptedAt' | 'resolvedAt' | 'dueAcceptAt' | 'dueResolveAt'>): { limit: 'accept' | 'resolve'; at: string } | null {
  if (!PENDING.includes(r.state)) return null;
  if (r.acceptedAt === null) return { limit: 'accept', at: r.dueAcceptAt };
  if (r.resolvedAt === null) return { limit: 'resolve', at: r.dueResolveAt };
  return null;
}

/** The query parameters of GET /requests that the list page binds to its URL, by the API's names. */
export const FILTER_KEYS = [
  'state',
  'categoryCode',
  'unit',
  'compoundId',
  'channel',
  'from',
  'to',
  'overdue',
  'handlerCompanyId',
  'handlerUserId',
  'q',
  'view',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export function filtersFrom(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const all = params.getAll(key).filter((v) => v !== '');
    // The API also takes a repeated state; the page keeps one comma-separated value.
    if (all.length > 0) filters[key] = all.join(',');
  }
  return filters;
}

/** The request path of an action: the API names the extension decision with a hyphen. */
export function actionPath(action: string): string {
  return action === 'decideExtension' ? 'extension-decision' : action;
}
