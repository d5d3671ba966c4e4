// HTTP routes for lists of requests: the filtered list with keyset pagination, the inbox
// counts of the caller's role, and the CSV/XLSX export of a filtered list. All scoped.
import { Type } from 'typebox';
import { toShanghaiDate } from '../../core/calendar.js';
import { REQUEST_STATES, type RequestState } from '../../core/lifecycle.js';
import { CHANNELS } from '../../core/vocabulary.js';
import type { App, Context } from '../../server/types.js';
import type { Account } from '../shared/account.js';
import { accountOf } from '../shared/http.js';
import { Id, MAX_ID, Nullable } from '../shared/schemas.js';
import { csvStream, type Lang, type Presented, xlsxStream } from './export.js';
import {
  allRequests,
  countRequests,
  DEFAULT_LIMIT,
  decodeCursor,
  inboxCounts,
  type ListFilters,
  listRequests,
  MAX_LIMIT,
  tooManyRows,
  VIEWS,
} from './lists.js';
import { presentRequests } from './presenters.js';

/** Rows one export may hold; beyond it, a district's year is better read through the figures. */
export const MAX_EXPORT_ROWS = 100_000;
/** Rows presented at a time while exporting: bounded queries, bounded memory. */
const EXPORT_BATCH = 1000;

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const STATE_LIST = `^(${REQUEST_STATES.join('|')})(,(${REQUEST_STATES.join('|')}))*$`;

const filterFields = {
  state: Type.Optional(
    Type.Union([Type.Array(literals(REQUEST_STATES), { minItems: 1, maxItems: REQUEST_STATES.length }), Type.String({ pattern: STATE_LIST })], {
      description: 'one state, several comma-separated, or the parameter repeated',
    }),
  ),
  categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  unit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'an org unit (street, community or grid): requests placed inside it' })),
  compoundId: Type.Optional(Id),
  channel: Type.Optional(literals(CHANNELS)),
  from: Type.Optional(Type.String({ format: 'date', description: 'placed on or after this day (Asia/Shanghai), YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'placed on or before this day (Asia/Shanghai), YYYY-MM-DD' })),
  overdue: Type.Optional(Type.Boolean({ description: 'true: overdue for acceptance or resolution' })),
  handlerCompanyId: Type.Optional(Id),
  handlerUserId: Type.Optional(Id),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Chinese full-text search in the description' })),
  view: Type.Optional(literals(VIEWS)),
};

const ListQuery = Type.Object(
  {
    ...filterFields,
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
  },
  { additionalProperties: false },
);

const ExportQuery = Type.Object(
  {
    ...filterFields,
    format: Type.Optional(literals(['csv', 'xlsx'])),
    lang: Type.Optional(literals(['zh', 'en'])),
  },
  { additionalProperties: false },
);

type FilterQuery = Omit<ListFilters, 'state'> & { state?: string | string[] };

function filtersOf(query: FilterQuery): ListFilters {
  const { state, ...rest } = query;
  const filters: ListFilters = rest;
  if (state !== undefined) filters.state = (Array.isArray(state) ? state : state.split(',')) as RequestState[];
  return filters;
}

const MEDIA = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export async function listRoutes(app: App, ctx: Context) {
  const tags = ['requests 诉求'];

  app.get(
    '/requests',
    {
      schema: {
        tags,
        summary: 'Requests in scope, newest first, filtered; pages by cursor',
        description:
          'Filters combine. `view` picks an inbox of the caller\'s role (see /requests/inbox). ' +
          'Pass the `nextCursor` of a page as `cursor` for the next; it is null on the last page.',
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Type.Unknown()), nextCursor: Nullable(Type.String()) }),
        },
      },
    },
    async (request) => {
      const account = accountOf(request);
      const { cursor, limit, ...query } = request.query;
      const page = await listRequests(ctx, account, filtersOf(query), {
        cursor: cursor === undefined ? null : decodeCursor(cursor),
        limit: limit ?? DEFAULT_LIMIT,
      });
      return { items: await presentRequests(ctx, account, page.rows, { requestId: request.id, detail: false }), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/requests/inbox',
    {
      schema: {
        tags,
        summary: 'How many requests wait in each inbox view of the caller\'s role (for badges)',
        response: { 200: Type.Object({ views: Type.Record(Type.String(), Type.Integer()) }) },
      },
    },
    async (request) => ({ views: await inboxCounts(ctx, accountOf(request)) }),
  );

  app.get(
    '/requests/export',
    {
      schema: {
        tags,
        summary: `Every request the filters match, as CSV or XLSX (at most ${MAX_EXPORT_ROWS})`,
        description:
          'Chinese column headers unless `lang=en`; times in Asia/Shanghai; reporter phones masked as in the list. ' +
          'CSV is UTF-8 with a byte-order mark.',
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { format = 'csv', lang = 'zh', ...query } = request.query;
      const file = await openExport(ctx, accountOf(request), filtersOf(query), { format, lang, requestId: request.id, max: MAX_EXPORT_ROWS });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
}

/**
 * Checks the size of an export, then streams it. A request over `max` rows is refused before
 * anything is written, so the client gets a clear 400 rather than a truncated file.
 */
export async function openExport(
  ctx: Context,
  account: Account,
  filters: ListFilters,
  options: { format: 'csv' | 'xlsx'; lang: Lang; requestId: string | null; max: number },
) {
  const count = await countRequests(ctx, account, filters);
  if (count > options.max) throw tooManyRows(count, options.max);
  const batches = presentedBatches(ctx, account, filters, options.requestId, options.max);
  return {
    filename: `requests-${toShanghaiDate(ctx.now()).replaceAll('-', '')}.${options.format}`,
    contentType: MEDIA[options.format],
    stream: options.format === 'csv' ? csvStream(batches, options.lang) : xlsxStream(batches, options.lang),
  };
}

/** Export rows through the same presenter as the list: same masking, unmasked reads logged. */
export async function* presentedBatches(
  ctx: Context,
  account: Account,
  filters: ListFilters,
  requestId: string | null,
  max: number,
): AsyncGenerator<Presented[]> {
  for await (const rows of allRequests(ctx, account, filters, { batch: EXPORT_BATCH, max })) {
    yield await presentRequests(ctx, account, rows, { requestId, detail: false });
  }
}
