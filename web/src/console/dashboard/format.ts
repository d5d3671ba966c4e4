// How the dashboard writes its numbers: rates as percentages with one decimal, working-time
// averages in hours, and how long an overdue request has been (or was) late.
import type { TFunction } from 'i18next';
import type { RequestSummary } from '../../shared/types';

export const NO_FIGURE = '—';

/** 0.9013 → "90.1%"; no figure (nothing to divide) → "—". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return NO_FIGURE;
  return `${(rate * 100).toFixed(1)}%`;
}

/** Working minutes as hours with one decimal. */
export function hours(minutes: number | null): string | null {
  return minutes === null ? null : (minutes / 60).toFixed(1);
}

export interface Lateness {
  /** The limit that was missed: the later one when both were. */
  limit: 'accept' | 'resolve';
  ms: number;
  /** Still late now (the work is not done yet), rather than done late. */
  ongoing: boolean;
}

/**
 * How late an overdue request is or was, in calendar time: from the due time it missed to the
 * moment the work was done, or to now if it is not done yet.
 */
export function latenessOf(r: RequestSummary, now: number): Lateness | null {
  const limit = r.overdueResolve ? 'resolve' : r.overdueAccept ? 'accept' : null;
  if (limit === null) return null;
  const due = Date.parse(limit === 'resolve' ? r.dueResolveAt : r.dueAcceptAt);
  const doneAt = limit === 'resolve' ? r.resolvedAt : r.acceptedAt;
  // Merged and cancelled requests stopped being late when they were closed.
  const stoppedAt = doneAt ?? (r.state === 'merged' || r.state === 'cancelled' ? r.closedAt : null);
  if (stoppedAt === null && (r.state === 'merged' || r.state === 'cancelled')) return null;
  const end = stoppedAt === null ? now : Date.parse(stoppedAt);
  return { limit, ms: Math.max(0, end - due), ongoing: stoppedAt === null };
}

/** "3天4小时" / "3 d 4 h"; under an hour in minutes. */
export function duration(ms: number, t: TFunction): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hoursLeft = Math.floor((minutes % 1440) / 60);
  if (days > 0) return t('dashboard:duration.daysHours', { days, hours: hoursLeft });
  if (hoursLeft > 0) return t('dashboard:duration.hoursMinutes', { hours: hoursLeft, minutes: minutes % 60 });
  return t('dashboard:duration.minutes', { minutes });
}

export interface OverdueRow {
  request: RequestSummary;
  lateness: Lateness;
}

/** The overdue requests of a page: those still late first, each group longest overdue first. */
export function byLateness(items: RequestSummary[], now: number): OverdueRow[] {
  return items
    .map((request) => ({ request, lateness: latenessOf(request, now) }))
    .filter((row): row is OverdueRow => row.lateness !== null)
    .sort((a, b) => Number(b.lateness.ongoing) - Number(a.lateness.ongoing) || b.lateness.ms - a.lateness.ms);
}

export function handlerName(r: RequestSummary, t: (key: string) => string): string {
  return r.handler.company?.name ?? r.handler.user?.displayName ?? t(`common:handlers.${r.handler.kind}`);
}
