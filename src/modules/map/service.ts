// What the console map draws: the tile settings, and the grids in the caller's scope with the
// requests still waiting in each. Counts come from the same filtered query as GET /requests,
// so a grid's figures always match the list its link opens.
import { ALLOWED_FROM, type RequestState } from '../../core/lifecycle.js';
import type { MapConfig } from '../../config.js';
import type { Context } from '../../server/types.js';
import { filteredRequests } from '../requests/lists.js';
import { type Account, inSubtree } from '../shared/account.js';
import { authorize } from '../shared/http.js';

/**
 * States in which somebody still owes work on a request: the states the sweeper marks overdue
 * from, as in the inbox's overdue view. A resolved request waits only for the resident's rating.
 */
export const OPEN_STATES: readonly RequestState[] = ALLOWED_FROM.markOverdue;

export interface GridOnMap {
  id: number;
  name: string;
  code: string | null;
  community: { id: number; name: string };
  gridWorker: { id: number; displayName: string } | null;
  /** GeoJSON Polygon or MultiPolygon, WGS-84. */
  boundary: object | null;
  openRequests: number;
  overdueRequests: number;
}

export function mapSettings(ctx: Context): MapConfig {
  return ctx.config.map;
}

/** Every grid in the account's scope with its open and overdue requests (those the account may see). */
export async function gridLayer(ctx: Context, account: Account): Promise<GridOnMap[]> {
  authorize(account, 'grids', 'read');
  const open = await filteredRequests(ctx, account, { state: [...OPEN_STATES] });
  const [grids, counts] = await Promise.all([
    ctx.db
      .selectFrom('orgUnits as grid')
      .innerJoin('orgUnits as community', 'community.id', 'grid.communityId')
      .select(['grid.id', 'grid.name', 'grid.code', 'grid.boundary', 'grid.communityId', 'community.name as communityName'])
      .where('grid.kind', '=', 'grid')
      .where(inSubtree(account, 'grid'))
      .orderBy('grid.communityId')
      .orderBy('grid.name')
      .orderBy('grid.id')
      .execute(),
    open
      .select((eb) => [
        'requests.gridId',
        eb.fn.countAll<number>().as('open'),
        eb.fn
          .countAll<number>()
          .filterWhere((w) => w.or([w('requests.overdueAccept', '=', 1), w('requests.overdueResolve', '=', 1)]))
          .as('overdue'),
      ])
      .groupBy('requests.gridId')
      .execute(),
  ]);
  const workers =
    grids.length === 0
      ? []
      : await ctx.db
          .selectFrom('users')
          .select(['id', 'displayName', 'scopeUnitId'])
          .where('role', '=', 'grid_worker')
          .where('disabled', '=', 0)
          .where(
            'scopeUnitId',
            'in',
            grids.map((g) => g.id),
          )
          .orderBy('id')
          .execute();
  const workerOf = new Map<number, { id: number; displayName: string }>();
  for (const w of workers) if (!workerOf.has(w.scopeUnitId!)) workerOf.set(w.scopeUnitId!, { id: w.id, displayName: w.displayName });
  const countOf = new Map(counts.map((c) => [c.gridId, c]));
  return grids.map((g) => {
    const count = countOf.get(g.id);
    return {
      id: g.id,
      name: g.name,
      code: g.code,
      community: { id: g.communityId!, name: g.communityName },
      gridWorker: workerOf.get(g.id) ?? null,
      boundary: g.boundary ? (JSON.parse(g.boundary) as object) : null,
      openRequests: Number(count?.open ?? 0),
      overdueRequests: Number(count?.overdue ?? 0),
    };
  });
}
