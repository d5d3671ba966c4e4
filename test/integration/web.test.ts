// Serving the built web app: pages for the browser's routes, hashed assets cached for good,
// files added by a rebuild served without a restart, and the API's own 404s left alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';

describe.each(dialects())('the web app on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let dist: string;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'hongyun-web-'));
    fs.mkdirSync(path.join(dist, 'm'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(dist, 'm/index.html'), '<!doctype html><title>phone</title>');
    fs.writeFileSync(path.join(dist, 'assets/console-abc123.js'), 'console.log(1)');
    fs.mkdirSync(path.join(dist, '.vite'));
    fs.writeFileSync(path.join(dist, '.vite/manifest.json'), '{}');
    app = await buildApp(t.ctx, { logger: false, webRoot: dist });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it("answers the console's and the phone pages' routes with their page, revalidated on each load", async () => {
    for (const url of ['/', '/requests/12', '/register/compounds/3?tab=history', '/login']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>console</title>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    for (const url of ['/m', '/m/', '/m/requests/5', '/m/new']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>phone</title>');
    }
  });

  it('serves hashed assets for a year, and a rebuilt file at once', async () => {
    const asset = await get('/assets/console-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    fs.writeFileSync(path.join(dist, 'assets/console-def456.js'), 'console.log(2)');
    expect((await get('/assets/console-def456.js')).body).toBe('console.log(2)');
  });

  it('leaves missing assets, the API and other methods to their plain 404s', async () => {
    for (const url of ['/assets/nope.js', '/m/assets/nope.js']) {
      const missing = await get(url);
      expect(missing.statusCode, url).toBe(404);
      expect(missing.json().error.code, url).toBe('not_found');
    }
    // The build's own bookkeeping is not for browsers.
    expect((await get('/.vite/manifest.json')).statusCode).toBeGreaterThanOrEqual(403);
    expect((await get('/.vite/manifest.json')).body).not.toBe('{}');
    expect((await app.inject({ method: 'POST', url: '/requests' })).statusCode).toBe(404);
    expect((await get('/api/v1/auth/session')).json()).toEqual({ account: null });
    expect((await get('/healthz')).json()).toEqual({ ok: true });
  });
});
