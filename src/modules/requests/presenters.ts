// What leaves the server about requests. The reporter's phone is masked unless the caller must
// call the resident (community staff, grid workers, district admins, the handling company), and
// every unmasked read is logged.
import { maskPhone } from '../../core/mask.js';
import { seesPersonalData } from '../../core/permissions.js';
import type { ServiceRequest } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import type { Account } from '../shared/account.js';
import { logDisclosures } from '../shared/personal.js';
import { actionsFor, isHandler } from './policy.js';
import { registerFor } from './routing.js';
import { viewOf } from './store.js';

export interface PresentOptions {
  requestId: string | null;
  /** Lists leave out the photo list and the caller's actions, which detail views show. */
  detail: boolean;
}

async function names(ctx: Context, requests: ServiceRequest[]) {
  const ids = (pick: (r: ServiceRequest) => number | null) => [...new Set(requests.map(pick).filter((id): id is number => id !== null))];
  const people = ids((r) => r.handlerUserId).concat(ids((r) => r.reporterUserId));
  const [register, users, photos] = await Promise.all([
    registerFor(ctx),
    people.length ? ctx.db.selectFrom('users').select(['id', 'displayName', 'phone']).where('id', 'in', people).execute() : [],
    ctx.db
      .selectFrom('requestPhotos')
      .select(['id', 'requestId', 'stage', 'mime'])
      .where('requestId', 'in', requests.map((r) => r.id))
      .orderBy('id')
      .execute(),
  ]);
  return {
    unit: { get: (id: number) => register.units.get(id)?.name },
    compound: { get: (id: number) => register.compounds.get(id)?.name },
    category: register.categories,
    company: register.companies,
    user: new Map(users.map((u) => [u.id, u])),
    photos: photos,
  };
}

export async function presentRequests(ctx: Context, account: Account, requests: ServiceRequest[], options: PresentOptions) {
  if (requests.length === 0) return [];
  const n = await names(ctx, requests);
  const clear = (r: ServiceRequest) => seesPersonalData(account.role) || isHandler(account, r) || r.reporterUserId === account.id;
  await logDisclosures(
    ctx,
    account,
    requests
      .filter((r) => clear(r) && r.reporterUserId !== account.id && (r.reporterPhone || r.reporterUserId))
      .map((r) => ({ districtId: r.districtId, subjectType: 'request' as const, subjectId: r.id, fields: ['reporterPhone'] })),
    options.requestId,
  );
  return requests.map((r) => {
    const category = n.category.get(r.categoryId)!;
    const reporterUser = r.reporterUserId === null ? undefined : n.user.get(r.reporterUserId);
    const phone = reporterUser ? reporterUser.phone : r.reporterPhone;
    return {
      id: r.id,
      number: r.number,
      state: r.state,
      version: r.version,
      category: { code: category.code, nameZh: category.nameZh, nameEn: category.nameEn, urgent: category.urgent === 1 },
      channel: r.channel,
      description: r.description,
      location: { lat: r.lat, lng: r.lng },
      attributes: JSON.parse(r.attributes) as Record<string, unknown>,
      street: { id: r.streetId, name: n.unit.get(r.streetId) ?? '' },
      community: { id: r.communityId, name: n.unit.get(r.communityId) ?? '' },
      grid: { id: r.gridId, name: n.unit.get(r.gridId) ?? '' },
      compound: r.compoundId === null ? null : { id: r.compoundId, name: n.compound.get(r.compoundId) ?? '' },
      buildingId: r.buildingId,
      handler: {
        kind: r.handlerKind,
        company: r.handlerCompanyId === null ? null : { id: r.handlerCompanyId, name: n.company.get(r.handlerCompanyId) ?? '' },
        user: r.handlerUserId === null ? null : { id: r.handlerUserId, displayName: n.user.get(r.handlerUserId)?.displayName ?? '' },
        unitId: r.handlerUnitId,
      },
      reporter: {
        self: r.reporterUserId !== null && r.reporterUserId === account.id,
        name: reporterUser ? reporterUser.displayName : r.reporterName,
        phone: clear(r) ? phone : maskPhone(phone ?? null),
      },
      placedAt: r.placedAt,
      dueAcceptAt: r.dueAcceptAt,
      dueResolveAt: r.dueResolveAt,
      dueUncertain: r.dueUncertain === 1,
      acceptedAt: r.acceptedAt,
      resolvedAt: r.resolvedAt,
      closedAt: r.closedAt,
      rating: viewOf(r).rating,
      overdueAccept: r.overdueAccept === 1,
      overdueResolve: r.overdueResolve === 1,
      escalationLevel: r.escalationLevel,
      mergedIntoId: r.mergedIntoId,
      reopenCount: r.reopenCount,
      extensionPending: r.extensionPending === 1,
      ...(options.detail
        ? {
            photos: n.photos
              .filter((p) => p.requestId === r.id)
              .map((p) => ({ id: p.id, stage: p.stage, url: `/api/v1/requests/${r.id}/photos/${p.id}` })),
            actions: actionsFor(account, r),
          }
        : {}),
    };
  });
}
