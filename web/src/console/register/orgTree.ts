// The org units in the account's scope (its district or street, communities, grids), loaded once
// per login and shared by the register pages: parent names in lists, the street and community
// filters, and the scope pickers of the forms. Forms that add or change units forget it.
import { api } from '../../shared/api';
import { may, useAuth } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import type { Area, NumberedPage, OrgKind, OrgUnit } from './types';

export interface UnitNode {
  id: number;
  kind: OrgKind;
  name: string;
  parentId: number | null;
  /** A point inside the unit's outline (the mean of its first ring), for forms to start from. */
  center: { lng: number; lat: number } | null;
}

export interface OrgTree {
  units: Map<number, UnitNode>;
  name(id: number | null | undefined): string;
  ofKind(kind: OrgKind): UnitNode[];
  children(id: number): UnitNode[];
}

/** Every page of a register list (pages of 500, the API's largest). */
export async function loadAll<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const answer = await api.get<NumberedPage<T>>(path, { ...query, page, pageSize: 500 });
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length === 0) return items;
  }
}

let cached: { key: string; tree: Promise<OrgTree> } | null = null;

/** Call after a street, community or grid was added, renamed or removed. */
export function forgetOrgTree(): void {
  cached = null;
}

export function loadOrgTree(me: Me): Promise<OrgTree> {
  const key = `${me.id}:${me.scope.id}`;
  if (cached?.key === key) return cached.tree;
  const tree = build(me);
  cached = { key, tree };
  tree.catch(() => {
    if (cached?.tree === tree) cached = null;
  });
  return tree;
}

async function build(me: Me): Promise<OrgTree> {
  const read = (resource: 'streets' | 'communities' | 'grids') => (may(me, resource) ? loadAll<OrgUnit>(`/${resource}`) : Promise.resolve([]));
  const [streets, communities, grids] = await Promise.all([read('streets'), read('communities'), read('grids')]);
  const units = new Map<number, UnitNode>();
  if (me.scope.kind === 'district') {
    units.set(me.scope.id, { id: me.scope.id, kind: 'district', name: me.scope.name, parentId: null, center: null });
  }
  for (const unit of [...streets, ...communities, ...grids]) {
    units.set(unit.id, { id: unit.id, kind: unit.kind, name: unit.name, parentId: unit.parentId, center: centerOf(unit.boundary) });
  }
  const all = [...units.values()];
  const byName = (a: UnitNode, b: UnitNode) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true });
  return {
    units,
    name: (id) => (id == null ? '' : (units.get(id)?.name ?? (id === me.scope.id ? me.scope.name : `#${id}`))),
    ofKind: (kind) => all.filter((u) => u.kind === kind).sort(byName),
    children: (id) => all.filter((u) => u.parentId === id).sort(byName),
  };
}

function centerOf(area: Area | null): { lng: number; lat: number } | null {
  const ring = (area?.type === 'Polygon' ? area.coordinates[0] : (area?.coordinates[0] as unknown[] | undefined)?.[0]) as number[][] | undefined;
  if (!ring || ring.length < 2) return null;
  const points = ring.slice(0, -1);
  const mean = (i: number) => Math.round((points.reduce((sum, p) => sum + (p[i] ?? 0), 0) / points.length) * 1e7) / 1e7;
  return { lng: mean(0), lat: mean(1) };
}

export function useOrgTree() {
  const { me } = useAuth();
  return useApi(() => loadOrgTree(me!), [me?.id]);
}

export interface TreeOption {
  value: number;
  title: string;
  disabled?: boolean;
  selectable?: boolean;
  children?: TreeOption[];
}

/**
 * TreeSelect data for picking an org unit: the scope's tree down to `deepest`, where only
 * units of the `pick` kinds can be chosen.
 */
export function treeOptions(tree: OrgTree, pick: readonly OrgKind[], deepest: OrgKind = 'grid'): TreeOption[] {
  const depth: Record<OrgKind, number> = { district: 0, street: 1, community: 2, grid: 3 };
  const node = (unit: UnitNode): TreeOption => {
    const kids = depth[unit.kind] < depth[deepest] ? tree.children(unit.id).map(node) : [];
    return {
      value: unit.id,
      title: unit.name,
      selectable: pick.includes(unit.kind),
      disabled: !pick.includes(unit.kind) && kids.length === 0,
      ...(kids.length > 0 && { children: kids }),
    };
  };
  const roots = [...tree.units.values()].filter((u) => u.parentId === null || !tree.units.has(u.parentId));
  return roots.sort((a, b) => depth[a.kind] - depth[b.kind]).map(node);
}
