// Account administration (账号管理): the accounts in scope with role, scope and phone as the API
// shows them (masked where the caller may not see personal data); create, edit, disable and
// enable the accounts of the roles this account may manage.
import { App as AntApp, Button, Form, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, errorText } from '../../../shared/api';
import { may, useAuth } from '../../../shared/auth';
import type { Role } from '../../../shared/types';
import { useApi } from '../../../shared/useApi';
import { NotFound } from '../../components/States';
import { changes, FieldRow, FormModal, text } from '../../register/forms';
import { PageTitle, RegisterTable, SearchBox, Toolbar, useListQuery } from '../../register/list';
import { type OrgTree, useOrgTree } from '../../register/orgTree';
import { OrgUnitPicker, RemotePicker } from '../../register/pickers';
import { DERIVED_SCOPE, manageableRoles, ROLES, SCOPE_KIND } from '../../register/rules';
import type { NumberedPage, OrgKind, User } from '../../register/types';
import { shanghaiTime } from '../../../shared/time';

/** The record each role names, and where to read its name. */
const LINKS = [
  { field: 'propertyCompanyId', role: 'property_staff', path: '/property-companies' },
  { field: 'unitId', role: 'unit_liaison', path: '/units' },
  { field: 'compoundId', role: 'resident', path: '/compounds' },
  { field: 'partyOrgId', role: 'party_secretary', path: '/party-orgs' },
] as const;

const names = new Map<string, string>();

/** Names of the records the listed accounts point at, read once each. */
function useLinkNames(users: User[] | undefined): (path: string, id: number) => string | undefined {
  const [, setRound] = useState(0);
  useEffect(() => {
    const wanted = new Set<string>();
    for (const user of users ?? []) {
      for (const link of LINKS) {
        const id = user[link.field];
        if (id !== null && !names.has(`${link.path}/${id}`)) wanted.add(`${link.path}/${id}`);
      }
    }
    if (wanted.size === 0) return;
    let live = true;
    void Promise.all(
      [...wanted].map((path) =>
        api
          .get<{ name: string }>(path)
          .then((item) => names.set(path, item.name))
          .catch(() => names.set(path, `#${path.split('/').pop()}`)),
      ),
    ).then(() => live && setRound((r) => r + 1));
    return () => {
      live = false;
    };
  }, [users]);
  return (path, id) => names.get(`${path}/${id}`);
}

export default function Accounts() {
  const { me } = useAuth();
  if (!may(me, 'users', 'c')) return <NotFound />;
  return <AccountsPage />;
}

