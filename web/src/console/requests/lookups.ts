// The lists the request pages choose from: categories, the register units and compounds the
// account may read, property companies and grid workers. Each is fetched once per page load.
import { api } from '../../shared/api';
import { may } from '../../shared/auth';
import type { Me } from '../../shared/types';
import type { Category } from './model';
import { once } from '../../shared/once';

export interface UnitRow {
  id: number;
  kind: 'street' | 'community' | 'grid';
  name: string;
  parentId: number | null;
}

export interface NamedRow {
  id: number;
  name: string;
}

export interface PersonRow {
  id: number;
  displayName: string;
  scopeUnitId: number | null;
}

/** Register lists page by at most 500; a district has a few hundred of each at most. */
async function all<T>(path: string, query: Record<string, string | number> = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const answer = await api.get<{ items: T[]; total: number }>(path, { ...query, page, pageSize: 500 });
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length === 0) return items;
  }
}

export const categories = () => once('categories', () => api.get<Category[]>('/categories'));

/** Streets, communities and grids the account may read (none for roles without the grant). */
export function units(me: Me): Promise<UnitRow[]> {
  return once(`units:${me.id}`, async () => {
    const kinds = [
      ['streets', '/streets'],
      ['communities', '/communities'],
      ['grids', '/grids'],
    ] as const;
    const lists = await Promise.all(kinds.map(([resource, path]) => (may(me, resource) ? all<UnitRow>(path, { sort: 'code' }) : Promise.resolve([]))));
    return lists.flat().map((u) => ({ id: u.id, kind: u.kind, name: u.name, parentId: u.parentId }));
  });
}

export function compounds(me: Me): Promise<NamedRow[]> {
  return once(`compounds:${me.id}`, async () =>
    may(me, 'compounds') ? (await all<NamedRow>('/compounds', { sort: 'name' })).map((c) => ({ id: c.id, name: c.name })) : [],
  );
}

export function companies(me: Me): Promise<NamedRow[]> {
  return once(`companies:${me.id}`, async () =>
    may(me, 'propertyCompanies') ? (await all<NamedRow>('/property-companies')).map((c) => ({ id: c.id, name: c.name })) : [],
  );
}

export function gridWorkers(me: Me): Promise<PersonRow[]> {
  return once(`gridWorkers:${me.id}`, async () =>
    may(me, 'users')
      ? (await all<PersonRow & { disabled: boolean }>('/users', { role: 'grid_worker' }))
          .filter((u) => !u.disabled)
          .map((u) => ({ id: u.id, displayName: u.displayName, scopeUnitId: u.scopeUnitId }))
      : [],
  );
}
