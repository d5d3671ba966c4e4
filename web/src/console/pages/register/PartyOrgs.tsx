// Party organisations (党组织): the tree from the district committee through street working
// committees and community big party committees down to compound and red-property branches,
// with the member units registered with the big committees; create and edit where the role may.
import { App as AntApp, Button, DatePicker, Drawer, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, errorText } from '../../../shared/api';
import { may, useAuth } from '../../../shared/auth';
import { useApi } from '../../../shared/useApi';
import { Failed, Loaded, Loading, NothingYet } from '../../components/States';
import { changes, FieldRow, FormModal, numberOrNull, placeApiError } from '../../register/forms';
import { PageTitle, RegisterTable, SearchBox, Toolbar, useListQuery } from '../../register/list';
import { loadAll, type OrgTree, useOrgTree } from '../../register/orgTree';
import { OrgUnitPicker, RemotePicker } from '../../register/pickers';
import { attachesToCompound, attachKindsOf, hasMemberUnits, parentTypes } from '../../register/rules';
import { type MemberUnit, type NumberedPage, PARTY_ORG_TYPES, type PartyOrg, type PartyOrgType } from '../../register/types';

const TYPE_COLORS: Record<PartyOrgType, string> = {
  district_committee: 'red',
  street_working_committee: 'volcano',
  community_big_committee: 'orange',
  compound_branch: 'gold',
  red_property_branch: 'magenta',
  building_joint_committee: 'blue',
  small_individual_professional_branch: 'cyan',
};

type TreeRow = PartyOrg & { children?: TreeRow[] };

function buildTree(orgs: PartyOrg[]): TreeRow[] {
  const ids = new Set(orgs.map((o) => o.id));
  const kids = new Map<number, TreeRow[]>();
  const order = (a: PartyOrg, b: PartyOrg) =>
    PARTY_ORG_TYPES.indexOf(a.type) - PARTY_ORG_TYPES.indexOf(b.type) || a.name.localeCompare(b.name, 'zh-CN', { numeric: true });
  const row = (org: PartyOrg): TreeRow => {
    const children = (kids.get(org.id) ?? []).sort(order).map((child) => row(child));
    return children.length > 0 ? { ...org, children } : { ...org };
  };
  for (const org of orgs) {
    if (org.parentId !== null && ids.has(org.parentId)) kids.set(org.parentId, [...(kids.get(org.parentId) ?? []), org as TreeRow]);
  }
  return orgs.filter((o) => o.parentId === null || !ids.has(o.parentId)).sort(order).map(row);
}

