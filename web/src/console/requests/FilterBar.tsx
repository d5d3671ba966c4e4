// The list's filters, read from and written to the URL query under the API's own names, so any
// page can link to e.g. /requests?unit=12&overdue=true and the list opens filtered.
import { Col, DatePicker, Form, Input, Row, Select, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import * as lookups from './lookups';
import type { UnitRow } from './lookups';
import { CHANNELS, type Category, type FilterKey, type Filters, STATES } from './model';

interface Props {
  filters: Filters;
  /** The inbox views of the account's role, for the view filter. */
  views: string[];
  onChange(changes: Partial<Record<FilterKey, string | null>>): void;
}

const GAP = { marginBottom: 12 };

interface TreeNode {
  value: number;
  title: string;
  children?: TreeNode[];
}

/** Streets › communities › grids as far as the account may read them; orphans become roots. */
function unitTree(rows: UnitRow[]): TreeNode[] {
  const nodes = new Map<number, TreeNode>(rows.map((u) => [u.id, { value: u.id, title: u.name }]));
  const roots: TreeNode[] = [];
  for (const u of rows) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId === null ? undefined : nodes.get(u.parentId);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

function categoryOptions(list: Category[], english: boolean, groupName: (code: string) => string) {
  const groups = new Map<string, { label: string; value: string }[]>();
  for (const c of list) {
    const options = groups.get(c.groupCode) ?? [];
    options.push({ label: english ? c.nameEn : c.nameZh, value: c.code });
    groups.set(c.groupCode, options);
  }
  return [...groups].map(([group, options]) => ({ label: groupName(group), title: groupName(group), options }));
}

function useLookups(me: Me) {
  return useApi(
    async () => {
      const [categories, units, compounds, companies, workers] = await Promise.all([
        lookups.categories(),
        lookups.units(me),
        lookups.compounds(me),
        // Property staff see only their own company's requests; the filter would say nothing.
        me.role === 'property_staff' ? Promise.resolve([]) : lookups.companies(me),
        lookups.gridWorkers(me),
      ]);
      return { categories, units, compounds, companies, workers };
    },
    [me.id],
  );
}

export function FilterBar({ filters, views, onChange }: Props) {
  const { t, i18n } = useTranslation('requests');
  const { me } = useAuth();
  const lists = useLookups(me!);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);

  const english = i18n.language === 'en';
  const data = lists.data;
  const tree = useMemo(() => unitTree(data?.units ?? []), [data?.units]);
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const loadingText = lists.error ? t('filters.listFailed') : undefined;
  const common = { allowClear: true, style: { width: '100%' }, loading: lists.loading, notFoundContent: loadingText };

  return (
    <Form layout="vertical" component="div" className="hy-request-filters">
      <Row gutter={[16, 0]}>
        <Col xs={24} md={12} xl={8}>
          <Form.Item style={GAP} label={t('filters.q')} htmlFor="request-q">
            <Input.Search
              id="request-q"
              value={q}
              allowClear
              placeholder={t('filters.qPlaceholder')}
              enterButton={t('common:actions.search')}
              maxLength={100}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(value) => onChange({ q: value.trim() || null })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item style={GAP} label={t('filters.state')} htmlFor="request-state">
            <Select
              id="request-state"
              mode="multiple"
              allowClear
              style={{ width: '100%' }}
              placeholder={t('filters.any')}
              value={filters.state ? filters.state.split(',') : []}
              options={STATES.map((s) => ({ value: s, label: t(`common:states.${s}`) }))}
              onChange={(values: string[]) => onChange({ state: values.length ? values.join(',') : null })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item style={GAP} label={t('filters.category')} htmlFor="request-category">
            <Select
              id="request-category"
              {...common}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('filters.any')}
              value={filters.categoryCode}
              options={categoryOptions(data?.categories ?? [], english, (g) => t(`groups.${g}`, { defaultValue: g }))}
              onChange={(value?: string) => onChange({ categoryCode: value ?? null })}
            />
          </Form.Item>
        </Col>
        {(tree.length > 0 || filters.unit) && (
          <Col xs={24} md={12} xl={6}>
            <Form.Item style={GAP} label={t('filters.unit')} htmlFor="request-unit">
              <TreeSelect
                id="request-unit"
                {...common}
                showSearch={{ treeNodeFilterProp: 'title' }}
                placeholder={t('filters.anyUnit')}
                value={number(filters.unit)}
                treeData={tree}
                treeDefaultExpandedKeys={tree.length === 1 ? [tree[0]!.value] : []}
                onChange={(value?: number) => onChange({ unit: value === undefined ? null : String(value) })}
              />
            </Form.Item>
          </Col>
        )}
        {((data?.compounds.length ?? 0) > 0 || filters.compoundId) && (
          <Col xs={24} md={12} xl={6}>
            <Form.Item style={GAP} label={t('filters.compound')} htmlFor="request-compound">
              <Select
                id="request-compound"
                {...common}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('filters.any')}
                value={number(filters.compoundId)}
                options={(data?.compounds ?? []).map((c) => ({ value: c.id, label: c.name }))}
                onChange={(value?: number) => onChange({ compoundId: value === undefined ? null : String(value) })}
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12} xl={6}>
          <Form.Item style={GAP} label={t('filters.channel')} htmlFor="request-channel">
            <Select
              id="request-channel"
              allowClear
              style={{ width: '100%' }}
              placeholder={t('filters.any')}
              value={filters.channel}
              options={CHANNELS.map((c) => ({ value: c, label: t(`common:channels.${c}`) }))}
              onChange={(value?: string) => onChange({ channel: value ?? null })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item style={GAP} label={t('filters.placed')} htmlFor="request-from">
            <DatePicker.RangePicker
              id={{ start: 'request-from', end: 'request-to' }}
              style={{ width: '100%' }}
              allowEmpty={[true, true]}
              value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
              onChange={(range) =>
                onChange({ from: range?.[0]?.format('YYYY-MM-DD') ?? null, to: range?.[1]?.format('YYYY-MM-DD') ?? null })
              }
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item style={GAP} label={t('filters.overdue')} htmlFor="request-overdue">
            <Select
              id="request-overdue"
              allowClear
              style={{ width: '100%' }}
              placeholder={t('filters.any')}
              value={filters.overdue}
              options={[
                { value: 'true', label: t('filters.overdueOnly') },
                { value: 'false', label: t('filters.notOverdue') },
              ]}
              onChange={(value?: string) => onChange({ overdue: value ?? null })}
            />
          </Form.Item>
        </Col>
        {((data?.companies.length ?? 0) > 0 || filters.handlerCompanyId) && (
          <Col xs={24} md={12} xl={6}>
            <Form.Item style={GAP} label={t('filters.handlerCompany')} htmlFor="request-company">
              <Select
                id="request-company"
                {...common}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('filters.any')}
                value={number(filters.handlerCompanyId)}
                options={(data?.companies ?? []).map((c) => ({ value: c.id, label: c.name }))}
                onChange={(value?: number) => onChange({ handlerCompanyId: value === undefined ? null : String(value) })}
              />
            </Form.Item>
          </Col>
        )}
        {((data?.workers.length ?? 0) > 0 || filters.handlerUserId) && (
          <Col xs={24} md={12} xl={6}>
            <Form.Item style={GAP} label={t('filters.handlerUser')} htmlFor="request-worker">
              <Select
                id="request-worker"
                {...common}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('filters.any')}
                value={number(filters.handlerUserId)}
                options={(data?.workers ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
                onChange={(value?: number) => onChange({ handlerUserId: value === undefined ? null : String(value) })}
              />
            </Form.Item>
          </Col>
        )}
        {(views.length > 0 || filters.view) && (
          <Col xs={24} md={12} xl={6}>
            <Form.Item style={GAP} label={t('filters.view')} htmlFor="request-view">
              <Select
                id="request-view"
                allowClear
                style={{ width: '100%' }}
                placeholder={t('filters.any')}
                value={filters.view}
                options={views.map((v) => ({ value: v, label: t(`views.${v}`) }))}
                onChange={(value?: string) => onChange({ view: value ?? null })}
              />
            </Form.Item>
          </Col>
        )}
      </Row>
    </Form>
  );
}
