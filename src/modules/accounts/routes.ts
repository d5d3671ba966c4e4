// HTTP routes for login, logout and the current account, API tokens, and account admin.
import { Type } from 'typebox';
import { errors } from '../../core/errors.js';
import { grantsOf } from '../../core/permissions.js';
import { ROLES } from '../../core/vocabulary.js';
import type { App, Context } from '../../server/types.js';
import { accountOf, errorResponses, IdParams, Page, PageQuery, SortQuery } from '../shared/http.js';
import { Nullable, Phone, Id } from '../shared/schemas.js';
import { createToken, listTokens, login, logout, revokeToken, SESSION_COOKIE } from './auth.js';
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  MIN_PASSWORD_LENGTH,
  presentUsers,
  type UserFilter,
  updateUser,
} from './service.js';

const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));

const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  districtId: Type.Integer(),
  scope: Type.Object({ kind: Type.String(), id: Type.Integer(), name: Type.String() }),
  propertyCompanyId: Nullable(Type.Integer()),
  compoundId: Nullable(Type.Integer()),
  partyOrgId: Nullable(Type.Integer()),
  unitId: Nullable(Type.Integer()),
  csrfToken: Nullable(Type.String()),
  grants: Type.Record(Type.String(), Type.String(), {
    description: 'what the role may do with each kind of register record: letters of "rcud" (read, create, update, delete)',
  }),
});

const UserOut = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  scopeUnitId: Type.Integer(),
  propertyCompanyId: Nullable(Type.Integer()),
  compoundId: Nullable(Type.Integer()),
  partyOrgId: Nullable(Type.Integer()),
  unitId: Nullable(Type.Integer()),
  phone: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
  hasPassword: Type.Boolean(),
  disabled: Type.Boolean(),
  lastLoginAt: Nullable(Type.String()),
  createdAt: Type.String(),
});

const userFields = {
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  password: Type.Optional(Nullable(Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 }))),
  role: Role,
  scopeUnitId: Type.Optional(Id),
  propertyCompanyId: Type.Optional(Nullable(Id)),
  compoundId: Type.Optional(Nullable(Id)),
  partyOrgId: Type.Optional(Nullable(Id)),
  unitId: Type.Optional(Nullable(Id)),
  phone: Type.Optional(Nullable(Phone)),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
};

const TokenOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

export async function accountRoutes(app: App, ctx: Context) {
  const tags = ['auth 登录'];

  async function me(request: Parameters<typeof accountOf>[0]) {
    const account = accountOf(request);
    const scope = await ctx.db.selectFrom('orgUnits').select('name').where('id', '=', account.scope.id).executeTakeFirstOrThrow();
    const { via: _via, ...rest } = account;
    return { ...rest, scope: { ...account.scope, name: scope.name }, csrfToken: request.csrfToken, grants: grantsOf(account.role) };
  }

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Log in with username and password; sets the session cookie',
        security: [],
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Me, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const result = await login(ctx, {
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, result.sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.cookieSecure,
        expires: result.expiresAt,
      });
      request.account = result.account;
      request.csrfToken = result.csrfToken;
      return me(request);
    },
  );

  app.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags, summary: 'End the session', response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId && request.account) await logout(ctx, sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The logged-in account, or null: lets a page ask without an error when nobody is logged in',
        security: [],
        response: { 200: Type.Object({ account: Nullable(Me) }), ...errorResponses },
      },
    },
    async (request) => ({ account: request.account ? await me(request) : null }),
  );

  app.get(
    '/auth/me',
    { schema: { tags, summary: 'The account this request acts as', response: { 200: Me, ...errorResponses } } },
    async (request) => me(request),
  );

  app.get(
    '/auth/tokens',
    { schema: { tags, summary: "The current account's API tokens", response: { 200: Type.Array(TokenOut), ...errorResponses } } },
    async (request) => listTokens(ctx, accountOf(request).id),
  );

  app.post(
    '/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token for the current account (shown once)',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.Integer(), name: Type.String(), prefix: Type.String(), token: Type.String(), createdAt: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createToken(ctx, accountOf(request).id, request.body.name)),
  );

  app.delete(
    '/auth/tokens/:id',
    { schema: { tags, summary: 'Revoke one of your API tokens', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      if (!(await revokeToken(ctx, request.params.id, accountOf(request).id))) throw errors.notFound('token');
      return reply.status(204).send(null);
    },
  );

  const utags = ['users 账号'];
  app.get(
    '/users',
    {
      schema: {
        tags: utags,
        summary: 'List accounts in scope',
        querystring: Type.Object(
          {
            ...PageQuery,
            sort: SortQuery(['username', 'displayName', 'role', 'createdAt', 'id']),
            q: Type.Optional(Type.String({ maxLength: 50 })),
            role: Type.Optional(Role),
            scopeUnitId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(UserOut), ...errorResponses },
      },
    },
    async (request) => {
      const account = accountOf(request);
      const page = await listUsers(ctx, account, request.query as UserFilter);
      return { ...page, items: await presentUsers(ctx, account, page.items, request.id) };
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: utags,
        summary: 'Create an account in scope',
        body: Type.Object(
          { username: Type.String({ pattern: '^[A-Za-z0-9_.-]{2,50}$' }), ...userFields },
          { additionalProperties: false },
        ),
        response: { 201: UserOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const account = accountOf(request);
      const user = await createUser(ctx, account, request.body);
      return reply.status(201).send((await presentUsers(ctx, account, [user], request.id))[0]!);
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags: utags, summary: 'Read an account', params: IdParams, response: { 200: UserOut, ...errorResponses } } },
    async (request) => {
      const account = accountOf(request);
      const user = await getUser(ctx, account, request.params.id);
      return (await presentUsers(ctx, account, [user], request.id))[0]!;
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: utags,
        summary: 'Change an account (a new password or place ends its sessions)',
        params: IdParams,
        body: Type.Partial(Type.Object({ ...userFields, disabled: Type.Boolean() }), {
          additionalProperties: false,
          minProperties: 1,
        }),
        response: { 200: UserOut, ...errorResponses },
      },
    },
    async (request) => {
      const account = accountOf(request);
      const user = await updateUser(ctx, account, request.params.id, request.body);
      return (await presentUsers(ctx, account, [user], request.id))[0]!;
    },
  );

  app.delete(
    '/users/:id',
    {
      schema: {
        tags: utags,
        summary: 'Remove an account that never signed in',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteUser(ctx, accountOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
