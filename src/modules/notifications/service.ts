// The in-app inbox (站内通知): who hears of what happens to a request, written by a request-event
// listener inside the event's own transaction (an inbox never tells of a change that did not
// happen); the "due soon" reminders the sweeper sends; and reading one's own notifications.
import type { Kysely } from 'kysely';
import type { Calendar } from '../../core/calendar.js';
import { errors } from '../../core/errors.js';
import { LEVEL_NAMES_ZH, type Limit } from '../../core/escalation.js';
import { ALLOWED_FROM, type RequestEvent, type Satisfaction } from '../../core/lifecycle.js';
import type { Database, RequestEventRow, ServiceRequest } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { eventOf, onRequestEvent } from '../requests/store.js';
import type { Account } from '../shared/account.js';
import { isContention } from '../shared/leases.js';

type Query = Kysely<Database>;
type Place = Pick<
  ServiceRequest,
  'id' | 'districtId' | 'streetId' | 'communityId' | 'compoundId' | 'handlerKind' | 'handlerCompanyId' | 'handlerUserId' | 'handlerUnitId'
>;

/** Working hours before a limit ends at which its handler is reminded, per limit. */
export const DUE_SOON_WORKING_HOURS: Record<Limit, number> = { accept: 1, resolve: 4 };

export const dueSoonType = (limit: Limit) => `request.due_soon.${limit}`;

const LIMIT_ZH: Record<Limit, string> = { accept: '接单', resolve: '办结' };
const SATISFACTION_ZH: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** "12月1日 15:00" in Shanghai time, as residents and staff read it. */
export function shanghaiTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

const clip = (text: string, max = 40) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The active accounts that act for the request's current handler (as policy.isHandler reads it). */
export async function handlerAccounts(db: Query, r: Place): Promise<number[]> {
  let query = db.selectFrom('users').select('id').where('disabled', '=', 0);
  switch (r.handlerKind) {
    case 'property_company':
      if (r.handlerCompanyId === null) return [];
      query = query.where('role', '=', 'property_staff').where('propertyCompanyId', '=', r.handlerCompanyId);
      break;
    case 'grid_worker': {
      // A union, not `id = ? or scope_unit_id = ?`: SQLite 3.53 fails that OR with
      // "internal query planner error" next to the partial index users_one_grid_worker.
      const workers = query.where('role', '=', 'grid_worker');
      const rows = await workers
        .where('id', '=', r.handlerUserId ?? 0)
        .union(workers.where('scopeUnitId', '=', r.handlerUnitId ?? 0))
        .execute();
      return rows.map((u) => u.id);
    }
    case 'legal_adviser':
    case 'community_staff':
      query = query.where('role', '=', 'community_staff').where('scopeUnitId', '=', r.communityId);
      break;
  }
  return (await query.execute()).map((u) => u.id);
}

/** Community staff, who dispatch the community's requests. */
async function dispatchers(db: Query, r: Place): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'community_staff')
    .where('scopeUnitId', '=', r.communityId)
    .where('disabled', '=', 0)
    .execute();
  return rows.map((u) => u.id);
}

/**
 * Who supervises at each escalation level: 1 the secretaries of the compound's branch; 2 the
 * community big party committee's secretaries and the community staff; 3 the street working
 * committee's secretaries and the street staff; 4 the district committee's secretaries and
 * the district admins.
 */
