// The calendar endpoints over HTTP: working time between two instants (the console's countdown
// to a due time), agreeing with the due-time arithmetic of /calendar/add.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/types.js';
import { dialects, openTestDb, type TestDb } from '../helpers/db.js';
import { anonymous, type Client, loginAs, startApp } from '../helpers/http.js';
import { buildWorld, type World } from '../helpers/world.js';

/** A Shanghai wall-clock time, 'YYYY-MM-DDTHH:mm', as a URL-encoded ISO instant. */
const sh = (local: string) => encodeURIComponent(`${local}:00+08:00`);

describe.each(dialects())('calendar routes on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let world: World;
  let property: Client;
  let admin: Client;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    world = await buildWorld(t.ctx);
    app = await startApp(t);
    property = await loginAs(app, world.users.property_staff);
    admin = await loginAs(app, world.users.district_admin);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const between = (client: Client, query: string) => client.get(`/api/v1/calendar/between?${query}`);

  it('counts working time from now to a due time', async () => {
    // The test clock stands at Sunday 2026-11-29 10:00 Shanghai; Monday 08:30–10:00 is 90 minutes.
    const res = await between(property, `to=${sh('2026-11-30T10:00')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: '2026-11-29T02:00:00.000Z',
      to: '2026-11-30T02:00:00.000Z',
      workingMinutes: 90,
      calendarMinutes: 24 * 60,
      overdue: false,
      workingDayMinutes: 7 * 60,
      uncertain: false,
    });
  });

  it('skips the Spring Festival and counts the 调休 Saturday', async () => {
    const res = await between(property, `from=${sh('2026-02-13T18:00')}&to=${sh('2026-02-24T08:30')}`);
    expect(res.json()).toMatchObject({ workingMinutes: 7 * 60, overdue: false });
  });

  it('is negative and overdue once the due time has passed', async () => {
    const res = await between(property, `from=${sh('2026-03-11T10:30')}&to=${sh('2026-03-10T17:00')}`);
    expect(res.json()).toMatchObject({ workingMinutes: -180, calendarMinutes: -(17 * 60 + 30), overdue: true });
    // The test clock moves on past a due time: the same question from "now" turns negative.
    t.clock.now = new Date('2026-12-01T02:00:00.000Z'); // Tuesday 10:00
    try {
      const later = await loginAs(app, world.users.property_staff); // sessions idle out over two days
      const late = await between(later, `to=${sh('2026-11-30T10:00')}`);
      expect(late.json()).toMatchObject({ workingMinutes: -7 * 60, calendarMinutes: -24 * 60, overdue: true });
    } finally {
      t.clock.now = new Date('2026-11-29T02:00:00.000Z');
    }
  });

  it('agrees with /calendar/add: the span to a limit of N working days is N working days', async () => {
    const start = sh('2026-11-29T10:00');
    const added = (await admin.get(`/api/v1/calendar/add?start=${start}&workingDays=3`)).json();
    expect(added.due).toBe('2026-12-02T10:00:00.000Z');
    const res = await between(admin, `from=${start}&to=${encodeURIComponent(added.due)}`);
    expect(res.json()).toMatchObject({ workingMinutes: 3 * 7 * 60, uncertain: false });
  });

  it('flags a span reaching into a year without official data', async () => {
    const res = await between(property, `from=${sh('2026-12-30T10:00')}&to=${sh('2027-01-05T10:00')}`);
    expect(res.json()).toMatchObject({ uncertain: true, overdue: false });
    // Fri 1 Jan 2027 is guessed a working day (no data); Thu 31 Dec and Mon–Tue count anyway.
    expect(res.json().workingMinutes).toBeGreaterThan(0);
  });

  it('follows a year an admin entered', async () => {
    const put = await admin.request('PUT', '/api/v1/calendar/years/2027', { workdays: [], holidays: ['2027-01-01'] });
    expect(put.statusCode).toBe(200);
    const res = await between(property, `from=${sh('2026-12-31T18:00')}&to=${sh('2027-01-04T08:30')}`);
    // Thursday evening to Monday morning: the holiday Friday and the weekend hold no working time.
    expect(res.json()).toMatchObject({ workingMinutes: 0, uncertain: false });
    // Entering a year with no days removes it again.
    expect((await admin.request('PUT', '/api/v1/calendar/years/2027', { workdays: [], holidays: [] })).statusCode).toBe(200);
    const again = await between(property, `from=${sh('2026-12-31T18:00')}&to=${sh('2027-01-04T08:30')}`);
    expect(again.json()).toMatchObject({ workingMinutes: 7 * 60, uncertain: true });
  });

  it('refuses bad input and anonymous callers', async () => {
    const missing = await between(property, '');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.map((d: { field: string }) => d.field)).toContain('querystring.to');
    const malformed = await between(property, `to=tomorrow`);
    expect(malformed.statusCode).toBe(400);
    const tooLong = await between(property, `from=${sh('2020-01-01T10:00')}&to=${sh('2026-11-30T10:00')}`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details).toEqual([expect.objectContaining({ field: 'querystring.to' })]);
    expect((await between(anonymous(app), `to=${sh('2026-11-30T10:00')}`)).statusCode).toBe(401);
  });
});
