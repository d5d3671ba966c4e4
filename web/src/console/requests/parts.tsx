// Small pieces every request page shows the same way: the state tag with its overdue marker,
// the handler, the place, the category name in the current language.
import { ClockCircleOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../shared/types';
import { STATE_COLOR } from './model';

export function StateTag({ request }: { request: Pick<RequestSummary, 'state' | 'overdueAccept' | 'overdueResolve'> }) {
  const { t } = useTranslation('requests');
  const overdue = [request.overdueAccept && t('overdue.accept'), request.overdueResolve && t('overdue.resolve')].filter(Boolean).join(t('listSeparator'));
  return (
    <Space size={4} wrap>
      <Tag color={STATE_COLOR[request.state]} style={{ marginInlineEnd: 0 }}>
        {t(`common:states.${request.state}`)}
      </Tag>
      {overdue && (
        <Tooltip title={overdue}>
          <Tag color="red" icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }} aria-label={overdue}>
            {t('overdue.short')}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** Who handles the request: the company, the grid worker, or the community's adviser or staff. */
export function useHandlerName() {
  const { t } = useTranslation('requests');
  return (r: Pick<RequestSummary, 'handler' | 'grid' | 'community'>): string => {
    const h = r.handler;
    switch (h.kind) {
      case 'property_company':
        return h.company?.name ?? t('common:handlers.property_company');
      case 'grid_worker':
        return h.user?.displayName ? h.user.displayName + t('paren', { text: t('common:handlers.grid_worker') }) : t('handlerOf.gridWorker', { grid: r.grid.name });
      case 'legal_adviser':
        return t('handlerOf.legalAdviser', { community: r.community.name });
      default:
        return t('handlerOf.communityStaff', { community: r.community.name });
    }
  };
}

export function placeOf(r: Pick<RequestSummary, 'community' | 'grid' | 'compound'>): string {
  return [r.community.name, r.grid.name, r.compound?.name].filter(Boolean).join(' / ');
}

export function useCategoryName() {
  const { i18n } = useTranslation();
  return (c: { nameZh: string; nameEn: string }) => (i18n.language === 'en' ? c.nameEn : c.nameZh);
}