export async function supervisorAccounts(db: Query, r: Place, level: number): Promise<number[]> {
  const secretaries = db
    .selectFrom('users')
    .innerJoin('partyOrgs', 'partyOrgs.id', 'users.partyOrgId')
    .select('users.id')
    .where('users.role', '=', 'party_secretary')
    .where('users.disabled', '=', 0)
    .where('partyOrgs.districtId', '=', r.districtId);
  const staff = (role: 'community_staff' | 'street_staff' | 'district_admin', unitId: number) =>
    db.selectFrom('users').select('id').where('role', '=', role).where('scopeUnitId', '=', unitId).where('disabled', '=', 0);
  let rows: { id: number }[];
  switch (level) {
    case 1:
      if (r.compoundId === null) return [];
      rows = await secretaries
        .where('partyOrgs.type', 'in', ['compound_branch', 'red_property_branch'])
        .where('partyOrgs.compoundId', '=', r.compoundId)
        .execute();
      break;
    case 2:
      rows = await secretaries
        .where('partyOrgs.type', '=', 'community_big_committee')
        .where('partyOrgs.orgUnitId', '=', r.communityId)
        .union(staff('community_staff', r.communityId))
        .execute();
      break;
    case 3:
      rows = await secretaries
        .where('partyOrgs.type', '=', 'street_working_committee')
        .where('partyOrgs.orgUnitId', '=', r.streetId)
        .union(staff('street_staff', r.streetId))
        .execute();
      break;
    case 4:
      rows = await secretaries
        .where('partyOrgs.type', '=', 'district_committee')
        .where('partyOrgs.orgUnitId', '=', r.districtId)
        .union(staff('district_admin', r.districtId))
        .execute();
      break;
    default:
      return [];
  }
  return rows.map((u) => u.id);
}

async function send(db: Query, r: Place, userIds: number[], type: string, text: string, at: string): Promise<number> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return 0;
  await db
    .insertInto('notifications')
    .values(unique.map((userId) => ({ districtId: r.districtId, userId, requestId: r.id, type, text, createdAt: at })))
    .execute();
  return unique.length;
}

/** The notifications one event gives rise to: [recipients, type, text]. Merges are told by actions.ts. */
async function messagesFor(db: Query, r: ServiceRequest, event: RequestEvent): Promise<[number[], string, string][]> {
  const n = r.number;
  switch (event.type) {
    case 'request.submitted':
    case 'request.reassigned':
      return [[await handlerAccounts(db, r), 'request.assigned', `诉求 ${n} 已派给您，请于 ${shanghaiTime(r.dueAcceptAt)} 前接单`]];
    case 'request.returned':
      return [[await dispatchers(db, r), 'request.returned', `诉求 ${n} 被退回：${clip(event.reason)}，请重新派单`]];
    case 'request.resolved':
      return r.reporterUserId === null ? [] : [[[r.reporterUserId], 'request.resolved', `您的诉求 ${n} 已办结，请评价`]];
    case 'request.rated': {
      const verdict = `${event.rating.solved ? '已解决' : '未解决'}，${SATISFACTION_ZH[event.rating.satisfaction]}`;
      return [[await handlerAccounts(db, r), 'request.rated', `诉求 ${n} 已获评价：${verdict}`]];
    }
    case 'request.reopened':
      return [[await handlerAccounts(db, r), 'request.reopened', `诉求 ${n} 被居民重新打开：${clip(event.reason)}，请继续办理`]];
    case 'request.supervised':
      return [[await handlerAccounts(db, r), 'request.supervised', `诉求 ${n} 收到督办意见：${clip(event.note)}`]];
    case 'request.overdue': {
      // The handler, and whoever already supervises the request (a second limit passing).
      const watchers = r.escalationLevel > 0 ? await supervisorAccounts(db, r, r.escalationLevel) : [];
      return [[[...(await handlerAccounts(db, r)), ...watchers], 'request.overdue', `诉求 ${n} 已超时未${LIMIT_ZH[event.limit]}`]];
    }
    case 'request.escalated': {
      const name = LEVEL_NAMES_ZH[event.level - 1];
      const where = event.level === 1 ? `已提交${name}督办` : `已提级至${name}督办`;
      const text = `诉求 ${n} 已超时未${LIMIT_ZH[event.limit]}，${where}`;
      return [[[...(await supervisorAccounts(db, r, event.level)), ...(await handlerAccounts(db, r))], 'request.escalated', text]];
    }
    default:
      return [];
  }
}

async function notifyOnEvent(trx: Query, request: ServiceRequest, row: RequestEventRow): Promise<void> {
  const event = eventOf(row);
  for (const [userIds, type, text] of await messagesFor(trx, request, event)) {
    // Nobody is told of their own action.
    await send(trx, request, userIds.filter((id) => id !== event.actorId), type, text, event.at);
  }
}

