// Pickers for the records a form points at: org units from the scope's tree, and compounds,
// property companies, units and party organisations searched through their API lists.
import { Select, TreeSelect } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { type OrgTree, treeOptions } from './orgTree';
import type { NumberedPage, OrgKind } from './types';

interface PickerProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  'aria-label'?: string;
}

/** Picks an org unit of the `pick` kinds from the scope's tree. */
export function OrgUnitPicker({ tree, pick, deepest, value, onChange, ...rest }: PickerProps & { tree: OrgTree; pick: readonly OrgKind[]; deepest?: OrgKind }) {
  const { t } = useTranslation('register');
  const options = useMemo(() => treeOptions(tree, pick, deepest), [tree, pick, deepest]);
  return (
    <TreeSelect<number | null>
      {...rest}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      treeData={options}
      fieldNames={{ label: 'title', value: 'value', children: 'children' }}
      treeDefaultExpandAll={tree.units.size <= 40}
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={rest.placeholder ?? t('ui.choose')}
      popupMatchSelectWidth={false}
      style={{ width: '100%', minWidth: 200 }}
    />
  );
}

interface Named {
  id: number;
  name: string;
}

/**
 * Picks a record from an API list searched by `q`: the first 30 on opening, the matches as
 * one types. `label` names the current value before the list has loaded.
 */
export function RemotePicker({
  path,
  query,
  label,
  value,
  onChange,
  describe,
  ...rest
}: PickerProps & {
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  label?: string | null;
  describe?: (item: Named & Record<string, unknown>) => string;
}) {
  const { t } = useTranslation('register');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const [search, setSearch] = useState('');
  const call = useRef(0);
  const queryKey = JSON.stringify(query ?? {});

  useEffect(() => {
    const mine = ++call.current;
    setLoading(true);
    const timer = setTimeout(() => {
      api
        .get<NumberedPage<Named & Record<string, unknown>>>(path, { ...(query ?? {}), q: search || undefined, pageSize: 30 })
        .then((page) => {
          if (mine === call.current) setOptions(page.items.map((item) => ({ value: item.id, label: describe ? describe(item) : item.name })));
        })
        .catch(() => {
          if (mine === call.current) setOptions([]);
        })
        .finally(() => {
          if (mine === call.current) setLoading(false);
        });
    }, search ? 300 : 0);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, queryKey, search]);

  // A value that is not among the loaded options is named by `label`, or read from `${path}/${value}`.
  const [named, setNamed] = useState<{ value: number; label: string } | null>(null);
  const missing = value != null && !loading && !options.some((o) => o.value === value) && !label && named?.value !== value;
  useEffect(() => {
    if (!missing || value == null) return;
    let live = true;
    api
      .get<Named & Record<string, unknown>>(`${path}/${value}`)
      .then((item) => live && setNamed({ value, label: describe ? describe(item) : item.name }))
      .catch(() => live && setNamed({ value, label: `#${value}` }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [missing, value, path]);
  const extra = value != null && label ? { value, label } : named?.value === value ? named : null;
  const shown = extra && !options.some((o) => o.value === extra.value) ? [extra, ...options] : options;
  return (
    <Select<number | null>
      {...rest}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={shown}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onOpenChange={(open) => !open && search && setSearch('')}
      placeholder={rest.placeholder ?? t('ui.searchToChoose')}
      notFoundContent={loading ? t('common:status.loading') : t('common:status.empty')}
      style={{ width: '100%', minWidth: 200 }}
    />
  );
}
