// Small helpers of the phone pages: times in Asia/Shanghai, names in the chosen language, the
// API's field problems in words a resident reads, keys for safe retries, and cached look-ups.
import type { TFunction } from 'i18next';
import { api, ApiError } from '../shared/api';
import type { Me } from '../shared/types';
import type { Area, Category, Compound, Limit, RegisterPage } from './types';
import { once } from '../shared/once';

const formats = new Map<string, Intl.DateTimeFormat>();

/** "11月29日 20:07" or "29 Nov, 20:07", with the year when it is not this year's. */
export function formatTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  const thisYear = new Date().getFullYear() === date.getFullYear();
  const key = `${language}:${thisYear}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: thisYear ? undefined : 'numeric',
      month: language === 'en' ? 'short' : 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    formats.set(key, format);
  }
  return format.format(date);
}

export const isEnglish = (language: string) => language === 'en';

/** The name of a category, field or option in the page's language. */
export function named(item: { nameZh: string; nameEn: string } | { labelZh: string; labelEn: string }, language: string): string {
  if ('nameZh' in item) return isEnglish(language) ? item.nameEn : item.nameZh;
  return isEnglish(language) ? item.labelEn : item.labelZh;
}

export function limitText(t: TFunction, limit: Limit): string {
  // Urgent limits are fractions of an hour: a quarter of an hour reads better as 15 minutes.
  if (limit.unit !== 'working_days' && limit.amount < 1) {
    return t(`mobile:limits.${limit.unit === 'working_hours' ? 'working_minutes' : 'minutes'}`, { count: Math.round(limit.amount * 60) });
  }
  return t(`mobile:limits.${limit.unit}`, { count: limit.amount });
}

/** The API's problem with a field, in the page's language where it is a common one. */
export function problemText(t: TFunction, message: string): string {
  if (/fewer than 1 characters|is required|required property/.test(message)) return t('mobile:errors.required');
  if (/must match pattern/.test(message)) return t('mobile:errors.format');
  if (/outside the district/.test(message)) return t('mobile:errors.outside');
  if (/too large|larger than/.test(message)) return t('mobile:errors.tooLarge');
  if (/not a JPEG, PNG or WebP/.test(message)) return t('mobile:errors.notImage');
  if (/must be a number/.test(message)) return t('mobile:errors.number');
  if (/more than \d+ characters/.test(message)) return t('mobile:errors.tooLong');
  return message;
}

/** A form's field problems from an API error: field → text, plus what no field shows. */
export function fieldProblems(t: TFunction, error: unknown, shown: (field: string) => boolean): { byField: Record<string, string>; general: string | null } {
  if (!(error instanceof ApiError)) return { byField: {}, general: error ? String(error) : null };
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const [field, message] of Object.entries(error.byField())) {
    if (shown(field)) byField[field] = problemText(t, message);
    else rest.push(`${field}: ${problemText(t, message)}`);
  }
  if (Object.keys(byField).length === 0 && rest.length === 0) return { byField, general: errorText(t, error) };
  return { byField, general: rest.length > 0 ? rest.join('; ') : null };
}

/** What went wrong, for a banner. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('common:status.network');
    if (error.status === 401) return t('mobile:errors.sessionEnded');
    if (error.code === 'stale_version') return t('mobile:errors.stale');
    if (error.code === 'transition_not_allowed') return t('mobile:errors.notAllowed');
    if (error.status === 429) return t('mobile:errors.tooMany');
    if (error.status === 413) return t('mobile:errors.tooLarge');
    return error.message;
  }
  return String(error);
}

/** A key that makes a retried submission answer with the first request (UUID where available). */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Pages served over plain HTTP (not a secure context) have getRandomValues but not randomUUID.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Roles the phone pages serve; other staff work in the console. */
export const PHONE_ROLES = ['resident', 'grid_worker'] as const;
export const isPhoneRole = (me: Me) => (PHONE_ROLES as readonly string[]).includes(me.role);
/** Roles the console serves (it sends residents and members back to the phone pages). */
export const hasConsole = (me: Me) => me.role !== 'resident' && me.role !== 'in_service_member';

export const loadCategories = () => once('categories', () => api.get<Category[]>('/categories'));

export const loadCompounds = (me: Me) =>
  once(`compounds:${me.id}`, () => api.get<RegisterPage<Compound>>('/compounds', { pageSize: 500, sort: 'name' }).then((page) => page.items));

/** The outlines a tap on the map is judged against: communities, and grids where the role reads them. */
export const loadAreas = (me: Me, kind: 'communities' | 'grids') =>
  once(`${kind}:${me.id}`, () => api.get<RegisterPage<Area>>(`/${kind}`, { pageSize: 500 }).then((page) => page.items));
