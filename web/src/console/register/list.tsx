// Register lists: the filters, page and sort live in the address (so a list can be linked and
// comes back as it was), the API pages by number, and the table shows the loading, empty and
// error states the same way on every page.
import { Flex, Input, Select, Table, type TableColumnsType, type TablePaginationConfig, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Loaded } from '../../shared/useApi';
import { Failed, Loading, NothingYet } from '../components/States';
import type { NumberedPage } from './types';

export interface ListQuery {
  page: number;
  pageSize: number;
  sort: string | undefined;
  get(key: string): string | undefined;
  /** Changes filters; any change but paging goes back to the first page. */
  set(patch: Record<string, string | number | boolean | null | undefined>): void;
  /** The API query: page, pageSize, sort and the filters named in `keys`. */
  query(keys: readonly string[]): Record<string, string | number>;
}

export function useListQuery(defaultPageSize = 20): ListQuery {
  const [params, setParams] = useSearchParams();
  const number = (key: string, fallback: number) => {
    const value = Number(params.get(key));
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const page = number('page', 1);
  const pageSize = Math.min(number('pageSize', defaultPageSize), 500);
  const sort = params.get('sort') ?? undefined;
  return {
    page,
    pageSize,
    sort,
    get: (key) => params.get(key) ?? undefined,
    set: (patch) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      ),
    query: (keys) => {
      const out: Record<string, string | number> = { page, pageSize };
      if (sort) out.sort = sort;
      for (const key of keys) {
        const value = params.get(key);
        if (value !== null && value !== '') out[key] = value;
      }
      return out;
    },
  };
}

export function PageTitle({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 16, gap: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra}
    </div>
  );
}

/** The search box of a list: searches on Enter or when cleared. */
export function SearchBox({ list, placeholder, param = 'q' }: { list: ListQuery; placeholder: string; param?: string }) {
  const current = list.get(param) ?? '';
  const [value, setValue] = useState(current);
  useEffect(() => setValue(current), [current]);
  return (
    <Input.Search
      aria-label={placeholder}
      placeholder={placeholder}
      allowClear
      value={value}
      maxLength={50}
      onChange={(e) => {
        setValue(e.target.value);
        if (e.target.value === '' && current !== '') list.set({ [param]: undefined });
      }}
      onSearch={(q) => list.set({ [param]: q.trim() })}
      style={{ width: 240 }}
    />
  );
}

/** A filter on a parent record (street, community, grid) kept in the URL; choosing one clears `clear`. */
export function IdFilter({ list, param, label, options, clear = [] }: { list: ListQuery; param: string; label: string; options: { id: number; name: string }[]; clear?: string[] }) {
  return (
    <Select<number>
      aria-label={label}
      placeholder={label}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={Number(list.get(param)) || undefined}
      onChange={(value) => list.set({ [param]: value, ...Object.fromEntries(clear.map((c) => [c, undefined])) })}
      options={options.map((o) => ({ value: o.id, label: o.name }))}
      style={{ width: 170 }}
      popupMatchSelectWidth={false}
    />
  );
}

export function Toolbar({ children }: { children: ReactNode }) {
  return (
    <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
      {children}
    </Flex>
  );
}

/**
 * A paged register table. Columns whose `key` is in `sortable` sort on the server; the
 * header shows the order in the address.
 */
export function RegisterTable<T extends { id: number }>({
  state,
  list,
  columns,
  sortable = [],
  label,
}: {
  state: Loaded<NumberedPage<T>>;
  list: ListQuery;
  columns: TableColumnsType<T>;
  sortable?: readonly string[];
  label: string;
}) {
  const { t } = useTranslation('register');
  if (state.error) return <Failed error={state.error} retry={state.reload} />;
  if (!state.data) return <Loading />;
  const descending = list.sort?.startsWith('-');
  const sortKey = list.sort?.replace(/^-/, '');
  const withSort = columns.map((column) =>
    typeof column.key === 'string' && sortable.includes(column.key)
      ? { ...column, sorter: true, sortOrder: sortKey === column.key ? (descending ? ('descend' as const) : ('ascend' as const)) : null }
      : column.key === 'actions'
        ? { ...column, fixed: 'right' as const }
        : column,
  );
  const change = (pagination: TablePaginationConfig, _filters: unknown, sorter: SorterResult<T> | SorterResult<T>[]) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = one?.order ? String(one.columnKey) : undefined;
    const sort = key ? `${one?.order === 'descend' ? '-' : ''}${key}` : undefined;
    if (sort !== list.sort) list.set({ sort });
    else list.set({ page: pagination.current, pageSize: pagination.pageSize });
  };
  return (
    <Table<T>
      aria-label={label}
      rowKey="id"
      size="middle"
      columns={withSort}
      dataSource={state.data.items}
      loading={state.loading}
      locale={{ emptyText: <NothingYet /> }}
      scroll={{ x: 'max-content' }}
      onChange={change}
      pagination={{
        current: state.data.page,
        pageSize: state.data.pageSize,
        total: state.data.total,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => t('ui.total', { count: total }),
      }}
    />
  );
}
