// HTTP routes of the figures: GET /figures (a unit's or compound's figures over a period) and
// GET /requests/events (the NDJSON audit export they can be recomputed from).
import { Type } from 'typebox';
import { REQUEST_STATES } from '../../core/lifecycle.js';
import { CHANNELS } from '../../core/vocabulary.js';
import type { App, Context } from '../../server/types.js';
import { accountOf, errorResponses } from '../shared/http.js';
import { DateOnly, Id, Nullable } from '../shared/schemas.js';
import { exportEvents, figureReport } from './service.js';

const tags = ['figures 统计'];
const count = Type.Integer({ minimum: 0 });
const rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
const minutes = Nullable(Type.Number({ minimum: 0 }));

const figureFields = {
  requests: count,
  byState: Type.Object(Object.fromEntries(REQUEST_STATES.map((s) => [s, count]))),
  overdue: count,
  responseRate: rate,
  resolutionRate: rate,
  satisfactionRate: rate,
  averageAcceptMinutes: minutes,
  averageResolveMinutes: minutes,
  accepted: count,
  rated: count,
};
const named = {
  kind: Type.Union([Type.Literal('district'), Type.Literal('street'), Type.Literal('community'), Type.Literal('grid'), Type.Literal('compound')]),
  id: Type.Integer(),
  name: Nullable(Type.String()),
};
const score = {
  rank: Type.Integer({ minimum: 1 }),
  requests: count,
  responseRate: rate,
  satisfactionRate: rate,
  resolutionRate: rate,
};

const fraction = Type.Object({ numerator: count, denominator: count });

const FigureOut = Type.Object({
  unit: Type.Object(named),
  company: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  from: Type.String(),
  to: Type.String(),
  ...figureFields,
  rateCounts: Type.Object(
    { response: fraction, resolution: fraction, satisfaction: fraction },
    {
      description:
        'what each rate divides: requests accepted in time over those accepted or past their accept limit; rated ' +
        '"solved", and rated satisfied or basically satisfied, over those rated',
    },
  ),
  byMonth: Type.Array(Type.Object({ month: Type.String(), ...figureFields })),
  byChild: Type.Array(Type.Object({ ...named, ...figureFields })),
  childRanking: Type.Array(Type.Object({ ...score, ...named })),
  byChannel: Type.Array(Type.Object({ channel: Type.String({ description: CHANNELS.join(', ') }), requests: count })),
  byCategory: Type.Optional(
    Type.Array(Type.Object({ categoryCode: Type.String(), nameZh: Type.String(), nameEn: Type.String(), requests: count })),
  ),
  companyRanking: Type.Optional(
    Type.Array(Type.Object({ rank: Type.Integer({ minimum: 1 }), id: Type.Integer(), name: Nullable(Type.String()), ...figureFields })),
  ),
  communityRanking: Type.Optional(Type.Array(Type.Object({ ...score, ...named }), { description: 'with communities=true, for a district or street' })),
});

const FigureQuery = Type.Object(
  {
    unit: Type.Optional({ ...Id, description: 'a district, street, community or grid; the caller’s scope when neither unit nor compound is given' }),
    compound: Type.Optional({ ...Id, description: 'a compound instead of a unit' }),
    company: Type.Optional({ ...Id, description: 'only the requests this property company handles' }),
    from: { ...DateOnly, description: 'first day placed (Asia/Shanghai), YYYY-MM-DD' },
    to: { ...DateOnly, description: 'last day placed (Asia/Shanghai), YYYY-MM-DD, at most 1096 days after from' },
    communities: Type.Optional(Type.Boolean({ description: 'true: also rank every community of a district or street (communityRanking)' })),
  },
  { additionalProperties: false },
);

const ExportQuery = Type.Object(
  {
    since: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'the last event id already read (X-Next-Since of the previous page)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 })),
  },
  { additionalProperties: false },
);

export async function figureRoutes(app: App, ctx: Context) {
  app.get(
    '/figures',
    {
      schema: {
        tags,
        summary: 'Figures of a unit or compound over a period, with months, children and rankings',
        description:
          'Counts the requests placed in the unit from `from` to `to` (both days included). Rates leave merged and cancelled ' +
          'requests out. `childRanking` and `companyRanking` order by responseRate, then satisfactionRate, then resolutionRate ' +
          '(higher first, missing figures last), then by requests; equal scores share a rank. With `company`, the figures are of ' +
          'the requests that company handles now, and byCategory and companyRanking are left out. Property staff may ask only ' +
          'for their own company. Without unit or compound, the report is of the caller’s scope. With `communities=true`, a ' +
          'district or street report adds `communityRanking`: every community in it, ranked in the same order.',
        querystring: FigureQuery,
        response: { 200: FigureOut, ...errorResponses },
      },
    },
    async (request) => figureReport(ctx, accountOf(request), request.query),
  );

  app.get(
    '/requests/events',
    {
      schema: {
        tags,
        summary: 'The events of every request in scope, oldest first, as NDJSON (application/x-ndjson)',
        description:
          'One JSON object a line: {id, requestId, number, seq, type, at, actorId, from, to, data, request}. Pass the ' +
          'X-Next-Since header of a page as `since` for the next one; a page with fewer lines than `limit` is the last for now. ' +
          'Replaying each request’s events (src/core/lifecycle.ts) and summing contribution() gives every figure of /figures.',
        querystring: ExportQuery,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { since = 0, limit = 1000 } = request.query;
      const page = await exportEvents(ctx, accountOf(request), since, limit);
      const body = page.events.map((e) => `${JSON.stringify(e)}\n`).join('');
      return reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('x-next-since', String(page.next)).send(body as never);
    },
  );
}
