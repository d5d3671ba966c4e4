// The inbox: the views of the account's role (to accept, overdue, to supervise, returned…) as
// tabs with the counts GET /requests/inbox answers, each listing its requests.
import { Badge, Card, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import { Loaded } from '../components/States';
import type { InboxCounts } from '../requests/model';
import { RequestTable } from '../requests/RequestTable';

export default function RequestInbox() {
  const { t } = useTranslation('requests');
  const [params, setParams] = useSearchParams();
  const counts = useApi(() => api.get<InboxCounts>('/requests/inbox'), []);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('inbox.title')}
      </Typography.Title>
      <Loaded state={counts} empty={(c) => Object.keys(c.views).length === 0}>
        {({ views }) => {
          const names = Object.keys(views);
          const active = names.includes(params.get('view') ?? '') ? params.get('view')! : names[0]!;
          return (
            <Card>
              <Tabs
                activeKey={active}
                onChange={(view) => setParams({ view }, { replace: true })}
                items={names.map((view) => ({
                  key: view,
                  label: (
                    <span data-view={view}>
                      {t(`views.${view}`)}{' '}
                      <Badge
                        count={views[view]}
                        showZero
                        overflowCount={9999}
                        color={views[view]! > 0 && view !== 'mine' ? '#c0392b' : '#bfbfbf'}
                        aria-label={t('inbox.count', { count: views[view] })}
                      />
                    </span>
                  ),
                  children: (
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      <Typography.Text type="secondary">
                        {t(`viewHelp.${view}`)} <Link to={`/requests?view=${view}`}>{t('inbox.openInList')}</Link>
                      </Typography.Text>
                      {view === active && <RequestTable query={{ view }} pageSize={20} />}
                    </Space>
                  ),
                }))}
              />
            </Card>
          );
        }}
      </Loaded>
    </Space>
  );
}
