// HTTP routes for request categories (诉求类别, Open311 "services"): public reads, admin edits.
import { Type } from 'typebox';
import { FIELD_TYPES } from '../../core/attributes.js';
import { HANDLER_KINDS } from '../../core/lifecycle.js';
import { LIMIT_UNITS } from '../../core/vocabulary.js';
import type { App, Context } from '../../server/types.js';
import { accountOf } from '../shared/http.js';
import { Id, OneOf, Text } from '../shared/schemas.js';
import { categoryByCode, createCategory, listCategories, presentCategory, updateCategory } from './categories.js';
import { publicDistrict } from './routes.js';


const Limit = Type.Object(
  { amount: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }), unit: OneOf(LIMIT_UNITS) },
  { additionalProperties: false },
);
const FieldSpecSchema = Type.Object(
  {
    key: Type.String({ maxLength: 40 }),
    labelZh: Text(50),
    labelEn: Text(50),
    type: OneOf(FIELD_TYPES),
    required: Type.Boolean(),
    options: Type.Optional(
      Type.Array(Type.Object({ value: Text(40), labelZh: Text(50), labelEn: Text(50) }, { additionalProperties: false }), {
        maxItems: 50,
      }),
    ),
  },
  { additionalProperties: false },
);
const categoryFields = {
  nameZh: Text(50),
  nameEn: Text(100),
  groupCode: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  acceptLimit: Limit,
  resolveLimit: Limit,
  urgent: Type.Optional(Type.Boolean()),
  handlerKind: Type.Optional(OneOf(HANDLER_KINDS)),
  fields: Type.Optional(Type.Array(FieldSpecSchema, { maxItems: 30 })),
  active: Type.Optional(Type.Boolean()),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
};

export async function categoryRoutes(app: App, ctx: Context) {
  const ctags = ['categories 诉求类别'];

  app.get(
    '/categories',
    {
      config: { public: true },
      schema: {
        tags: ctags,
        summary: 'The categories residents choose from (active ones; admins may ask for all)',
        security: [],
        querystring: Type.Object(
          { districtId: Type.Optional(Id), includeInactive: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const districtId = request.account?.districtId ?? (await publicDistrict(ctx, request.query.districtId));
      const all = request.query.includeInactive === true && request.account?.role === 'district_admin';
      return (await listCategories(ctx, districtId, all)).map(presentCategory);
    },
  );

  app.get(
    '/categories/:code',
    { config: { public: true }, schema: { tags: ctags, summary: 'One category', security: [], params: Type.Object({ code: Type.String({ maxLength: 40 }) }) } },
    async (request) => presentCategory(await categoryByCode(ctx, request.account?.districtId ?? (await publicDistrict(ctx, undefined)), request.params.code)),
  );

  app.post(
    '/categories',
    {
      schema: {
        tags: ctags,
        summary: 'Add a category (district admins)',
        body: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_.-]{1,39}$' }), ...categoryFields }, { additionalProperties: false }),
      },
    },
    async (request, reply) => reply.status(201).send(presentCategory(await createCategory(ctx, accountOf(request), request.body))),
  );

  app.patch(
    '/categories/:code',
    {
      schema: {
        tags: ctags,
        summary: 'Change a category; placed requests keep their due times',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        body: Type.Partial(Type.Object(categoryFields), { additionalProperties: false, minProperties: 1 }),
      },
    },
    async (request) => presentCategory(await updateCategory(ctx, accountOf(request), request.params.code, request.body)),
  );
}
