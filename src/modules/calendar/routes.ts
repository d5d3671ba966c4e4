// HTTP routes for the official calendar: due-time arithmetic for the console and for checks,
// and the years admins enter when the State Council publishes them.
import { Type } from 'typebox';
import { toShanghaiDate } from '../../core/calendar.js';
import { errors } from '../../core/errors.js';
import type { App, Context } from '../../server/types.js';
import { accountOf } from '../shared/http.js';
import { calendarFor, listYears, setYear, workingSpan } from './service.js';

const Amount = Type.Number({ exclusiveMinimum: 0, maximum: 10_000 });

export async function calendarRoutes(app: App, ctx: Context) {
  const tags = ['calendar 工作日历'];

  app.get(
    '/calendar/add',
    {
      schema: {
        tags,
        summary: 'When a limit counted from `start` ends: give exactly one of workingDays, workingHours, calendarHours',
        querystring: Type.Object(
          {
            start: Type.String({ format: 'date-time' }),
            workingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            workingHours: Type.Optional(Amount),
            calendarHours: Type.Optional(Amount),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { start, workingDays, workingHours, calendarHours } = request.query;
      const given = [workingDays, workingHours, calendarHours].filter((v) => v !== undefined);
      if (given.length !== 1) throw errors.field('querystring', 'give exactly one of workingDays, workingHours, calendarHours');
      const calendar = await calendarFor(ctx);
      const from = new Date(start);
      const result =
        workingDays !== undefined
          ? calendar.addWorkingDays(from, workingDays)
          : workingHours !== undefined
            ? calendar.addWorkingHours(from, workingHours)
            : calendar.addCalendarHours(from, calendarHours!);
      return { start: from.toISOString(), due: result.due.toISOString(), dueLocalDate: toShanghaiDate(result.due), uncertain: result.uncertain };
    },
  );

  app.get(
    '/calendar/between',
    {
      schema: {
        tags,
        summary: 'Working time from `from` (default: now) to `to` on the official calendar, negative once `to` has passed',
        description:
          'The countdown to a due time: `workingMinutes` (and `calendarMinutes` for urgent categories) are negative and ' +
          '`overdue` is true when `to` lies before `from`. `workingDayMinutes` is the length of a working day; ' +
          '`uncertain` says the span touches a year with no official data.',
        querystring: Type.Object(
          { from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.String({ format: 'date-time' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return workingSpan(ctx, from === undefined ? ctx.now() : new Date(from), new Date(to));
    },
  );

  app.get('/calendar/years', { schema: { tags, summary: 'Years with official data, and the years admins entered' } }, async () =>
    listYears(ctx),
  );

  app.put(
    '/calendar/years/:year',
    {
      schema: {
        tags,
        summary: "Enter a year's official schedule: working weekends (调休) and weekday holidays",
        params: Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2200 }) }, { additionalProperties: false }),
        body: Type.Object(
          {
            workdays: Type.Array(Type.String({ format: 'date' }), { maxItems: 60 }),
            holidays: Type.Array(Type.String({ format: 'date' }), { maxItems: 60 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await setYear(ctx, accountOf(request), { year: request.params.year, ...request.body });
      return listYears(ctx);
    },
  );
}
