// A list of requests as a table, read page after page by keyset cursor ("load more"), with its
// loading, empty and error states. The inbox tabs and the list page both use it.
import { Button, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../shared/api';
import type { Page, RequestSummary } from '../../shared/types';
import { Failed, NothingYet } from '../components/States';
import { nextDue, shanghaiTime } from './model';
import { placeOf, StateTag, useCategoryName, useHandlerName } from './parts';

interface Props {
  /** The filters of GET /requests, by the API's names. */
  query: Record<string, string>;
  pageSize?: number;
  /** Called with the rows loaded so far, e.g. to tell how many are shown. */
  onLoaded?: (count: number, more: boolean) => void;
}

interface State {
  items: RequestSummary[];
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
}

export function RequestTable({ query, pageSize = 50, onLoaded }: Props) {
  const { t } = useTranslation('requests');
  const navigate = useNavigate();
  const categoryName = useCategoryName();
  const handlerName = useHandlerName();
  const key = JSON.stringify(query);
  const [state, setState] = useState<State>({ items: [], nextCursor: null, loading: true, error: null });
  // A newer query supersedes pages of an older one still on their way.
  const generation = useRef(0);

  const load = useCallback(
    (cursor: string | null) => {
      const call = ++generation.current;
      setState((s) => ({ ...s, loading: true, error: null, ...(cursor === null ? { items: [], nextCursor: null } : {}) }));
      api
        .get<Page<RequestSummary>>('/requests', { ...(JSON.parse(key) as Record<string, string>), limit: pageSize, cursor })
        .then((page) => {
          if (call !== generation.current) return;
          setState((s) => ({ items: cursor === null ? page.items : [...s.items, ...page.items], nextCursor: page.nextCursor, loading: false, error: null }));
        })
        .catch((error: unknown) => {
          if (call === generation.current) setState((s) => ({ ...s, loading: false, error }));
        });
    },
    [key, pageSize],
  );

  useEffect(() => load(null), [load]);
  useEffect(() => {
    if (!state.loading && !state.error) onLoaded?.(state.items.length, state.nextCursor !== null);
  }, [state, onLoaded]);

  const columns: ColumnsType<RequestSummary> = [
    {
      title: t('field.number'),
      dataIndex: 'number',
      width: 160,
      render: (number: string, r) => <Link to={`/requests/${r.id}`}>{number}</Link>,
    },
    { title: t('field.category'), key: 'category', width: 130, render: (_, r) => categoryName(r.category) },
    {
      title: t('field.description'),
      dataIndex: 'description',
      render: (text: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: text }} style={{ marginBottom: 0, minWidth: 180 }}>
          {text}
        </Typography.Paragraph>
      ),
    },
    { title: t('field.place'), key: 'place', width: 190, render: (_, r) => placeOf(r) },
    { title: t('field.state'), key: 'state', width: 110, render: (_, r) => <StateTag request={r} /> },
    { title: t('field.handler'), key: 'handler', width: 160, render: (_, r) => handlerName(r) },
    {
      title: t('field.times'),
      key: 'times',
      width: 150,
      render: (_, r) => {
        const due = nextDue(r);
        const late = due && ((due.limit === 'accept' && r.overdueAccept) || (due.limit === 'resolve' && r.overdueResolve));
        return (
          <div style={{ whiteSpace: 'nowrap' }}>
            <div>{shanghaiTime(r.placedAt)}</div>
            {due ? (
              <Tooltip title={t(`due.${due.limit}`)}>
                <Typography.Text type={late ? 'danger' : 'secondary'}>
                  {t('field.dueShort')} {shanghaiTime(due.at)}
                </Typography.Text>
              </Tooltip>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            )}
          </div>
        );
      },
    },
  ];

  if (state.error && state.items.length === 0) return <Failed error={state.error} retry={() => load(null)} />;
  if (!state.loading && state.items.length === 0) return <NothingYet text={t('list.none')} />;
  return (
    <>
      <Table<RequestSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={state.items}
        loading={state.loading && state.items.length === 0}
        pagination={false}
        scroll={{ x: 1100 }}
        onRow={(r) => ({
          onClick: (event) => {
            if (!(event.target as HTMLElement).closest('a')) void navigate(`/requests/${r.id}`);
          },
          style: { cursor: 'pointer' },
        })}
      />
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        {state.error ? (
          <Failed error={state.error} retry={() => load(state.nextCursor)} />
        ) : state.nextCursor ? (
          <Button onClick={() => load(state.nextCursor)} loading={state.loading}>
            {t('common:actions.more')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('list.end', { count: state.items.length })}</Typography.Text>
        )}
      </div>
    </>
  );
}
