// Compounds (小区): the list in scope with their flags (old, three-nos, no property management,
// owners' committee, red-property stage), filtered by place, flag, stage and company.
import { Button, Checkbox, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../../shared/api';
import { may, useAuth } from '../../../shared/auth';
import { useApi } from '../../../shared/useApi';
import { CompoundFlags } from '../../register/compoundBits';
import { CompoundForm } from '../../register/CompoundForm';
import { IdFilter, PageTitle, RegisterTable, SearchBox, Toolbar, useListQuery } from '../../register/list';
import { useOrgTree } from '../../register/orgTree';
import { RemotePicker } from '../../register/pickers';
import { type Compound, type NumberedPage, RED_PROPERTY_STAGES } from '../../register/types';

const FILTERS = ['q', 'streetId', 'communityId', 'gridId', 'propertyCompanyId', 'isOld', 'isThreeNos', 'noPropertyManagement', 'redPropertyStage'] as const;
const FLAGS = [
  ['isOld', 'old'],
  ['isThreeNos', 'threeNos'],
  ['noPropertyManagement', 'noProperty'],
] as const;

export default function Compounds() {
  const { t } = useTranslation('register');
  const { me } = useAuth();
  const navigate = useNavigate();
  const list = useListQuery();
  const query = list.query(FILTERS);
  const state = useApi(() => api.get<NumberedPage<Compound>>('/compounds', query), [JSON.stringify(query)]);
  const tree = useOrgTree();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Compound | null>(null);

  const streetId = Number(list.get('streetId')) || undefined;
  const communityId = Number(list.get('communityId')) || undefined;
  const streets = tree.data?.ofKind('street') ?? [];
  const communities = (tree.data?.ofKind('community') ?? []).filter((c) => !streetId || c.parentId === streetId);
  const grids = communityId ? (tree.data?.children(communityId) ?? []) : [];

  return (
    <>
      <PageTitle
        title={t('compounds.title')}
        extra={
          may(me, 'compounds', 'c') && (
            <Button type="primary" onClick={() => setAdding(true)}>
              {t('compounds.new')}
            </Button>
          )
        }
      />
      <Toolbar>
        <SearchBox list={list} placeholder={t('compounds.search')} />
        {streets.length > 1 && <IdFilter list={list} param="streetId" label={t('fields.street')} options={streets} clear={['communityId', 'gridId']} />}
        {communities.length > 1 && <IdFilter list={list} param="communityId" label={t('fields.community')} options={communities} clear={['gridId']} />}
        {grids.length > 0 && <IdFilter list={list} param="gridId" label={t('fields.grid')} options={grids} />}
      </Toolbar>
      <Toolbar>
        {may(me, 'propertyCompanies') && me?.role !== 'property_staff' && (
          <div style={{ width: 220 }}>
            <RemotePicker
              path="/property-companies"
              aria-label={t('compounds.propertyCompany')}
              placeholder={t('compounds.propertyCompany')}
              allowClear
              value={Number(list.get('propertyCompanyId')) || null}
              onChange={(id) => list.set({ propertyCompanyId: id })}
            />
          </div>
        )}
        <Select
          aria-label={t('compounds.redPropertyStage')}
          placeholder={t('compounds.redPropertyStage')}
          allowClear
          value={list.get('redPropertyStage')}
          onChange={(stage) => list.set({ redPropertyStage: stage })}
          options={RED_PROPERTY_STAGES.map((stage) => ({ value: stage, label: t(`stages.${stage}`) }))}
          style={{ width: 180 }}
          popupMatchSelectWidth={false}
        />
        {FLAGS.map(([param, flag]) => (
          <Checkbox key={param} checked={list.get(param) === 'true'} onChange={(e) => list.set({ [param]: e.target.checked ? 'true' : undefined })}>
            {t(`compounds.flags.${flag}`)}
          </Checkbox>
        ))}
      </Toolbar>
      <RegisterTable<Compound>
        label={t('compounds.title')}
        state={state}
        list={list}
        sortable={['name', 'households', 'buildYear']}
        columns={[
          { key: 'name', title: t('fields.name'), dataIndex: 'name', render: (name: string, c) => <Link to={`/register/compounds/${c.id}`}>{name}</Link> },
          { key: 'flags', title: t('compounds.flagsTitle'), render: (_, c) => <CompoundFlags compound={c} /> },
          { key: 'propertyCompany', title: t('compounds.propertyCompany'), render: (_, c) => c.propertyCompany?.name ?? '—' },
          { key: 'households', title: t('compounds.households'), dataIndex: 'households', align: 'right' },
          { key: 'buildYear', title: t('compounds.buildYear'), dataIndex: 'buildYear', align: 'right', render: (y: number | null) => y ?? '—' },
          ...(streets.length > 1 ? [{ key: 'street', title: t('fields.street'), render: (_: unknown, c: Compound) => c.street.name }] : []),
          { key: 'community', title: t('fields.community'), render: (_, c) => c.community.name },
          { key: 'grid', title: t('fields.grid'), render: (_, c) => c.grid.name },
          ...(may(me, 'compounds', 'u')
            ? [
                {
                  key: 'actions',
                  title: t('ui.actions'),
                  render: (_: unknown, c: Compound) => (
                    <Button type="link" size="small" onClick={() => setEditing(c)}>
                      {t('common:actions.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CompoundForm
        open={adding || editing !== null}
        compound={editing}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
        onSaved={(saved) => {
          setEditing(null);
          if (adding) {
            setAdding(false);
            navigate(`/register/compounds/${saved.id}`);
          } else state.reload();
        }}
      />
    </>
  );
}
