// Builds the Fastify app: validation, the error shape, authentication and CSRF, OpenAPI,
// and the API routes of every area under /api/v1.
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyRequest } from 'fastify';
import { errors } from '../core/errors.js';
import { accountForSession, accountForToken, CSRF_HEADER, SESSION_COOKIE } from '../modules/accounts/auth.js';
import { accountRoutes } from '../modules/accounts/routes.js';
import { companyRoutes } from '../modules/companies/routes.js';
import { compoundRoutes } from '../modules/compounds/routes.js';
import { orgRoutes } from '../modules/orgs/routes.js';
import { partyRoutes } from '../modules/party/routes.js';
import { calendarRoutes } from '../modules/calendar/routes.js';
import { categoryRoutes } from '../modules/requests/categoryRoutes.js';
import { requestRoutes } from '../modules/requests/routes.js';
import { listRoutes } from '../modules/requests/listRoutes.js';
import { figureRoutes } from '../modules/figures/routes.js';
import { mapRoutes } from '../modules/map/routes.js';
import { notificationRoutes } from '../modules/notifications/routes.js';
import type { Account } from '../modules/shared/account.js';
import { statsRoutes } from '../modules/stats/routes.js';
import { unitRoutes } from '../modules/units/routes.js';
import { errorHandler, body } from './errors.js';
import type { App, Context } from './types.js';
import { validatorCompiler } from './validation.js';
import { pageFor, sendPage, webRoutes } from './web.js';

declare module 'fastify' {
  interface FastifyRequest {
    account: Account | null;
    /** The session's CSRF token, for the browser to echo in x-csrf-token. */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a logged-in account. */
    public?: boolean;
  }
}

export interface AppOptions {
  logger?: boolean | object;
  /** Serve the built web app when web/dist holds one (default true). */
  web?: boolean;
  /** Where the built web app is (default web/dist). */
  webRoot?: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildApp(ctx: Context, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? { level: ctx.config.logLevel },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  const withWeb = options.web !== false && (await webRoutes(app, options.webRoot));
  app.setNotFoundHandler((request, reply) => {
    const page = withWeb ? pageFor(request) : null;
    if (page) return sendPage(reply, page);
    return reply.status(404).send(body('not_found', `no route ${request.method} ${request.url.split('?')[0]}`, []));
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(cookie);
  // Off by default; routes that anyone may call without logging in turn it on for themselves.
  await app.register(rateLimit, { global: false, errorResponseBuilder: (_request, context) => ({ statusCode: 429, message: `too many requests; try again in ${context.after}` }) });
  await app.register(multipart, { limits: { fieldSize: 1024 * 1024, fields: 5, parts: 20 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hongyun API',
        description: 'Party-led urban community governance: the register, accounts and figures.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('account', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('uploads', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const isPublic = request.routeOptions.config.public === true;
    const found = await authenticate(ctx, request);
    if (found && !found.csrfOk && !isPublic) throw errors.forbidden(`missing or wrong ${CSRF_HEADER} header`);
    request.account = found?.account ?? null;
    request.csrfToken = found?.csrfToken ?? null;
    if (!request.account && !isPublic) throw errors.unauthenticated();
  });

  await app.register(
    async (api) => {
      const v1 = api as unknown as App;
      await accountRoutes(v1, ctx);
      await orgRoutes(v1, ctx);
      await compoundRoutes(v1, ctx);
      await companyRoutes(v1, ctx);
      await partyRoutes(v1, ctx);
      await unitRoutes(v1, ctx);
      await statsRoutes(v1, ctx);
      await calendarRoutes(v1, ctx);
      await categoryRoutes(v1, ctx);
      await requestRoutes(v1, ctx);
      await listRoutes(v1, ctx);
      await figureRoutes(v1, ctx);
      await notificationRoutes(v1, ctx);
      await mapRoutes(v1, ctx);
    },
    { prefix: '/api/v1' },
  );

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  return app;
}

/** Resolves the account from a bearer token or the session cookie; checks CSRF for sessions. */
async function authenticate(ctx: Context, request: FastifyRequest): Promise<{ account: Account; csrfOk: boolean; csrfToken: string | null } | null> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const account = match ? await accountForToken(ctx, match[1]!) : null;
    if (!account) throw errors.unauthenticated('the API token is not valid');
    return { account, csrfOk: true, csrfToken: null };
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return null;
  const session = await accountForSession(ctx, sessionId);
  if (!session) return null;
  const csrfOk = !UNSAFE.has(request.method) || request.headers[CSRF_HEADER] === session.csrfToken;
  return { account: session.account, csrfOk, csrfToken: session.csrfToken };
}
