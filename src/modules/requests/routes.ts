// HTTP routes of the request loop: categories, intake (JSON, or multipart with photos), a
// request, its timeline and photos, and the actions on it.
import fs from 'node:fs';
import '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { AppError, errors } from '../../core/errors.js';
import { HANDLER_KINDS, SATISFACTION } from '../../core/lifecycle.js';
import { CHANNELS } from '../../core/vocabulary.js';
import type { App, Context } from '../../server/types.js';
import { type Account, systemAccount } from '../shared/account.js';
import { accountOf, IdParams } from '../shared/http.js';
import { Id, Nullable, Phone, OneOf, Text } from '../shared/schemas.js';
import { act, type ActionInput } from './actions.js';
import { type IntakeInput, placeRequest } from './intake.js';
import { MAX_PHOTOS, photoPath } from './photos.js';
import { getRequest, visibleRequests } from './policy.js';
import { presentRequests } from './presenters.js';
import { eventOf } from './store.js';


const AttributeValue = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })]);

export const IntakeBody = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
    description: Text(2000),
    location: Type.Union([
      Type.Object(
        {
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lng: Type.Number({ minimum: -180, maximum: 180 }),
          crs: Type.Optional(OneOf(['wgs84', 'gcj02'])),
        },
        { additionalProperties: false },
      ),
      Type.Object({ compoundId: Id, buildingId: Type.Optional(Nullable(Id)) }, { additionalProperties: false }),
    ]),
    attributes: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), AttributeValue)),
    reporter: Type.Optional(Type.Object({ name: Text(50), phone: Phone }, { additionalProperties: false })),
    channel: Type.Optional(OneOf(CHANNELS)),
  },
  { additionalProperties: false },
);

