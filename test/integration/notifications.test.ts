// The in-app inbox and outgoing webhooks over HTTP: who is told of what, one's own
// notifications only, webhook management in scope, signed deliveries to a real local server,
// retries with backoff, and the delivery log. Only loopback addresses are used.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhooks, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../src/modules/notifications/webhooks.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { addTestCategories } from '../helpers/requests.js';
import { buildWorld, type World } from '../helpers/world.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 answering with the statuses given, then 200. */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hongyun`;
  return { received, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const hmac = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe.each(dialects())('notifications and webhooks on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;
  let resident: Client;
  let property: Client;
  let community: Client;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    await addTestCategories(t.ctx, world.a.district);
    app = await startApp(t);
    resident = await loginAs(app, world.users.resident);
    property = await loginAs(app, world.users.property_staff);
    community = await loginAs(app, world.users.community_staff);
  });
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const place = async (compoundId = world.a.compound) => {
    const res = await resident.post('/api/v1/requests', {
      categoryCode: 'corridor_light',
      description: '2栋楼道灯不亮',
      attributes: { floor: 4 },
      location: { compoundId },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; number: string };
  };

  type Note = { id: number; type: string; text: string; requestId: number | null; readAt: string | null };
  const inbox = async (client: Client, query = '') => {
    const res = await client.get(`/api/v1/notifications${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Note[]; unread: number; next: number | null };
  };
  const about = async (client: Client, id: number) => (await inbox(client, '?limit=200')).items.filter((n) => n.requestId === id);

  describe('inbox', () => {
    it('tells the handler of an assignment, the reporter of the resolution, the handler of the rating', async () => {
      const r = await place();
      expect(await about(property, r.id)).toMatchObject([{ type: 'request.assigned', readAt: null }]);
      expect((await about(property, r.id))[0]!.text).toContain(r.number);
      // Nobody else in the company's line hears of it, and the resident is not told of their own submission.
      expect(await about(resident, r.id)).toEqual([]);
      expect(await about(community, r.id)).toEqual([]);

      await property.post(`/api/v1/requests/${r.id}/accept`, { version: 1 });
      await property.post(`/api/v1/requests/${r.id}/resolve`, { version: 2, note: '已更换灯泡' });
      expect(await about(resident, r.id)).toMatchObject([{ type: 'request.resolved', text: `您的诉求 ${r.number} 已办结，请评价` }]);
      await resident.post(`/api/v1/requests/${r.id}/rate`, { version: 3, solved: true, satisfaction: 'basically_satisfied' });
      const handler = await about(property, r.id);
      expect(handler.map((n) => n.type)).toEqual(['request.rated', 'request.assigned']);
      expect(handler[0]!.text).toBe(`诉求 ${r.number} 已获评价：已解决，基本满意`);
    });

    it('sends a request with no property company to the grid worker, and a returned one to dispatch', async () => {
      const res = await resident.post('/api/v1/requests', {
        categoryCode: 'stray_dog',
        description: '小区门口有流浪狗',
        location: { compoundId: world.a.compound },
      });
      const r = res.json() as { id: number; number: string };
      const worker = await loginAs(app, world.users.grid_worker);
      expect(await about(worker, r.id)).toMatchObject([{ type: 'request.assigned' }]);
      await worker.post(`/api/v1/requests/${r.id}/return`, { version: 1, reason: '不属于网格职责' });
      expect(await about(community, r.id)).toMatchObject([{ type: 'request.returned', text: `诉求 ${r.number} 被退回：不属于网格职责，请重新派单` }]);
    });

    it('tells a supervised handler of the note, and the merged reporter once', async () => {
      const main = await place();
      const dup = await place();
      await community.post(`/api/v1/requests/${main.id}/supervise`, { version: 1, note: '请今天处理' });
      expect((await about(property, main.id)).map((n) => n.text)).toContain(`诉求 ${main.number} 收到督办意见：请今天处理`);
      await community.post(`/api/v1/requests/${dup.id}/merge`, { version: 1, intoId: main.id });
      const merged = (await inbox(resident, '?limit=200')).items.filter((n) => n.type === 'request.merged');
      expect(merged.filter((n) => n.text.includes(dup.number))).toHaveLength(1);
    });

    it('pages newest first, counts unread, and marks one or all read', async () => {
      for (let i = 0; i < 3; i++) await place();
      const all = await inbox(property, '?limit=200');
      expect(all.unread).toBe(all.items.filter((n) => n.readAt === null).length);
      const ids = all.items.map((n) => n.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));

      const first = await inbox(property, '?limit=2');
      expect(first.items.map((n) => n.id)).toEqual(ids.slice(0, 2));
      const second = await inbox(property, `?limit=2&before=${first.next}`);
      expect(second.items.map((n) => n.id)).toEqual(ids.slice(2, 4));

      const read = await property.post(`/api/v1/notifications/${ids[0]}/read`);
      expect(read.statusCode).toBe(200);
      expect(read.json().readAt).toBe(t.clock.now.toISOString());
      expect((await inbox(property)).unread).toBe(all.unread - 1);
      expect((await inbox(property, '?unread=true&limit=200')).items.map((n) => n.id)).not.toContain(ids[0]);

      const done = await property.post('/api/v1/notifications/read-all');
      expect(done.json()).toEqual({ updated: all.unread - 1 });
      expect((await inbox(property)).unread).toBe(0);
    });

    it("answers another account's notification exactly like a missing one", async () => {
      const mine = (await inbox(property)).items[0]!;
      const theirs = await resident.post(`/api/v1/notifications/${mine.id}/read`);
      const missing = await resident.post('/api/v1/notifications/2000000000/read');
      expect(theirs.statusCode).toBe(404);
      expect(theirs.json()).toEqual(missing.json());
      expect((await inbox(resident, '?limit=200')).items.map((n) => n.id)).not.toContain(mine.id);
    });
  });

  describe('webhooks', () => {
    it('are managed by staff for org units in their scope, the secret shown once', async () => {
      const created = await community.post('/api/v1/webhooks', { orgUnitId: world.a.community, url: 'https://example.org/hongyun' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ orgUnitId: world.a.community, url: 'https://example.org/hongyun', active: true });
      expect(created.json().secret).toMatch(/^whsec_[\w-]{32}$/);
      const listed = (await community.get('/api/v1/webhooks')).json();
      expect(listed.items.map((w: { id: number }) => w.id)).toContain(created.json().id);
      expect(JSON.stringify(listed)).not.toContain(created.json().secret);

      const ftp = await community.post('/api/v1/webhooks', { orgUnitId: world.a.community, url: 'ftp://example.org/x' });
      expect(ftp.statusCode).toBe(400);
      expect(ftp.json().error.details[0].field).toBe('url');
      const outside = await community.post('/api/v1/webhooks', { orgUnitId: world.a.other.community, url: 'https://example.org/x' });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.details[0].field).toBe('orgUnitId');
      expect((await property.post('/api/v1/webhooks', { orgUnitId: world.a.community, url: 'https://example.org/x' })).statusCode).toBe(403);

      const otherDistrict = await loginAs(app, world.adminB);
      expect((await otherDistrict.get(`/api/v1/webhooks/${created.json().id}`)).statusCode).toBe(404);
      expect((await otherDistrict.delete(`/api/v1/webhooks/${created.json().id}`)).statusCode).toBe(404);
      expect((await community.delete(`/api/v1/webhooks/${created.json().id}`)).statusCode).toBe(204);
      expect((await community.get(`/api/v1/webhooks/${created.json().id}`)).statusCode).toBe(404);
    });

    it('posts each event in the subtree, signed with the secret, and logs the delivery', async () => {
      const server = await receiver();
      closers.push(server.close);
      const hook = (await community.post('/api/v1/webhooks', { orgUnitId: world.a.community, url: server.url })).json();
      closers.push(async () => void (await community.delete(`/api/v1/webhooks/${hook.id}`)));

      const r = await place();
      // Queued in the event's own transaction, before any worker runs.
      const queued = await t.db.selectFrom('webhookDeliveries').selectAll().where('webhookId', '=', hook.id).execute();
      expect(queued).toMatchObject([{ status: 'pending', attempts: 0 }]);
      // A request in another community is not this webhook's business.
      await place(world.a.other.compound);

      expect(await deliverWebhooks(t.ctx)).toMatchObject({ attempted: 1, delivered: 1 });
      expect(server.received).toHaveLength(1);
      const [got] = server.received;
      expect(got!.headers['x-hongyun-signature']).toBe(hmac(hook.secret, got!.body));
      expect(got!.headers['x-hongyun-event']).toBe('request.submitted');
      expect(got!.headers['content-type']).toMatch(/^application\/json/);
      const payload = JSON.parse(got!.body);
      expect(payload.event).toMatchObject({ type: 'request.submitted', seq: 1, toState: 'submitted' });
      expect(payload.request).toMatchObject({ id: r.id, number: r.number, state: 'submitted', version: 1, communityId: world.a.community });
      expect(got!.body).not.toContain('13912345678');

      const log = (await community.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json();
      expect(log.items).toMatchObject([
        { eventType: 'request.submitted', requestId: r.id, requestNumber: r.number, status: 'delivered', attempts: 1, lastStatus: 200, lastError: null },
      ]);
      // Nothing is sent twice.
      expect(await deliverWebhooks(t.ctx)).toMatchObject({ attempted: 0 });
    });

    it('retries a failed delivery after the backoff, with the same signed bytes', async () => {
      const server = await receiver([500]);
      closers.push(server.close);
      const hook = (await community.post('/api/v1/webhooks', { orgUnitId: world.a.grid, url: server.url })).json();
      closers.push(async () => void (await community.delete(`/api/v1/webhooks/${hook.id}`)));
      await place();

      expect(await deliverWebhooks(t.ctx)).toMatchObject({ attempted: 1, retrying: 1 });
      let log = (await community.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json();
      const retryAt = new Date(t.clock.now.getTime() + RETRY_DELAYS_MS[0]!).toISOString();
      expect(log.items[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: retryAt });
      // Not before its time.
      expect(await deliverWebhooks(t.ctx)).toMatchObject({ attempted: 0 });

      const start = t.clock.now;
      try {
        t.clock.now = new Date(retryAt);
        expect(await deliverWebhooks(t.ctx)).toMatchObject({ attempted: 1, delivered: 1 });
        log = (await community.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json();
      } finally {
        t.clock.now = start;
      }
      expect(log.items[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null, nextAttemptAt: null });
      expect(server.received).toHaveLength(2);
      expect(server.received[1]!.body).toBe(server.received[0]!.body);
      expect(server.received[1]!.headers['x-hongyun-signature']).toBe(hmac(hook.secret, server.received[0]!.body));
    });

    it('gives up after the last retry and says why', async () => {
      // A port that was just closed: connection refused on loopback.
      const gone = await receiver();
      await gone.close();
      const hook = (await community.post('/api/v1/webhooks', { orgUnitId: world.a.community, url: gone.url })).json();
      closers.push(async () => void (await community.delete(`/api/v1/webhooks/${hook.id}`)));
      await place();
      const start = t.clock.now;
      try {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          const report = await deliverWebhooks(t.ctx);
          expect(report).toMatchObject(attempt < MAX_ATTEMPTS ? { attempted: 1, retrying: 1 } : { attempted: 1, failed: 1 });
          if (attempt < MAX_ATTEMPTS) t.clock.now = new Date(t.clock.now.getTime() + RETRY_DELAYS_MS[attempt - 1]!);
        }
        expect(await deliverWebhooks(t.ctx)).toMatchObject({ attempted: 0 });
      } finally {
        t.clock.now = start;
      }
      const log = (await community.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json();
      expect(log.items[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatus: null, nextAttemptAt: null });
      expect(log.items[0].lastError).toMatch(/ECONNREFUSED/);
    });
  });
});
