// All requests in scope: filters bound to the URL under the API's names, keyset pages ("load
// more"), and the same filtered list exported as CSV or XLSX.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, apiUrl } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import { FilterBar } from '../requests/FilterBar';
import { type FilterKey, filtersFrom, type InboxCounts } from '../requests/model';
import { RequestTable } from '../requests/RequestTable';

export default function RequestList() {
  const { t, i18n } = useTranslation('requests');
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  // The role's inbox views, offered as a filter; without them the list still works.
  const inbox = useApi(() => api.get<InboxCounts>('/requests/inbox').catch(() => ({ views: {} })), []);
  const [shown, setShown] = useState<{ count: number; more: boolean } | null>(null);
  const onLoaded = useCallback((count: number, more: boolean) => setShown({ count, more }), []);

  const change = (changes: Partial<Record<FilterKey, string | null>>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      next.delete(key);
      if (value !== null && value !== undefined && value !== '') next.set(key, value);
    }
    setShown(null);
    setParams(next);
  };

  const exportUrl = (format: 'csv' | 'xlsx') => apiUrl('/requests/export', { ...filters, format, lang: i18n.language === 'en' ? 'en' : 'zh' });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('list.title')}
        </Typography.Title>
        <Space>
          <Button icon={<DownloadOutlined />} href={exportUrl('csv')} download>
            {t('list.exportCsv')}
          </Button>
          <Button icon={<DownloadOutlined />} href={exportUrl('xlsx')} download>
            {t('list.exportXlsx')}
          </Button>
        </Space>
      </Space>
      <Card
        size="small"
        title={t('filters.title')}
        extra={
          <Button
            size="small"
            disabled={Object.keys(filters).length === 0}
            onClick={() => {
              setShown(null);
              setParams(new URLSearchParams());
            }}
          >
            {t('common:actions.reset')}
          </Button>
        }
      >
        <FilterBar filters={filters} views={Object.keys(inbox.data?.views ?? {})} onChange={change} />
      </Card>
      <Card
        size="small"
        title={shown ? t(shown.more ? 'list.shownMore' : 'list.shown', { count: shown.count }) : t('list.results')}
      >
        <RequestTable query={filters as Record<string, string>} onLoaded={onLoaded} />
      </Card>
    </Space>
  );
}
