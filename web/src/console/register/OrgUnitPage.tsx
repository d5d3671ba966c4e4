// The list and forms shared by communities and grids: name, code, place in the tree, contact,
// and the outline as pasted GeoJSON (the API checks that it is a valid area inside its parent).
import { App as AntApp, Button, Form, Input, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, errorText } from '../../shared/api';
import { may, useAuth } from '../../shared/auth';
import { useApi } from '../../shared/useApi';
import { changes, FieldRow, FormModal, geoJsonRule, parseGeoJson, showGeoJson, text } from './forms';
import { IdFilter, PageTitle, RegisterTable, SearchBox, Toolbar, useListQuery } from './list';
import { forgetOrgTree, type OrgTree, useOrgTree } from './orgTree';
import { OrgUnitPicker } from './pickers';
import type { NumberedPage, OrgUnit } from './types';

type Kind = 'community' | 'grid';
const PATH: Record<Kind, 'communities' | 'grids'> = { community: 'communities', grid: 'grids' };
const PARENT: Record<Kind, { field: 'streetId' | 'communityId'; kind: 'street' | 'community' }> = {
  community: { field: 'streetId', kind: 'street' },
  grid: { field: 'communityId', kind: 'community' },
};

interface UnitValues {
  name: string;
  code?: string;
  parentId?: number;
  address?: string;
  phone?: string;
  boundary?: string;
}

const fields = (v: UnitValues) => ({
  name: v.name.trim(),
  code: text(v.code),
  address: text(v.address),
  phone: text(v.phone),
  boundary: parseGeoJson(v.boundary),
});

const valuesOf = (u: OrgUnit): UnitValues => ({
  name: u.name,
  code: u.code ?? undefined,
  address: u.address ?? undefined,
  phone: u.phone ?? undefined,
  boundary: showGeoJson(u.boundary),
});

