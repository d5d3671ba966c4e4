// Login, sessions, CSRF, API tokens and the login rate limit, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/modules/accounts/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createDistrict } from '../../src/modules/orgs/service.js';
import { systemAccount } from '../../src/modules/shared/account.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { anonymous, loginAs, startApp } from '../helpers/http.js';

describe.each(dialects())('auth on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let adminId: number;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const district = await createDistrict(t.ctx, { name: '测试区' });
    const admin = await createUser(t.ctx, systemAccount(district.id), {
      username: 'admin',
      displayName: '管理员',
      password: 'test-password',
      role: 'district_admin',
      scopeUnitId: district.id,
    });
    adminId = admin.id;
    await createUser(t.ctx, systemAccount(district.id), {
      username: 'locked',
      displayName: '锁定测试',
      password: 'test-password',
      role: 'district_admin',
      scopeUnitId: district.id,
    });
    app = await startApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('logs in, tells who is logged in, and logs out', async () => {
    const admin = await loginAs(app, 'admin');
    const me = await admin.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'admin', role: 'district_admin', scope: { kind: 'district', name: '测试区' } });
    expect((await admin.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it("answers /auth/session without an error either way, with the role's grants", async () => {
    expect((await anonymous(app).get('/api/v1/auth/session')).json()).toEqual({ account: null });
    const admin = await loginAs(app, 'admin');
    const session = (await admin.get('/api/v1/auth/session')).json();
    expect(session.account).toMatchObject({ username: 'admin', role: 'district_admin' });
    expect(session.account.csrfToken).toMatch(/^hyc_/);
    // The grants are the permission table's: a district admin manages accounts; a resident reads compounds only.
    expect(session.account.grants).toMatchObject({ users: 'rcud', compounds: 'rcud', stats: 'r' });
    expect((await admin.get('/api/v1/auth/me')).json().grants).toEqual(session.account.grants);
  });

  it('sets an httpOnly SameSite session cookie', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'test-password' } });
    const cookie = res.cookies.find((c) => c.name === 'hy_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json().csrfToken).toMatch(/^hyc_/);
  });

  it('refuses a wrong password and an unknown user the same way', async () => {
    const wrong = await anonymous(app).post('/api/v1/auth/login', { username: 'admin', password: 'nope-nope' });
    const unknown = await anonymous(app).post('/api/v1/auth/login', { username: 'nobody', password: 'nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  it('answers 401 without a login and never leaks a stack trace', async () => {
    const res = await anonymous(app).get('/api/v1/compounds');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), details: [] } });
  });

  it('requires the CSRF header on unsafe methods with a session', async () => {
    const admin = await loginAs(app, 'admin');
    const without = await admin.request('POST', '/api/v1/streets', { name: '新街道' }, { 'x-csrf-token': 'wrong' });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.message).toMatch(/x-csrf-token/);
    const count = await t.db.selectFrom('orgUnits').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', '新街道').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    const withHeader = await admin.post('/api/v1/streets', { name: '新街道' });
    expect(withHeader.statusCode).toBe(201);
  });

  it('accepts API tokens without CSRF and stops accepting them once revoked', async () => {
    const token = await createToken(t.ctx, adminId, 'script');
    const auth = { authorization: `Bearer ${token.token}` };
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: auth });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBeNull();
    const write = await app.inject({ method: 'POST', url: '/api/v1/streets', headers: auth, payload: { name: '令牌街道' } });
    expect(write.statusCode).toBe(201);
    const revoke = await app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${token.id}`, headers: auth });
    expect(revoke.statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: auth });
    expect(after.statusCode).toBe(401);
  });

  it('rate-limits repeated failed logins for a username, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await anonymous(app).post('/api/v1/auth/login', { username: 'locked', password: `wrong-${i}` });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await anonymous(app).post('/api/v1/auth/login', { username: 'locked', password: 'test-password' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    // Time passes: the window closes and the right password works again.
    t.clock.now = new Date(t.clock.now.getTime() + 16 * 60_000);
    const later = await anonymous(app).post('/api/v1/auth/login', { username: 'locked', password: 'test-password' });
    expect(later.statusCode).toBe(200);
  });
});