function AccountsPage() {
  const { t } = useTranslation('register');
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const list = useListQuery();
  const query = list.query(['q', 'role', 'scopeUnitId']);
  const state = useApi(() => api.get<NumberedPage<User>>('/users', query), [JSON.stringify(query)]);
  const tree = useOrgTree();
  const linkName = useLinkNames(state.data?.items);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;
  const manageable = manageableRoles(me!.role);
  const manages = (user: User) => manageable.includes(user.role) && user.id !== me!.id;

  const patch = async (user: User, body: object, done: string) => {
    try {
      await api.patch(`/users/${user.id}`, body);
      void message.success(done);
      state.reload();
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  const remove = async (user: User) => {
    try {
      await api.delete(`/users/${user.id}`);
      void message.success(t('ui.deleted'));
      state.reload();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  return (
    <>
      <PageTitle
        title={t('accounts.title')}
        extra={
          manageable.length > 0 && (
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('accounts.new')}
            </Button>
          )
        }
      />
      <Toolbar>
        <SearchBox list={list} placeholder={t('accounts.search')} />
        <Select<Role>
          aria-label={t('accounts.role')}
          placeholder={t('accounts.role')}
          allowClear
          value={list.get('role') as Role | undefined}
          onChange={(role) => list.set({ role })}
          options={ROLES.map((role) => ({ value: role, label: t(`common:roles.${role}`) }))}
          style={{ width: 180 }}
          popupMatchSelectWidth={false}
        />
        {tree.data && (
          <div style={{ width: 220 }}>
            <OrgUnitPicker
              tree={tree.data}
              pick={['district', 'street', 'community', 'grid']}
              aria-label={t('accounts.scope')}
              placeholder={t('accounts.scope')}
              allowClear
              value={Number(list.get('scopeUnitId')) || null}
              onChange={(id) => list.set({ scopeUnitId: id })}
            />
          </div>
        )}
      </Toolbar>
      <RegisterTable<User>
        label={t('accounts.title')}
        state={state}
        list={list}
        sortable={['username', 'displayName', 'role']}
        columns={[
          { key: 'username', title: t('accounts.username'), dataIndex: 'username' },
          { key: 'displayName', title: t('accounts.displayName'), dataIndex: 'displayName' },
          { key: 'role', title: t('accounts.role'), dataIndex: 'role', render: (role: Role) => <Tag>{t(`common:roles.${role}`)}</Tag> },
          { key: 'scope', title: t('accounts.scope'), render: (_, u) => tree.data?.name(u.scopeUnitId) ?? '' },
          {
            key: 'link',
            title: t('accounts.link'),
            render: (_, u) => {
              const link = LINKS.find((l) => u[l.field] !== null);
              return link ? (linkName(link.path, u[link.field]!) ?? '…') : '—';
            },
          },
          { key: 'phone', title: t('fields.phone'), dataIndex: 'phone', render: (phone: string | null) => phone ?? '—' },
          {
            key: 'status',
            title: t('accounts.status'),
            render: (_, u) =>
              u.disabled ? <Tag color="default">{t('accounts.disabled')}</Tag> : <Tag color="green">{t('accounts.active')}</Tag>,
          },
          {
            key: 'lastLoginAt',
            title: t('accounts.lastLogin'),
            dataIndex: 'lastLoginAt',
            render: (at: string | null) => (at ? shanghaiTime(at) : t('accounts.never')),
          },
          {
            key: 'actions',
            title: t('ui.actions'),
            render: (_, u) =>
              manages(u) ? (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing(u)}>
                    {t('common:actions.edit')}
                  </Button>
                  {u.disabled ? (
                    <Button type="link" size="small" onClick={() => patch(u, { disabled: false }, t('accounts.enabled'))}>
                      {t('accounts.enable')}
                    </Button>
                  ) : (
                    <Popconfirm title={t('accounts.confirmDisable', { name: u.displayName })} onConfirm={() => patch(u, { disabled: true }, t('accounts.disabledDone'))}>
                      <Button type="link" size="small" danger>
                        {t('accounts.disable')}
                      </Button>
                    </Popconfirm>
                  )}
                  {!u.lastLoginAt && (
                    <Popconfirm title={t('ui.confirmDelete', { name: u.username })} onConfirm={() => remove(u)}>
                      <Button type="link" size="small" danger>
                        {t('common:actions.delete')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      <FormModal<AccountValues, User>
        open={editing !== null}
        width={640}
        title={current ? t('accounts.edit', { name: current.username }) : t('accounts.new')}
        onClose={() => setEditing(null)}
        initialValues={current ? valuesOf(current) : { role: manageable.includes('community_staff') ? 'community_staff' : manageable[0] }}
        onSubmit={async (values) => {
          if (!current) return api.post<User>('/users', { username: values.username!.trim(), ...body(values), password: values.password });
          const change = changes(body(valuesOf(current)), body(values));
          const all = values.password ? { ...change, password: values.password } : change;
          return Object.keys(all).length === 0 ? undefined : api.patch<User>(`/users/${current.id}`, all);
        }}
        onSaved={() => {
          setEditing(null);
          state.reload();
        }}
      >
        {tree.data && <AccountFields tree={tree.data} user={current} roles={manageable} linkName={linkName} />}
      </FormModal>
    </>
  );
}

interface AccountValues {
  username?: string;
  displayName: string;
  role: Role;
  password?: string;
  scopeUnitId?: number | null;
  propertyCompanyId?: number | null;
  unitId?: number | null;
  compoundId?: number | null;
  partyOrgId?: number | null;
  phone?: string;
  idNumber?: string;
}

/** The API body: the scope and the one record the role names, nothing the role does not use. */
function body(v: AccountValues) {
  const role = v.role;
  const link = LINKS.find((l) => l.role === role);
  return {
    displayName: v.displayName.trim(),
    role,
    ...(!DERIVED_SCOPE.includes(role) && v.scopeUnitId != null && { scopeUnitId: v.scopeUnitId }),
    ...(link && { [link.field]: v[link.field] ?? null }),
    phone: text(v.phone),
    idNumber: text(v.idNumber),
  };
}

const valuesOf = (u: User): AccountValues => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  scopeUnitId: u.scopeUnitId,
  propertyCompanyId: u.propertyCompanyId,
  unitId: u.unitId,
  compoundId: u.compoundId,
  partyOrgId: u.partyOrgId,
  phone: u.phone ?? undefined,
  idNumber: u.idNumber ?? undefined,
});

function AccountFields({
  tree,
  user,
  roles,
  linkName,
}: {
  tree: OrgTree;
  user: User | null;
  roles: readonly Role[];
  linkName: (path: string, id: number) => string | undefined;
}) {
  const { t } = useTranslation('register');
  const form = Form.useFormInstance<AccountValues>();
  const role = (Form.useWatch('role') as Role | undefined) ?? user?.role;
  const required = { required: true, message: t('ui.required') };
  const scopeKind = role ? SCOPE_KIND[role] : undefined;
  const link = LINKS.find((l) => l.role === role);
  const pick: readonly OrgKind[] = scopeKind ? [scopeKind] : ['district', 'street', 'community', 'grid'];
  const linkLabel = (field: (typeof LINKS)[number]['field']) => {
    const id = user?.[field];
    const path = LINKS.find((l) => l.field === field)!.path;
    return id ? linkName(path, id) : undefined;
  };

  return (
    <>
      <FieldRow>
        <Form.Item
          name="username"
          label={t('accounts.username')}
          rules={user ? [] : [required, { pattern: /^[A-Za-z0-9_.-]{2,50}$/, message: t('accounts.usernameRule') }]}
        >
          <Input maxLength={50} disabled={user !== null} autoFocus={user === null} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={50} autoFocus={user !== null} />
        </Form.Item>
      </FieldRow>
      <FieldRow>
        <Form.Item name="role" label={t('accounts.role')} rules={[required]}>
          <Select
            options={roles.map((value) => ({ value, label: t(`common:roles.${value}`) }))}
            onChange={(next: Role) => {
              // A scope of another kind no longer fits: pick again.
              if (SCOPE_KIND[next] !== scopeKind) form.setFieldValue('scopeUnitId', undefined);
            }}
          />
        </Form.Item>
        {role && !DERIVED_SCOPE.includes(role) ? (
          <Form.Item
            name="scopeUnitId"
            label={t('accounts.scope')}
            rules={scopeKind ? [required] : []}
            extra={scopeKind ? t(`accounts.scopeOf.${scopeKind}`) : t('accounts.scopeDistrictDefault')}
          >
            <OrgUnitPicker tree={tree} pick={pick} deepest={scopeKind ?? 'grid'} allowClear={!scopeKind} />
          </Form.Item>
        ) : (
          <Form.Item label={t('accounts.scope')}>
            <Typography.Text type="secondary">{t('accounts.scopeDerived')}</Typography.Text>
          </Form.Item>
        )}
      </FieldRow>
      {link && (
        <Form.Item name={link.field} label={t(`accounts.links.${link.field}`)} rules={[required]}>
          <RemotePicker path={link.path} label={linkLabel(link.field)} />
        </Form.Item>
      )}
      <Form.Item
        name="password"
        label={user ? t('accounts.newPassword') : t('accounts.password')}
        rules={[...(user ? [] : [required]), { min: 8, message: t('accounts.passwordRule') }]}
        extra={user ? t('accounts.newPasswordHint') : undefined}
      >
        <Input.Password maxLength={200} autoComplete="new-password" />
      </Form.Item>
      <FieldRow>
        <Form.Item name="phone" label={t('fields.phone')}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('accounts.idNumber')}>
          <Input maxLength={18} />
        </Form.Item>
      </FieldRow>
    </>
  );
}
