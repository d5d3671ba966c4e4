// One compound: everything the register holds about it, its buildings, and its red-property
// history with a form to record the stage it reached next.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Table, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../shared/api';
import { may, useAuth } from '../../../shared/auth';
import { useApi } from '../../../shared/useApi';
import { Failed, Loaded, Loading, NotFound, NothingYet } from '../../components/States';
import { CompoundFlags, STAGE_COLORS, StageTag } from '../../register/compoundBits';
import { CompoundForm } from '../../register/CompoundForm';
import { changes, FieldRow, FormModal, formValues, numberOrNull, placeApiError, text } from '../../register/forms';
import type { Building, Compound, NumberedPage, StageEntry } from '../../register/types';
import { RED_PROPERTY_STAGES, type RedPropertyStage } from '../../register/types';
import { shanghaiTime } from '../../../shared/time';

export default function CompoundDetail() {
  const { id } = useParams();
  const compoundId = Number(id);
  if (!Number.isInteger(compoundId) || compoundId < 1 || compoundId > 2_147_483_647) return <NotFound />;
  return <CompoundPage key={compoundId} id={compoundId} />;
}

function CompoundPage({ id }: { id: number }) {
  const { t } = useTranslation('register');
  const { me } = useAuth();
  const state = useApi(() => api.get<Compound>(`/compounds/${id}`), [id]);
  const [editing, setEditing] = useState(false);

  if (state.error) return <Failed error={state.error} retry={state.reload} />;
  if (!state.data) return <Loading />;
  const compound = state.data;
  const yesNo = (value: boolean) => (value ? t('ui.yes') : t('ui.no'));

  return (
    <>
      <Link to="/register/compounds">
        <ArrowLeftOutlined /> {t('compounds.title')}
      </Link>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, margin: '8px 0 16px' }}>
        <Space size="middle" wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {compound.name}
          </Typography.Title>
          <CompoundFlags compound={compound} />
        </Space>
        {may(me, 'compounds', 'u') && <Button onClick={() => setEditing(true)}>{t('common:actions.edit')}</Button>}
      </div>
      <Card title={t('compound.details')} style={{ marginBottom: 16 }} styles={{ body: { padding: 16 } }}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'street', label: t('fields.street'), children: compound.street.name },
            { key: 'community', label: t('fields.community'), children: compound.community.name },
            { key: 'grid', label: t('fields.grid'), children: compound.grid.name },
            { key: 'address', label: t('fields.address'), children: compound.address ?? '—' },
            { key: 'households', label: t('compounds.households'), children: compound.households },
            { key: 'buildYear', label: t('compounds.buildYear'), children: compound.buildYear ?? '—' },
            {
              key: 'propertyCompany',
              label: t('compounds.propertyCompany'),
              children: compound.propertyCompany?.name ?? t('compounds.noPropertyCompany'),
            },
            { key: 'ownersCommittee', label: t('compounds.flags.ownersCommittee'), children: yesNo(compound.hasOwnersCommittee) },
            {
              key: 'stage',
              label: t('compounds.redPropertyStage'),
              children: compound.redPropertyStage ? <StageTag stage={compound.redPropertyStage} /> : t('compound.noStage'),
            },
            { key: 'old', label: t('compounds.flags.old'), children: yesNo(compound.isOld) },
            { key: 'threeNos', label: t('compounds.flags.threeNos'), children: yesNo(compound.isThreeNos) },
            {
              key: 'location',
              label: t('compound.location'),
              children: `${compound.location.lng.toFixed(6)}, ${compound.location.lat.toFixed(6)}`,
            },
            { key: 'boundary', label: t('compound.boundary'), children: compound.boundary ? t('compound.hasBoundary') : t('ui.none') },
            { key: 'updatedAt', label: t('compound.updatedAt'), children: shanghaiTime(compound.updatedAt) },
          ]}
        />
      </Card>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: 16, alignItems: 'start' }}>
        <Buildings compoundId={compound.id} />
        {may(me, 'redPropertyStages') && <RedProperty compound={compound} onRecorded={state.reload} />}
      </div>
      <CompoundForm
        open={editing}
        compound={compound}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          state.reload();
        }}
      />
    </>
  );
}

interface BuildingValues {
  name: string;
  floors?: number;
  households?: number;
}

const buildingBody = (v: BuildingValues) => ({ name: v.name.trim(), floors: numberOrNull(v.floors), households: numberOrNull(v.households) });