const Version = { version: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'the version of the request the actor saw' }) };
const ACTIONS: Record<string, { action: ActionInput['action']; body: TSchema; summary: string }> = {
  accept: { action: 'accept', body: Type.Object(Version, { additionalProperties: false }), summary: 'Take the request (接单)' },
  return: {
    action: 'return',
    body: Type.Object({ ...Version, reason: Text(500) }, { additionalProperties: false }),
    summary: 'Refuse the routing, back to dispatch, with a reason',
  },
  reassign: {
    action: 'reassign',
    body: Type.Object(
      {
        ...Version,
        handler: Type.Object(
          { kind: OneOf(HANDLER_KINDS), companyId: Type.Optional(Id), userId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
      },
      { additionalProperties: false },
    ),
    summary: 'Send the request to another handler (dispatch staff)',
  },
  resolve: {
    action: 'resolve',
    body: Type.Object({ ...Version, note: Text(2000) }, { additionalProperties: false }),
    summary: 'Report the request resolved, with a result note (photos: send multipart)',
  },
  rate: {
    action: 'rate',
    body: Type.Object(
      {
        ...Version,
        solved: Type.Boolean(),
        satisfaction: OneOf(SATISFACTION),
        comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
      },
      { additionalProperties: false },
    ),
    summary: 'Rate a resolved request; this closes it',
  },
  reopen: {
    action: 'reopen',
    body: Type.Object({ ...Version, reason: Text(500) }, { additionalProperties: false }),
    summary: 'Not satisfied: back to the handler',
  },
  merge: {
    action: 'merge',
    body: Type.Object({ ...Version, intoId: Id }, { additionalProperties: false }),
    summary: 'Merge a duplicate into its main request',
  },
  cancel: {
    action: 'cancel',
    body: Type.Object({ ...Version, reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }, { additionalProperties: false }),
    summary: 'Withdraw the request before it is accepted',
  },
  supervise: {
    action: 'supervise',
    body: Type.Object({ ...Version, note: Text(500) }, { additionalProperties: false }),
    summary: 'Supervise the request (督单) with a note',
  },
  extend: {
    action: 'extend',
    body: Type.Object({ ...Version, days: Type.Integer({ minimum: 1, maximum: 60 }), reason: Text(500) }, { additionalProperties: false }),
    summary: 'Ask for more working days to resolve',
  },
  'extension-decision': {
    action: 'decideExtension',
    body: Type.Object(
      { ...Version, granted: Type.Boolean(), note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
      { additionalProperties: false },
    ),
    summary: 'Grant or refuse a requested extension',
  },
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Image files of a multipart body, read before validation. */
    uploads: { field: string; data: Buffer }[] | null;
  }
}

/** How an anonymous reporter sees the request they just placed: as a resident, phone masked. */
function anonymousViewer(districtId: number): Account {
  return { ...systemAccount(districtId), role: 'resident', username: 'anonymous', displayName: 'anonymous' };
}

/** The district of an anonymous caller: the `districtId` given, or the only one there is. */
export async function publicDistrict(ctx: Context, given: number | undefined): Promise<number> {
  if (given !== undefined) return given;
  const districts = await ctx.db.selectFrom('orgUnits').select('id').where('kind', '=', 'district').limit(2).execute();
  if (districts.length !== 1) throw errors.field('districtId', 'say which district');
  return districts[0]!.id;
}

/**
 * Multipart bodies carry the JSON body in a `data` field and image files in `photos`. Read
 * them before validation, so the JSON is validated by the route's schema like any other body.
 */
async function readMultipart(request: FastifyRequest) {
  if (!request.isMultipart()) return;
  let data: unknown;
  const photos: { field: string; data: Buffer }[] = [];
  try {
    for await (const part of request.parts({ limits: { files: MAX_PHOTOS, fileSize: ctxOf(request).config.photoMaxBytes } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'photos') throw errors.field(part.fieldname, 'is not a known file field; send photos');
        photos.push({ field: `photos.${photos.length}`, data: await part.toBuffer() });
      } else if (part.fieldname === 'data') {
        try {
          data = JSON.parse(String(part.value));
        } catch {
          throw errors.field('data', 'is not valid JSON');
        }
      } else {
        throw errors.field(part.fieldname, 'is not a known field; put the request in data');
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'payload_too_large', `photos.${photos.length}: the photo is too large`, [
        { field: `photos.${photos.length}`, message: 'too large' },
      ]);
    }
    if (code === 'FST_FILES_LIMIT') throw errors.field('photos', `at most ${MAX_PHOTOS} photos`);
    throw error;
  }
  if (data === undefined) throw errors.field('data', 'is required');
  request.body = data;
  request.uploads = photos;
}

const contexts = new WeakMap<object, Context>();
const ctxOf = (request: FastifyRequest) => contexts.get(request.server)!;

export async function requestRoutes(app: App, ctx: Context) {
  contexts.set(app, ctx);
  const tags = ['requests 诉求'];

  app.post(
    '/requests',
    {
      // Anonymous residents may place requests; per address they may place a few a minute.
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute', allowList: (request) => request.account !== null } },
      preValidation: readMultipart,
      schema: {
        tags,
        summary: 'Place a request (点单): JSON, or multipart with a `data` JSON field and `photos` files',
        description:
          'Residents place requests as themselves; staff record them for walk-ins with `reporter` and `channel`. ' +
          'Without a login, give `reporter`. An `Idempotency-Key` header makes a retry return the first request.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })) }),
        body: IntakeBody,
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const result = await placeRequest(ctx, request.account, request.body as IntakeInput, request.uploads ?? [], typeof key === 'string' ? key : null);
      const viewer = request.account ?? anonymousViewer(result.request.districtId);
      const [presented] = await presentRequests(ctx, viewer, [result.request], { requestId: request.id, detail: true });
      // Possible duplicates are other people's requests: offer only those the caller may see.
      const offered = result.possibleDuplicates.map((d) => d.id);
      const visible =
        request.account && offered.length > 0
          ? new Set(
              (await visibleRequests(ctx.db, request.account).select('requests.id').where('requests.id', 'in', offered).execute()).map((r) => r.id),
            )
          : new Set<number>();
      const possibleDuplicates = result.possibleDuplicates.filter((d) => visible.has(d.id));
      return reply.status(result.created ? 201 : 200).send({ ...presented, possibleDuplicates });
    },
  );

  app.get(
    '/requests/:id',
    { schema: { tags, summary: 'A request, with the actions this account may take on it', params: IdParams } },
    async (request) => {
      const account = accountOf(request);
      const row = await getRequest(ctx.db, account, request.params.id);
      return (await presentRequests(ctx, account, [row], { requestId: request.id, detail: true }))[0];
    },
  );

  app.get(
    '/requests/:id/events',
    { schema: { tags, summary: 'The timeline of a request, oldest first', params: IdParams } },
    async (request) => {
      const account = accountOf(request);
      const row = await getRequest(ctx.db, account, request.params.id);
      const events = await ctx.db
        .selectFrom('requestEvents')
        .leftJoin('users', 'users.id', 'requestEvents.actorId')
        .select(['requestEvents.seq', 'requestEvents.type', 'requestEvents.at', 'requestEvents.actorId', 'requestEvents.fromState', 'requestEvents.toState', 'requestEvents.data', 'users.displayName'])
        .where('requestEvents.requestId', '=', row.id)
        .orderBy('requestEvents.seq')
        .execute();
      return events.map((e) => {
        const { type: _t, at: _a, actorId: _x, ...data } = eventOf(e);
        return { seq: e.seq, type: e.type, at: e.at, actor: e.actorId ? { id: e.actorId, displayName: e.displayName } : null, from: e.fromState, to: e.toState, data };
      });
    },
  );

  app.get(
    '/requests/:id/photos/:photoId',
    { schema: { tags, summary: 'A photo of a request', params: Type.Object({ id: Id, photoId: Id }, { additionalProperties: false }) } },
    async (request, reply) => {
      const row = await getRequest(ctx.db, accountOf(request), request.params.id);
      const photo = await ctx.db
        .selectFrom('requestPhotos')
        .select(['file', 'mime'])
        .where('id', '=', request.params.photoId)
        .where('requestId', '=', row.id)
        .executeTakeFirst();
      if (!photo) throw errors.notFound('photo');
      return reply
        .header('content-type', photo.mime)
        .header('cache-control', 'private, max-age=86400')
        .send(fs.createReadStream(photoPath(ctx, photo.file)));
    },
  );

  for (const [path, spec] of Object.entries(ACTIONS)) {
    app.post(
      `/requests/:id/${path}`,
      {
        preValidation: spec.action === 'resolve' ? readMultipart : undefined,
        schema: {
          tags,
          summary: spec.summary,
          description: 'Send the `version` you saw; if the request changed meanwhile the answer is 409 with its current state.',
          params: IdParams,
          body: spec.body,
        },
      },
      async (request) => {
        const account = accountOf(request);
        const { version, ...rest } = request.body as { version: number } & Record<string, unknown>;
        const row = await act(ctx, account, request.params.id, version, { action: spec.action, ...rest } as ActionInput, request.uploads ?? []);
        return (await presentRequests(ctx, account, [row], { requestId: request.id, detail: true }))[0];
      },
    );
  }
}