export function OrgUnitPage({ kind }: { kind: Kind }) {
  const { t } = useTranslation('register');
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const resource = PATH[kind];
  const ns = kind === 'community' ? 'communities' : 'grids';
  const list = useListQuery();
  const query = list.query(kind === 'community' ? ['q', 'streetId'] : ['q', 'streetId', 'communityId']);
  const state = useApi(() => api.get<NumberedPage<OrgUnit>>(`/${resource}`, query), [resource, JSON.stringify(query)]);
  const tree = useOrgTree();
  const [editing, setEditing] = useState<OrgUnit | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;

  const changed = () => {
    forgetOrgTree();
    tree.reload();
    state.reload();
  };
  const remove = async (unit: OrgUnit) => {
    try {
      await api.delete(`/${resource}/${unit.id}`);
      void message.success(t('ui.deleted'));
      changed();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const orgTree = tree.data;
  const streets = orgTree?.ofKind('street') ?? [];
  const streetId = Number(list.get('streetId')) || undefined;
  const communities = (orgTree?.ofKind('community') ?? []).filter((c) => !streetId || c.parentId === streetId);
  const showStreet = streets.length > 1;

  return (
    <>
      <PageTitle
        title={t(`${ns}.title`)}
        extra={
          may(me, resource, 'c') && (
            <Button type="primary" onClick={() => setEditing('new')}>
              {t(`${ns}.new`)}
            </Button>
          )
        }
      />
      <Toolbar>
        <SearchBox list={list} placeholder={t(`${ns}.search`)} />
        {showStreet && <IdFilter list={list} param="streetId" label={t('fields.street')} options={streets} clear={['communityId']} />}
        {kind === 'grid' && communities.length > 1 && <IdFilter list={list} param="communityId" label={t('fields.community')} options={communities} />}
      </Toolbar>
      <RegisterTable<OrgUnit>
        label={t(`${ns}.title`)}
        state={state}
        list={list}
        sortable={['name', 'code']}
        columns={[
          { key: 'name', title: t('fields.name'), dataIndex: 'name' },
          { key: 'code', title: t('fields.code'), dataIndex: 'code', render: (code: string | null) => code ?? '—' },
          ...(showStreet ? [{ key: 'street', title: t('fields.street'), render: (_: unknown, u: OrgUnit) => orgTree?.name(u.streetId) }] : []),
          ...(kind === 'grid'
            ? [
                { key: 'community', title: t('fields.community'), render: (_: unknown, u: OrgUnit) => orgTree?.name(u.communityId) },
                {
                  key: 'gridWorker',
                  title: t('grids.gridWorker'),
                  render: (_: unknown, u: OrgUnit) => u.gridWorker?.displayName ?? t('grids.noGridWorker'),
                },
              ]
            : [
                {
                  key: 'grids',
                  title: t('communities.gridCount'),
                  align: 'right' as const,
                  render: (_: unknown, u: OrgUnit) => {
                    const count = orgTree?.children(u.id).filter((g) => g.kind === 'grid').length;
                    return count ? <Link to={`/register/grids?communityId=${u.id}`}>{count}</Link> : (count ?? '—');
                  },
                },
              ]),
          { key: 'address', title: t('fields.address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          { key: 'phone', title: t('fields.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          {
            key: 'boundary',
            title: t('compound.boundary'),
            render: (_: unknown, u: OrgUnit) => (u.boundary ? t('compound.hasBoundary') : t('ui.none')),
          },
          ...(may(me, resource, 'u') || may(me, resource, 'd')
            ? [
                {
                  key: 'actions',
                  title: t('ui.actions'),
                  render: (_: unknown, u: OrgUnit) => (
                    <Space>
                      {may(me, resource, 'u') && (
                        <Button type="link" size="small" onClick={() => setEditing(u)}>
                          {t('common:actions.edit')}
                        </Button>
                      )}
                      {may(me, resource, 'd') && (
                        <Popconfirm title={t('ui.confirmDelete', { name: u.name })} onConfirm={() => remove(u)}>
                          <Button type="link" size="small" danger>
                            {t('common:actions.delete')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FormModal<UnitValues, OrgUnit>
        open={editing !== null}
        width={640}
        title={current ? t(`${ns}.edit`, { name: current.name }) : t(`${ns}.new`)}
        onClose={() => setEditing(null)}
        initialValues={current ? valuesOf(current) : { parentId: kind === 'grid' ? (Number(list.get('communityId')) || undefined) : streetId }}
        aliases={{ [PARENT[kind].field]: 'parentId' }}
        onSubmit={async (values) => {
          if (!current) return api.post<OrgUnit>(`/${resource}`, { ...fields(values), [PARENT[kind].field]: values.parentId });
          const patch = changes(fields(valuesOf(current)), fields(values));
          return Object.keys(patch).length === 0 ? undefined : api.patch<OrgUnit>(`/${resource}/${current.id}`, patch);
        }}
        onSaved={() => {
          setEditing(null);
          changed();
        }}
      >
        {orgTree && <UnitFields kind={kind} tree={orgTree} adding={!current} />}
      </FormModal>
    </>
  );
}

function UnitFields({ kind, tree, adding }: { kind: Kind; tree: OrgTree; adding: boolean }) {
  const { t } = useTranslation('register');
  const required = { required: true, message: t('ui.required') };
  const parent = PARENT[kind];
  return (
    <>
      <FieldRow>
        <Form.Item name="name" label={t('fields.name')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="code" label={t('fields.code')} extra={t(kind === 'community' ? 'communities.codeHint' : 'grids.codeHint')}>
          <Input maxLength={32} />
        </Form.Item>
      </FieldRow>
      {adding && (
        <Form.Item name="parentId" label={t(`fields.${parent.kind}`)} rules={[required]}>
          <OrgUnitPicker tree={tree} pick={[parent.kind]} deepest={parent.kind} />
        </Form.Item>
      )}
      <FieldRow>
        <Form.Item name="address" label={t('fields.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={t('fields.phone')}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
      </FieldRow>
      <Form.Item
        name="boundary"
        label={t('fields.boundary')}
        extra={t('fields.boundaryHint')}
        rules={[...(kind === 'grid' ? [{ required: true, message: t('grids.boundaryRequired') }] : []), geoJsonRule(t)]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
      </Form.Item>
    </>
  );
}
