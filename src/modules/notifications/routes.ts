// HTTP routes of the in-app inbox (one's own notifications only) and of outgoing webhooks
// (managed by district, street and community staff for org units in their scope).
import { Type } from 'typebox';
import type { App, Context } from '../../server/types.js';
import { accountOf, errorResponses, IdParams, Page, PageQuery } from '../shared/http.js';
import { Id, Nullable } from '../shared/schemas.js';
import { listNotifications, markAllRead, markRead } from './service.js';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks } from './webhooks.js';

const NotificationOut = Type.Object({
  id: Type.Integer(),
  type: Type.String({ description: 'request.assigned, request.due_soon.accept|resolve, request.overdue, request.escalated, request.resolved, request.rated, request.merged, …' }),
  text: Type.String(),
  requestId: Nullable(Type.Integer()),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});

const Inbox = Type.Object({
  items: Type.Array(NotificationOut),
  unread: Type.Integer({ description: 'unread notifications in all' }),
  next: Nullable(Type.Integer({ description: 'pass as `before` for the next (older) page' })),
});

const webhookFields = {
  id: Type.Integer(),
  orgUnitId: Type.Integer(),
  url: Type.String(),
  active: Type.Boolean(),
  createdAt: Type.String(),
};
const WebhookOut = Type.Object(webhookFields);
const CreatedWebhook = Type.Object({
  ...webhookFields,
  secret: Type.String({ description: 'HMAC-SHA256 key of X-Hongyun-Signature; shown only now' }),
});

const DeliveryOut = Type.Object({
  id: Type.Integer(),
  eventId: Type.Integer(),
  eventType: Type.String(),
  requestId: Type.Integer(),
  requestNumber: Type.String(),
  status: Type.String({ description: 'pending, delivered or failed' }),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String({ description: 'when a pending delivery is tried next' })),
  lastStatus: Nullable(Type.Integer({ description: 'HTTP status of the last attempt' })),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  deliveredAt: Nullable(Type.String()),
});

const presentNotification = (n: { id: number; type: string; text: string; requestId: number | null; createdAt: string; readAt: string | null }) => ({
  id: n.id,
  type: n.type,
  text: n.text,
  requestId: n.requestId,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

const presentWebhook = (w: { id: number; orgUnitId: number; url: string; active: number; createdAt: string }) => ({
  id: w.id,
  orgUnitId: w.orgUnitId,
  url: w.url,
  active: w.active === 1,
  createdAt: w.createdAt,
});

export async function notificationRoutes(app: App, ctx: Context) {
  const inbox = ['notifications 通知'];
  const hooks = ['webhooks'];

  app.get(
    '/notifications',
    {
      schema: {
        tags: inbox,
        summary: "The caller's notifications, newest first",
        querystring: Type.Object(
          {
            before: Type.Optional(Id),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            unread: Type.Optional(Type.Boolean({ description: 'true: unread only' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Inbox, ...errorResponses },
      },
    },
    async (request) => {
      const page = await listNotifications(ctx, accountOf(request), request.query);
      return { ...page, items: page.items.map(presentNotification) };
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags: inbox,
        summary: "Mark all the caller's notifications read",
        response: { 200: Type.Object({ updated: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => ({ updated: await markAllRead(ctx, accountOf(request)) }),
  );

  app.post(
    '/notifications/:id/read',
    { schema: { tags: inbox, summary: 'Mark one notification read', params: IdParams, response: { 200: NotificationOut, ...errorResponses } } },
    async (request) => presentNotification(await markRead(ctx, accountOf(request), request.params.id)),
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: hooks,
        summary: 'Webhooks on org units in scope',
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(WebhookOut), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listWebhooks(ctx, accountOf(request), request.query);
      return { ...page, items: page.items.map(presentWebhook) };
    },
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags: hooks,
        summary: 'Send every request event in an org unit to a URL',
        description:
          'Each event is POSTed as JSON {event, request} with X-Hongyun-Event and X-Hongyun-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>. Failed deliveries are retried after 1 min, 5 min, 30 min, 2 h and 12 h.',
        body: Type.Object({ orgUnitId: Id, url: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: CreatedWebhook, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hook, secret } = await createWebhook(ctx, accountOf(request), request.body);
      return reply.status(201).send({ ...presentWebhook(hook), secret });
    },
  );

  app.get(
    '/webhooks/:id',
    { schema: { tags: hooks, summary: 'Read a webhook', params: IdParams, response: { 200: WebhookOut, ...errorResponses } } },
    async (request) => presentWebhook(await getWebhook(ctx, accountOf(request), request.params.id)),
  );

  app.delete(
    '/webhooks/:id',
    { schema: { tags: hooks, summary: 'Remove a webhook and its delivery log', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await deleteWebhook(ctx, accountOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags: hooks,
        summary: "A webhook's delivery log, newest first",
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(DeliveryOut), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listDeliveries(ctx, accountOf(request), request.params.id, request.query);
      return {
        ...page,
        items: page.items.map((d) => ({
          id: d.id,
          eventId: d.eventId,
          eventType: d.eventType,
          requestId: d.requestId,
          requestNumber: d.requestNumber,
          status: d.status,
          attempts: d.attempts,
          nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
          lastStatus: d.lastStatus,
          lastError: d.lastError,
          createdAt: d.createdAt,
          deliveredAt: d.deliveredAt,
        })),
      };
    },
  );
}