onRequestEvent(notifyOnEvent);

/**
 * Reminds handlers of limits that end within DUE_SOON_WORKING_HOURS of working time, once per
 * request and limit: the reminder itself is the record that it was sent. Of two servers doing
 * this at once, the row lock (PostgreSQL) or the single writer (SQLite) lets one through.
 */
export async function remindDueSoon(ctx: Context, now: Date, calendar: Calendar): Promise<number> {
  let sent = 0;
  const at = now.toISOString();
  for (const limit of ['accept', 'resolve'] as const) {
    const horizon = calendar.addWorkingHours(now, DUE_SOON_WORKING_HOURS[limit]).due.toISOString();
    const due = limit === 'accept' ? 'dueAcceptAt' : 'dueResolveAt';
    const waiting = limit === 'accept' ? 'acceptedAt' : 'resolvedAt';
    const candidates = await ctx.db
      .selectFrom('requests')
      .selectAll()
      .where('state', 'in', ALLOWED_FROM.markOverdue)
      .where(due, '>', at)
      .where(due, '<=', horizon)
      .where(waiting, 'is', null)
      .execute();
    if (candidates.length === 0) continue;
    const type = dueSoonType(limit);
    const done = new Set(
      (
        await ctx.db
          .selectFrom('notifications')
          .select('requestId')
          .where('type', '=', type)
          .where('requestId', 'in', candidates.map((r) => r.id))
          .execute()
      ).map((n) => n.requestId),
    );
    for (const r of candidates.filter((c) => !done.has(c.id))) {
      const text = `诉求 ${r.number} 将于 ${shanghaiTime(r[due])} 到达${LIMIT_ZH[limit]}时限，请尽快${LIMIT_ZH[limit]}`;
      try {
        sent += await ctx.db.transaction().execute(async (trx) => {
          if (ctx.dialect === 'postgres') {
            await trx.selectFrom('requests').select('id').where('id', '=', r.id).forUpdate().execute();
          }
          const already = await trx.selectFrom('notifications').select('id').where('requestId', '=', r.id).where('type', '=', type).executeTakeFirst();
          if (already) return 0;
          return (await send(trx, r, await handlerAccounts(trx, r), type, text, at)) > 0 ? 1 : 0;
        });
      } catch (error) {
        if (!isContention(error)) throw error;
      }
    }
  }
  return sent;
}

export interface InboxQuery {
  before?: number;
  limit?: number;
  unread?: boolean;
}

/** The caller's own notifications, newest first, by keyset (`before` = the last id seen). */
export async function listNotifications(ctx: Context, account: Account, query: InboxQuery) {
  const limit = query.limit ?? 50;
  let base = ctx.db.selectFrom('notifications').where('userId', '=', account.id).where('districtId', '=', account.districtId);
  const unread = await base
    .where('readAt', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (query.unread) base = base.where('readAt', 'is', null);
  if (query.before !== undefined) base = base.where('id', '<', query.before);
  const rows = await base.selectAll().orderBy('id', 'desc').limit(limit + 1).execute();
  const items = rows.slice(0, limit);
  return { items, unread: Number(unread.n), next: rows.length > limit ? items.at(-1)!.id : null };
}

/** Marks one of the caller's notifications read; another's answers exactly like a missing one. */
export async function markRead(ctx: Context, account: Account, id: number) {
  await ctx.db
    .updateTable('notifications')
    .set({ readAt: ctx.now().toISOString() })
    .where('id', '=', id)
    .where('userId', '=', account.id)
    .where('readAt', 'is', null)
    .execute();
  const row = await ctx.db.selectFrom('notifications').selectAll().where('id', '=', id).where('userId', '=', account.id).executeTakeFirst();
  if (!row) throw errors.notFound('notification');
  return row;
}

export async function markAllRead(ctx: Context, account: Account): Promise<number> {
  const result = await ctx.db
    .updateTable('notifications')
    .set({ readAt: ctx.now().toISOString() })
    .where('userId', '=', account.id)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
