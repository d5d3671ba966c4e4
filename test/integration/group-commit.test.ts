// Group commit: concurrent request writes share a transaction, yet each stays all-or-nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupWrite, MAX_GROUP } from '../../src/modules/requests/groupCommit.js';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { type Client, loginAs, startApp } from '../helpers/http.js';
import { addTestCategories } from '../helpers/requests.js';
import { buildWorld, type World } from '../helpers/world.js';

describe.each(dialects())('group commit on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;
  let resident: Client;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    await addTestCategories(t.ctx, world.a.district);
    app = await startApp(t);
    resident = await loginAs(app, world.users.resident);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const keys = async (prefix: string) =>
    (await t.db.selectFrom('meta').select('key').where('key', 'like', `${prefix}%`).orderBy('key').execute()).map((r) => r.key);

  it('commits the writes of one turn together and answers each with its own result', async () => {
    const n = MAX_GROUP + 8;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        groupWrite(t.ctx, async (trx) => {
          await trx.insertInto('meta').values({ key: `together-${String(i).padStart(2, '0')}`, value: String(i) }).execute();
          return i * 10;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: n }, (_, i) => i * 10));
    expect(await keys('together-')).toHaveLength(n);
  });

  it('rolls back only the write that failed; its neighbours commit', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        groupWrite(t.ctx, async (trx) => {
          await trx.insertInto('meta').values({ key: `alone-${i}`, value: String(i) }).execute();
          if (i === 4) throw new Error('write 4 fails after writing');
          return i;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(Array.from({ length: 10 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled')));
    expect((outcomes[4] as PromiseRejectedResult).reason.message).toBe('write 4 fails after writing');
    expect(await keys('alone-')).toEqual(['alone-0', 'alone-1', 'alone-2', 'alone-3', 'alone-5', 'alone-6', 'alone-7', 'alone-8', 'alone-9']);
  });

  it('numbers parallel intakes once each, without gaps, one submitted event apiece', async () => {
    const before = await t.db.selectFrom('requests').select('id').execute();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        resident.post('/api/v1/requests', {
          categoryCode: 'corridor_light',
          description: `${i + 1}栋楼道灯坏了`,
          attributes: { floor: 2 },
          location: { compoundId: world.a.compound },
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 40 }, () => 201));
    const serials = answers.map((a) => Number(a.json().number.split('-')[2])).sort((a, b) => a - b);
    const first = serials[0]!;
    expect(serials).toEqual(Array.from({ length: 40 }, (_, i) => first + i));
    expect(first).toBe(before.length + 1);
    const events = await t.db
      .selectFrom('requestEvents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'request.submitted')
      .where('requestId', 'in', answers.map((a) => a.json().id as number))
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(40);
  });

  it('answers two racing retries of one Idempotency-Key with one request, amid other intakes', async () => {
    const body = (i: number) => ({ categoryCode: 'corridor_light', description: `${i}号楼灯坏`, attributes: { floor: 1 }, location: { compoundId: world.a.compound } });
    const answers = await Promise.all([
      resident.request('POST', '/api/v1/requests', body(1), { 'idempotency-key': 'group-race-0001' }),
      resident.post('/api/v1/requests', body(2)),
      resident.request('POST', '/api/v1/requests', body(1), { 'idempotency-key': 'group-race-0001' }),
      resident.post('/api/v1/requests', body(3)),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201, 201, 201]);
    expect(answers[0]!.json().id).toBe(answers[2]!.json().id);
    const ids = new Set(answers.map((a) => a.json().id));
    expect(ids.size).toBe(3);
  });
});
