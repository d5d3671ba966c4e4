// Talking to the Hongyun API: JSON in and out, the session cookie sent by the browser, the CSRF
// token on every unsafe request, and one error type that carries the API's field errors.
import i18n from 'i18next';

export interface FieldProblem {
  field: string;
  /** The problem in English. */
  message: string;
  /** Its kind (`required`, `too_long` with `params.limit`, …), said in the page's language. */
  code?: string;
  params?: Record<string, string | number>;
}

/** What went wrong, in the page's language where the API's error code is a known one. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 0) return i18n.t('common:status.network');
  const key = `common:apiErrors.${error.code}`;
  return i18n.exists(key) ? i18n.t(key) : error.message;
}

/** A field problem in the page's language where the API named its kind; in English otherwise. */
export function problemText(problem: FieldProblem): string {
  const key = `common:problems.${problem.code}`;
  return problem.code && i18n.exists(key) ? i18n.t(key, problem.params) : problem.message;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }

  /** The problems keyed by field, in the page's language, as forms show them next to their inputs. */
  byField(): Record<string, string> {
    return Object.fromEntries(this.details.map((d) => [d.field, problemText(d)]));
  }
}

let csrfToken: string | null = null;

/** Set from the login answer and from /auth/me; sent as x-csrf-token on unsafe methods. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Query = Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>;

/** `/api/v1${path}?query`, leaving out empty values. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

/** The answer as JSON; a proxy's HTML error page (a 413 or a 502) is no answer of ours. */
function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function send<T>(method: string, path: string, options: { query?: Query; body?: unknown; form?: FormData; headers?: Record<string, string> } = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  if (response.status === 204) return undefined as T;
  const data = parse(await response.text());
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: FieldProblem[] } } | undefined)?.error;
    // A login in another tab replaced the session and its CSRF token: take the new one, once.
    if (response.status === 403 && method !== 'GET' && !retried && /x-csrf-token/.test(error?.message ?? '')) {
      const session = await send<{ account: { csrfToken: string | null } | null }>('GET', '/auth/session');
      if (session.account?.csrfToken && session.account.csrfToken !== csrfToken) {
        setCsrfToken(session.account.csrfToken);
        return send<T>(method, path, options, true);
      }
    }
    throw new ApiError(response.status, error?.code ?? (response.status === 413 ? 'payload_too_large' : 'http_error'), error?.message ?? response.statusText, error?.details ?? []);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => send<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => send<T>('POST', path, { body: body ?? {}, headers }),
  postForm: <T>(path: string, form: FormData, headers?: Record<string, string>) => send<T>('POST', path, { form, headers }),
  patch: <T>(path: string, body: unknown) => send<T>('PATCH', path, { body }),
  delete: <T>(path: string) => send<T>('DELETE', path),
};