export default function PartyOrgs() {
  const { t } = useTranslation('register');
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const list = useListQuery();
  const filtered = Boolean(list.get('q') || list.get('type'));
  const query = list.query(['q', 'type']);
  const all = useApi(() => loadAll<PartyOrg>('/party-orgs'), []);
  const page = useApi(
    () => (filtered ? api.get<NumberedPage<PartyOrg>>('/party-orgs', query) : Promise.resolve({ items: [], total: 0, page: 1, pageSize: 20 })),
    [filtered, JSON.stringify(query)],
  );
  const tree = useMemo(() => (all.data ? buildTree(all.data) : []), [all.data]);
  const [editing, setEditing] = useState<PartyOrg | 'new' | null>(null);
  const [members, setMembers] = useState<PartyOrg | null>(null);
  const current = editing === 'new' ? null : editing;

  const reload = () => {
    all.reload();
    if (filtered) page.reload();
  };
  const remove = async (org: PartyOrg) => {
    try {
      await api.delete(`/party-orgs/${org.id}`);
      void message.success(t('ui.deleted'));
      reload();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const columns = [
    {
      key: 'name',
      title: t('fields.name'),
      dataIndex: 'name',
      render: (name: string) => <Typography.Text strong={false}>{name}</Typography.Text>,
    },
    {
      key: 'type',
      title: t('partyOrgs.type'),
      dataIndex: 'type',
      render: (type: PartyOrgType) => <Tag color={TYPE_COLORS[type]}>{t(`partyOrgTypes.${type}`)}</Tag>,
    },
    { key: 'orgUnit', title: t('partyOrgs.orgUnit'), dataIndex: 'orgUnitName' },
    {
      key: 'compound',
      title: t('partyOrgs.compound'),
      render: (_: unknown, o: PartyOrg) => (o.compoundId ? <Link to={`/register/compounds/${o.compoundId}`}>{o.compoundName}</Link> : '—'),
    },
    { key: 'memberCount', title: t('partyOrgs.memberCount'), dataIndex: 'memberCount', align: 'right' as const, render: (n: number | null) => n ?? '—' },
    {
      key: 'memberUnitCount',
      title: t('partyOrgs.memberUnits'),
      align: 'right' as const,
      render: (_: unknown, o: PartyOrg) =>
        hasMemberUnits(o.type) ? (
          <Button type="link" size="small" onClick={() => setMembers(o)} aria-label={t('partyOrgs.memberUnitsOf', { name: o.name })}>
            {o.memberUnitCount}
          </Button>
        ) : (
          '—'
        ),
    },
    { key: 'foundedOn', title: t('partyOrgs.foundedOn'), dataIndex: 'foundedOn', render: (d: string | null) => d ?? '—' },
    ...(may(me, 'partyOrgs', 'u') || may(me, 'partyOrgs', 'd')
      ? [
          {
            key: 'actions',
            title: t('ui.actions'),
            render: (_: unknown, o: PartyOrg) => (
              <Space>
                {may(me, 'partyOrgs', 'u') && (
                  <Button type="link" size="small" onClick={() => setEditing(o)}>
                    {t('common:actions.edit')}
                  </Button>
                )}
                {may(me, 'partyOrgs', 'd') && (
                  <Popconfirm title={t('ui.confirmDelete', { name: o.name })} onConfirm={() => remove(o)}>
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
  ];

  return (
    <>
      <PageTitle
        title={t('partyOrgs.title')}
        extra={
          may(me, 'partyOrgs', 'c') && (
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('partyOrgs.new')}
            </Button>
          )
        }
      />
      <Toolbar>
        <SearchBox list={list} placeholder={t('partyOrgs.search')} />
        <Select
          aria-label={t('partyOrgs.type')}
          placeholder={t('partyOrgs.type')}
          allowClear
          value={list.get('type')}
          onChange={(type) => list.set({ type })}
          options={PARTY_ORG_TYPES.map((type) => ({ value: type, label: t(`partyOrgTypes.${type}`) }))}
          style={{ width: 200 }}
          popupMatchSelectWidth={false}
        />
      </Toolbar>
      {filtered ? (
        <RegisterTable<PartyOrg> label={t('partyOrgs.title')} state={page} list={list} columns={columns} sortable={['name', 'foundedOn']} />
      ) : all.error ? (
        <Failed error={all.error} retry={all.reload} />
      ) : !all.data ? (
        <Loading />
      ) : (
        <Table<TreeRow>
          aria-label={t('partyOrgs.tree')}
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tree}
          loading={all.loading}
          pagination={false}
          locale={{ emptyText: <NothingYet /> }}
          scroll={{ x: 'max-content' }}
          expandable={{
            defaultExpandedRowKeys: [...tree.map((root) => root.id), ...all.data.filter((o) => o.type === 'street_working_committee').map((o) => o.id)],
          }}
        />
      )}
      <PartyOrgForm open={editing !== null} org={current} all={all.data ?? []} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), reload())} />
      <MemberUnits org={members} onClose={() => setMembers(null)} onChanged={reload} />
    </>
  );
}

interface OrgValues {
  type: PartyOrgType;
  name: string;
  parentId?: number | null;
  orgUnitId?: number | null;
  compoundId?: number | null;
  propertyCompanyId?: number | null;
  unitId?: number | null;
  memberCount?: number | null;
  foundedOn?: Dayjs | null;
}

/** The body for the API: only the links the type carries. */
function body(v: OrgValues) {
  const type = v.type;
  return {
    name: v.name.trim(),
    parentId: parentTypes(type).length === 0 ? null : (v.parentId ?? null),
    ...(!attachesToCompound(type) && type !== 'district_committee' && { orgUnitId: v.orgUnitId ?? null }),
    compoundId: attachesToCompound(type) ? (v.compoundId ?? null) : null,
    propertyCompanyId: type === 'red_property_branch' ? (v.propertyCompanyId ?? null) : null,
    unitId: type === 'building_joint_committee' ? (v.unitId ?? null) : null,
    memberCount: numberOrNull(v.memberCount),
    foundedOn: v.foundedOn ? v.foundedOn.format('YYYY-MM-DD') : null,
  };
}

const valuesOf = (o: PartyOrg): OrgValues => ({
  type: o.type,
  name: o.name,
  parentId: o.parentId,
  orgUnitId: o.orgUnitId,
  compoundId: o.compoundId,
  propertyCompanyId: o.propertyCompanyId,
  unitId: o.unitId,
  memberCount: o.memberCount,
  foundedOn: o.foundedOn ? dayjs(o.foundedOn) : null,
});

function PartyOrgForm({ open, org, all, onClose, onSaved }: { open: boolean; org: PartyOrg | null; all: PartyOrg[]; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation('register');
  const tree = useOrgTree();
  return (
    <FormModal<OrgValues, PartyOrg>
      open={open}
      width={640}
      title={org ? t('partyOrgs.edit', { name: org.name }) : t('partyOrgs.new')}
      onClose={onClose}
      initialValues={org ? valuesOf(org) : { type: 'compound_branch' }}
      onSubmit={async (values) => {
        if (!org) {
          const { parentId, ...rest } = body(values);
          return api.post<PartyOrg>('/party-orgs', { type: values.type, ...rest, ...(parentId !== null && { parentId }) });
        }
        const patch = changes(body(valuesOf(org)), body({ ...values, type: org.type }));
        return Object.keys(patch).length === 0 ? undefined : api.patch<PartyOrg>(`/party-orgs/${org.id}`, patch);
      }}
      onSaved={onSaved}
    >
      <Loaded state={tree}>{(orgTree) => <OrgFields org={org} all={all} tree={orgTree} />}</Loaded>
    </FormModal>
  );
}

function OrgFields({ org, all, tree }: { org: PartyOrg | null; all: PartyOrg[]; tree: OrgTree }) {
  const { t } = useTranslation('register');
  const type = (Form.useWatch('type') as PartyOrgType | undefined) ?? org?.type ?? 'compound_branch';
  const required = { required: true, message: t('ui.required') };
  const parents = all.filter((o) => parentTypes(type).includes(o.type) && o.id !== org?.id);
  const parentOptions = parents.map((o) => ({ value: o.id, label: o.name }));
  if (org?.parentId && !parents.some((p) => p.id === org.parentId)) parentOptions.unshift({ value: org.parentId, label: t('partyOrgs.parentOutside') });
  const attach = attachKindsOf(type);
  return (
    <>
      <FieldRow>
        <Form.Item name="type" label={t('partyOrgs.type')} rules={[required]}>
          <Select disabled={org !== null} options={PARTY_ORG_TYPES.map((value) => ({ value, label: t(`partyOrgTypes.${value}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('fields.name')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
      </FieldRow>
      {parentTypes(type).length > 0 && (
        <Form.Item name="parentId" label={t('partyOrgs.parent')} rules={[required]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={parentOptions} placeholder={t('ui.choose')} />
        </Form.Item>
      )}
      {attachesToCompound(type) ? (
        <Form.Item name="compoundId" label={t('partyOrgs.compound')} rules={[required]}>
          <RemotePicker path="/compounds" label={org?.compoundName} />
        </Form.Item>
      ) : (
        type !== 'district_committee' && (
          <Form.Item name="orgUnitId" label={t('partyOrgs.orgUnit')} rules={[required]}>
            <OrgUnitPicker tree={tree} pick={attach} deepest={attach.includes('community') ? 'community' : 'street'} />
          </Form.Item>
        )
      )}
      {type === 'red_property_branch' && (
        <Form.Item name="propertyCompanyId" label={t('compounds.propertyCompany')} rules={[required]} extra={t('partyOrgs.companyHint')}>
          <RemotePicker path="/property-companies" />
        </Form.Item>
      )}
      {type === 'building_joint_committee' && (
        <Form.Item name="unitId" label={t('partyOrgs.building')}>
          <RemotePicker path="/units" query={{ kind: 'office_building' }} />
        </Form.Item>
      )}
      <FieldRow>
        <Form.Item name="memberCount" label={t('partyOrgs.memberCount')}>
          <InputNumber min={0} max={1000000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="foundedOn" label={t('partyOrgs.foundedOn')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </FieldRow>
    </>
  );
}

interface MemberValues {
  unitId: number;
  joinedOn?: Dayjs | null;
}

function MemberUnits({ org, onClose, onChanged }: { org: PartyOrg | null; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation('register');
  return (
    <Drawer open={org !== null} onClose={onClose} title={org ? t('partyOrgs.memberUnitsOf', { name: org.name }) : ''} size={560} destroyOnHidden>
      {org && <MemberUnitList org={org} onChanged={onChanged} />}
    </Drawer>
  );
}

function MemberUnitList({ org, onChanged }: { org: PartyOrg; onChanged(): void }) {
  const { t } = useTranslation('register');
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const [page, setPage] = useState(1);
  const state = useApi(() => api.get<NumberedPage<MemberUnit>>(`/party-orgs/${org.id}/member-units`, { page, pageSize: 20 }), [org.id, page]);
  const [form] = Form.useForm<MemberValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const mayChange = may(me, 'partyOrgs', 'u');

  const add = async (values: MemberValues) => {
    setBusy(true);
    setProblem(null);
    try {
      await api.post(`/party-orgs/${org.id}/member-units`, { unitId: values.unitId, joinedOn: values.joinedOn ? values.joinedOn.format('YYYY-MM-DD') : null });
      form.resetFields();
      state.reload();
      onChanged();
    } catch (error) {
      setProblem(placeApiError(form, error));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (unit: MemberUnit) => {
    try {
      await api.delete(`/party-orgs/${org.id}/member-units/${unit.unitId}`);
      state.reload();
      onChanged();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <>
      <Loaded state={state}>
        {(data) => (
          <Table<MemberUnit>
            rowKey="unitId"
            size="small"
            dataSource={data.items}
            loading={state.loading}
            locale={{ emptyText: <NothingYet /> }}
            pagination={data.total > data.pageSize && { current: data.page, pageSize: data.pageSize, total: data.total, onChange: setPage }}
            columns={[
              { key: 'name', title: t('fields.name'), dataIndex: 'name' },
              { key: 'kind', title: t('partyOrgs.unitKind'), dataIndex: 'kind', render: (kind: string) => t(`unitKinds.${kind}`) },
              { key: 'joinedOn', title: t('partyOrgs.joinedOn'), dataIndex: 'joinedOn', render: (d: string | null) => d ?? '—' },
              ...(mayChange
                ? [
                    {
                      key: 'actions',
                      title: t('ui.actions'),
                      render: (_: unknown, unit: MemberUnit) => (
                        <Popconfirm title={t('partyOrgs.confirmRemoveUnit', { name: unit.name })} onConfirm={() => remove(unit)}>
                          <Button type="link" size="small" danger>
                            {t('partyOrgs.removeUnit')}
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Loaded>
      {mayChange && (
        <Form<MemberValues> form={form} layout="vertical" onFinish={add} style={{ marginTop: 24 }}>
          <Typography.Title level={5}>{t('partyOrgs.addUnit')}</Typography.Title>
          {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
          <FieldRow>
            <Form.Item name="unitId" label={t('partyOrgs.unit')} rules={[{ required: true, message: t('ui.required') }]}>
              <RemotePicker path="/units" />
            </Form.Item>
            <Form.Item name="joinedOn" label={t('partyOrgs.joinedOn')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </FieldRow>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('partyOrgs.addUnit')}
          </Button>
        </Form>
      )}
    </>
  );
}
