// The overdue requests: those still waiting for work, or all placed in the period, longest
// overdue first, with how long they are (or were) late. A row opens the request; the title
// leads to the full filtered list.
import { Card, Segmented, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../shared/useApi';
import { Failed, Loading, NothingYet } from '../components/States';
import { loadOverdue, OVERDUE_ROWS } from './data';
import { byLateness, duration, handlerName, type OverdueRow } from './format';
import { OPEN_OVERDUE, type RequestFilters, requestsLink } from './links';
import type { Period } from './period';

export function OverdueTable({ period, base }: { period: Period; base: RequestFilters }) {
  const { t, i18n } = useTranslation('dashboard');
  const navigate = useNavigate();
  const [which, setWhich] = useState<'open' | 'period'>('open');
  const state = useApi(() => loadOverdue(which, period), [which, period.from, period.to]);
  const rows = useMemo(() => byLateness(state.data?.items ?? [], Date.now()), [state.data]);
  const english = i18n.language === 'en';
  const listFilters = which === 'open' ? { ...OPEN_OVERDUE, ...(base.unit ? { unit: base.unit } : {}) } : { ...base, overdue: true };

  const columns: ColumnsType<OverdueRow> = [
    {
      key: 'number',
      title: t('overdue.number'),
      width: 150,
      render: (_, { request }) => (
        <Link to={`/requests/${request.id}`} onClick={(e) => e.stopPropagation()}>
          {request.number}
        </Link>
      ),
    },
    {
      key: 'category',
      title: t('overdue.category'),
      ellipsis: true,
      render: (_, { request }) => (english ? request.category.nameEn : request.category.nameZh),
    },
    {
      key: 'place',
      title: t('overdue.place'),
      ellipsis: true,
      render: (_, { request }) => request.compound?.name ?? request.grid.name,
    },
    { key: 'handler', title: t('overdue.handler'), ellipsis: true, render: (_, { request }) => handlerName(request, t) },
    { key: 'state', title: t('overdue.state'), width: 76, render: (_, { request }) => t(`common:states.${request.state}`) },
    {
      key: 'limit',
      title: t('overdue.limit'),
      width: 92,
      render: (_, { lateness }) => <Tag color={lateness.limit === 'accept' ? 'orange' : 'red'}>{t(`overdue.${lateness.limit}`)}</Tag>,
    },
    {
      key: 'late',
      title: t('overdue.late'),
      width: 112,
      align: 'right',
      render: (_, { lateness }) => (
        <span className={lateness.ongoing ? 'hy-dash-danger' : undefined} title={lateness.ongoing ? t('overdue.ongoing') : undefined}>
          {duration(lateness.ms, t)}
        </span>
      ),
    },
  ];

  const count = state.data ? (state.data.nextCursor ? t('overdue.more', { count: OVERDUE_ROWS }) : String(rows.length)) : '';
  return (
    <Card
      size="small"
      className="hy-dash-card"
      title={
        <Link to={requestsLink(listFilters)} data-testid="overdue-list-link">
          {t('overdue.title')} {count && <Tag color="red">{count}</Tag>}
        </Link>
      }
      extra={
        <Segmented<'open' | 'period'>
          size="small"
          value={which}
          onChange={setWhich}
          options={[
            { label: t('overdue.open'), value: 'open' },
            { label: t('overdue.period'), value: 'period' },
          ]}
        />
      }
    >
      {state.error ? (
        <Failed error={state.error} retry={state.reload} />
      ) : !state.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <NothingYet text={t('overdue.none')} />
      ) : (
        <div data-testid="overdue-table">
          <Table<OverdueRow>
            size="small"
            rowKey={(row) => row.request.id}
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
            rowClassName={() => 'hy-clickable'}
            onRow={({ request }) => ({
              onClick: () => void navigate(`/requests/${request.id}`),
              onKeyDown: (e) => {
                if (e.key === 'Enter') void navigate(`/requests/${request.id}`);
              },
              tabIndex: 0,
            })}
          />
          {state.data.nextCursor && (
            <Typography.Text type="secondary" className="hy-dash-muted">
              {t('overdue.firstOnly', { count: OVERDUE_ROWS })} · <Link to={requestsLink(listFilters)}>{t('overdue.showAll')}</Link>
            </Typography.Text>
          )}
        </div>
      )}
    </Card>
  );
}
