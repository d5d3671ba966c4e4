// Property companies (物业企业): the district's list, searched by name or credit code, with the
// number of compounds each manages; create and edit where the role may.
import { Button, Form, Input, Popconfirm, Space, App as AntApp } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, errorText } from '../../../shared/api';
import { may, useAuth } from '../../../shared/auth';
import { useApi } from '../../../shared/useApi';
import { changes, FieldRow, FormModal, formValues, text } from '../../register/forms';
import { PageTitle, RegisterTable, SearchBox, Toolbar, useListQuery } from '../../register/list';
import type { Company, NumberedPage } from '../../register/types';

interface CompanyValues {
  name: string;
  creditCode?: string;
  contactName?: string;
  contactPhone?: string;
  servicePhone?: string;
  address?: string;
}

const body = (v: CompanyValues) => ({
  name: v.name.trim(),
  creditCode: text(v.creditCode),
  contactName: text(v.contactName),
  contactPhone: text(v.contactPhone),
  servicePhone: text(v.servicePhone),
  address: text(v.address),
});

export default function Companies() {
  const { t } = useTranslation('register');
  const { me } = useAuth();
  const { message } = AntApp.useApp();
  const list = useListQuery();
  const query = list.query(['q']);
  const state = useApi(() => api.get<NumberedPage<Company>>('/property-companies', query), [JSON.stringify(query)]);
  const [editing, setEditing] = useState<Company | 'new' | null>(null);

  const remove = async (company: Company) => {
    try {
      await api.delete(`/property-companies/${company.id}`);
      void message.success(t('ui.deleted'));
      state.reload();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const current = editing === 'new' || editing === null ? null : editing;
  return (
    <>
      <PageTitle
        title={t('companies.title')}
        extra={
          may(me, 'propertyCompanies', 'c') && (
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('companies.new')}
            </Button>
          )
        }
      />
      <Toolbar>
        <SearchBox list={list} placeholder={t('companies.search')} />
      </Toolbar>
      <RegisterTable<Company>
        label={t('companies.title')}
        state={state}
        list={list}
        sortable={['name']}
        columns={[
          { key: 'name', title: t('fields.name'), dataIndex: 'name' },
          { key: 'creditCode', title: t('companies.creditCode'), dataIndex: 'creditCode', render: (v: string | null) => v ?? '—' },
          { key: 'contactName', title: t('companies.contactName'), dataIndex: 'contactName', render: (v: string | null) => v ?? '—' },
          { key: 'contactPhone', title: t('companies.contactPhone'), dataIndex: 'contactPhone', render: (v: string | null) => v ?? '—' },
          { key: 'servicePhone', title: t('companies.servicePhone'), dataIndex: 'servicePhone', render: (v: string | null) => v ?? '—' },
          { key: 'address', title: t('fields.address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          {
            key: 'compoundCount',
            title: t('companies.compoundCount'),
            dataIndex: 'compoundCount',
            align: 'right',
            render: (n: number, c) => (may(me, 'compounds') && n > 0 ? <Link to={`/register/compounds?propertyCompanyId=${c.id}`}>{n}</Link> : n),
          },
          ...(may(me, 'propertyCompanies', 'u') || may(me, 'propertyCompanies', 'd')
            ? [
                {
                  key: 'actions',
                  title: t('ui.actions'),
                  render: (_: unknown, c: Company) => (
                    <Space>
                      {may(me, 'propertyCompanies', 'u') && (
                        <Button type="link" size="small" onClick={() => setEditing(c)}>
                          {t('common:actions.edit')}
                        </Button>
                      )}
                      {may(me, 'propertyCompanies', 'd') && (
                        <Popconfirm title={t('ui.confirmDelete', { name: c.name })} onConfirm={() => remove(c)}>
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
      <FormModal<CompanyValues, Company>
        open={editing !== null}
        title={current ? t('companies.edit', { name: current.name }) : t('companies.new')}
        onClose={() => setEditing(null)}
        initialValues={current ? formValues(current) : {}}
        onSubmit={async (values) => {
          if (!current) return api.post<Company>('/property-companies', body(values));
          const patch = changes(body(formValues(current) as CompanyValues), body(values));
          return Object.keys(patch).length === 0 ? undefined : api.patch<Company>(`/property-companies/${current.id}`, patch);
        }}
        onSaved={() => {
          setEditing(null);
          state.reload();
        }}
      >
        <CompanyFields />
      </FormModal>
    </>
  );
}

function CompanyFields() {
  const { t } = useTranslation('register');
  const required = { required: true, whitespace: true, message: t('ui.required') };
  return (
    <>
      <Form.Item name="name" label={t('fields.name')} rules={[required]}>
        <Input maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item name="creditCode" label={t('companies.creditCode')} extra={t('companies.creditCodeHint')}>
        <Input maxLength={32} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <FieldRow>
        <Form.Item name="contactName" label={t('companies.contactName')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('companies.contactPhone')}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
      </FieldRow>
      <Form.Item name="servicePhone" label={t('companies.servicePhone')}>
        <Input maxLength={20} inputMode="tel" />
      </Form.Item>
      <Form.Item name="address" label={t('fields.address')}>
        <Input maxLength={200} />
      </Form.Item>
    </>
  );
}