function Buildings({ compoundId }: { compoundId: number }) {
  const { t } = useTranslation('register');
  const { me } = useAuth();
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const state = useApi(() => api.get<NumberedPage<Building>>('/buildings', { compoundId, ...page }), [compoundId, page.page, page.pageSize]);
  const [editing, setEditing] = useState<Building | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;
  const required = { required: true, whitespace: true, message: t('ui.required') };

  return (
    <Card
      title={t('compound.buildings')}
      extra={
        may(me, 'buildings', 'c') && (
          <Button size="small" onClick={() => setEditing('new')}>
            {t('compound.newBuilding')}
          </Button>
        )
      }
    >
      <Loaded state={state}>
        {(data) => (
          <Table<Building>
            aria-label={t('compound.buildings')}
            rowKey="id"
            size="small"
            dataSource={data.items}
            loading={state.loading}
            locale={{ emptyText: <NothingYet /> }}
            pagination={
              data.total > data.pageSize && {
                current: data.page,
                pageSize: data.pageSize,
                total: data.total,
                onChange: (p, size) => setPage({ page: p, pageSize: size }),
              }
            }
            columns={[
              { key: 'name', title: t('fields.name'), dataIndex: 'name' },
              { key: 'floors', title: t('compound.floors'), dataIndex: 'floors', align: 'right', render: (n: number | null) => n ?? '—' },
              { key: 'households', title: t('compounds.households'), dataIndex: 'households', align: 'right', render: (n: number | null) => n ?? '—' },
              ...(may(me, 'buildings', 'u')
                ? [
                    {
                      key: 'actions',
                      title: t('ui.actions'),
                      render: (_: unknown, b: Building) => (
                        <Button type="link" size="small" onClick={() => setEditing(b)}>
                          {t('common:actions.edit')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Loaded>
      <FormModal<BuildingValues, Building>
        open={editing !== null}
        title={current ? t('compound.editBuilding', { name: current.name }) : t('compound.newBuilding')}
        onClose={() => setEditing(null)}
        initialValues={current ? formValues(current) : {}}
        onSubmit={async (values) => {
          if (!current) return api.post<Building>('/buildings', { compoundId, ...buildingBody(values) });
          const patch = changes(buildingBody(formValues(current) as BuildingValues), buildingBody(values));
          return Object.keys(patch).length === 0 ? undefined : api.patch<Building>(`/buildings/${current.id}`, patch);
        }}
        onSaved={() => {
          setEditing(null);
          state.reload();
        }}
      >
        <Form.Item name="name" label={t('fields.name')} rules={[required]}>
          <Input maxLength={50} autoFocus />
        </Form.Item>
        <FieldRow>
          <Form.Item name="floors" label={t('compound.floors')}>
            <InputNumber min={1} max={200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="households" label={t('compounds.households')}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </FieldRow>
      </FormModal>
    </Card>
  );
}

interface StageValues {
  stage: RedPropertyStage;
  reachedOn: Dayjs;
  note?: string;
}

function RedProperty({ compound, onRecorded }: { compound: Compound; onRecorded(): void }) {
  const { t } = useTranslation('register');
  const { me } = useAuth();
  const history = useApi(() => api.get<StageEntry[]>(`/compounds/${compound.id}/red-property-stages`), [compound.id]);

  return (
    <Card title={t('compound.redProperty')}>
      <Loaded state={history}>
        {(entries) =>
          entries.length === 0 ? (
            <NothingYet text={t('compound.noHistory')} />
          ) : (
            <Timeline
              aria-label={t('compound.history')}
              items={[...entries].reverse().map((entry) => ({
                key: entry.id,
                color: STAGE_COLORS[entry.stage] === 'default' ? 'gray' : 'red',
                title: entry.reachedOn,
                content: (
                  <div data-testid="stage-entry">
                    <Typography.Text strong>{t(`stages.${entry.stage}`)}</Typography.Text>
                    {entry.note && <div style={{ color: '#666' }}>{entry.note}</div>}
                  </div>
                ),
              }))}
            />
          )
        }
      </Loaded>
      {may(me, 'redPropertyStages', 'c') && history.data && (
        <RecordStage
          compound={compound}
          entries={history.data}
          onRecorded={() => {
            history.reload();
            onRecorded();
          }}
        />
      )}
    </Card>
  );
}

function RecordStage({ compound, entries, onRecorded }: { compound: Compound; entries: StageEntry[]; onRecorded(): void }) {
  const { t } = useTranslation('register');
  const [form] = Form.useForm<StageValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const last = entries.at(-1)?.stage;
  const next = last ? RED_PROPERTY_STAGES[Math.min(RED_PROPERTY_STAGES.indexOf(last) + 1, RED_PROPERTY_STAGES.length - 1)] : 'planned';

  const finish = async (values: StageValues) => {
    setBusy(true);
    setProblem(null);
    try {
      await api.post(`/compounds/${compound.id}/red-property-stages`, {
        stage: values.stage,
        reachedOn: values.reachedOn.format('YYYY-MM-DD'),
        note: text(values.note),
      });
      form.resetFields();
      onRecorded();
    } catch (error) {
      setProblem(placeApiError(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<StageValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      initialValues={{ stage: next, reachedOn: dayjs() }}
      style={{ borderTop: '1px solid #f0f0f0', paddingTop: 16 }}
      aria-label={t('compound.recordStage')}
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('compound.recordStage')}
      </Typography.Title>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} role="alert" />}
      <FieldRow>
        <Form.Item name="stage" label={t('compound.stage')} rules={[{ required: true, message: t('ui.required') }]}>
          <Select options={RED_PROPERTY_STAGES.map((stage) => ({ value: stage, label: t(`stages.${stage}`) }))} />
        </Form.Item>
        <Form.Item name="reachedOn" label={t('compound.reachedOn')} rules={[{ required: true, message: t('ui.required') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </FieldRow>
      <Form.Item name="note" label={t('compound.note')}>
        <Input maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('compound.record')}
      </Button>
    </Form>
  );
}
