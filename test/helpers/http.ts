// An HTTP client over app.inject that logs in like a browser: session cookie plus the
// CSRF header on unsafe methods.
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/types.js';
import type { TestDb } from './db.js';

export interface Client {
  username: string | null;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function startApp(t: TestDb): Promise<App> {
  const app = await buildApp(t.ctx, { logger: false });
  await app.ready();
  return app;
}

export function anonymous(app: App): Client {
  return client(app, null, null, null);
}

export async function loginAs(app: App, username: string, password = 'test-password'): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'hy_session');
  return client(app, username, `hy_session=${cookie!.value}`, res.json().csrfToken as string);
}

function client(app: App, username: string | null, cookie: string | null, csrf: string | null): Client {
  const request: Client['request'] = (method, url, body, headers = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      ...(body !== undefined ? { payload: body as object } : {}),
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...headers,
      },
    });
  return {
    username,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}
