// What the side panel says about the grid, compound or request clicked on the map, with links
// to the filtered request list, the compound's record or the request.
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RequestSummary } from '../../shared/types';
import { CRS_LABEL, type Crs, formatPoint } from './coords';
import { COMPOUND_COLOURS, compoundKind, STATE_COLOURS } from './scale';
import type { CompoundOnMap, GridOnMap, Selection } from './types';
import { shanghaiTime } from '../../shared/time';

interface Props {
  selection: Selection;
  grids: GridOnMap[];
  compounds: CompoundOnMap[];
  requests: RequestSummary[];
  openStates: string[];
  crs: Crs;
}

const time = (iso: string | null) => shanghaiTime(iso) || '—';

export function Details({ selection, grids, compounds, requests, openStates, crs }: Props) {
  const { t, i18n } = useTranslation('map');
  const coordinates = t('details.coordinates', { crs: CRS_LABEL[crs] });

  if (selection?.kind === 'grid') {
    const grid = grids.find((g) => g.id === selection.id);
    if (grid) {
      const open = `/requests?unit=${grid.id}&state=${openStates.join(',')}`;
      const inGrid = compounds.filter((c) => c.grid.id === grid.id).length;
      return (
        <Card size="small" title={grid.name} className="hy-map-details" data-testid="map-details">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('details.kind')}>{t('details.grid')}</Descriptions.Item>
            {grid.code && <Descriptions.Item label={t('details.code')}>{grid.code}</Descriptions.Item>}
            <Descriptions.Item label={t('details.community')}>{grid.community.name}</Descriptions.Item>
            <Descriptions.Item label={t('details.gridWorker')}>{grid.gridWorker?.displayName ?? t('details.none')}</Descriptions.Item>
            <Descriptions.Item label={t('details.openRequests')}>
              <span data-testid="grid-open">{grid.openRequests}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('details.overdueRequests')}>
              <Typography.Text type={grid.overdueRequests > 0 ? 'danger' : undefined} data-testid="grid-overdue">
                {grid.overdueRequests}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('details.compounds')}>{inGrid}</Descriptions.Item>
          </Descriptions>
          <Space direction="vertical" size={4}>
            <Link to={open}>{t('details.viewOpen', { count: grid.openRequests })}</Link>
            {grid.overdueRequests > 0 && <Link to={`${open}&overdue=true`}>{t('details.viewOverdue', { count: grid.overdueRequests })}</Link>}
            <Link to={`/requests?unit=${grid.id}`}>{t('details.viewAll')}</Link>
          </Space>
        </Card>
      );
    }
  }

  if (selection?.kind === 'compound') {
    const compound = compounds.find((c) => c.id === selection.id);
    if (compound) {
      return (
        <Card size="small" title={compound.name} className="hy-map-details" data-testid="map-details">
          <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
            <Tag color={COMPOUND_COLOURS[compoundKind(compound)]}>{t(`legend.compounds.${compoundKind(compound)}`)}</Tag>
            {compound.isOld && compoundKind(compound) !== 'old' && <Tag>{t('legend.compounds.old')}</Tag>}
            {!compound.hasPropertyManagement && compoundKind(compound) !== 'noProperty' && <Tag>{t('legend.compounds.noProperty')}</Tag>}
            {compound.redPropertyStage && <Tag color="red">{t(`stages.${compound.redPropertyStage}`)}</Tag>}
          </Space>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('details.kind')}>{t('details.compound')}</Descriptions.Item>
            <Descriptions.Item label={t('details.community')}>{`${compound.community.name} · ${compound.grid.name}`}</Descriptions.Item>
            {compound.address && <Descriptions.Item label={t('details.address')}>{compound.address}</Descriptions.Item>}
            <Descriptions.Item label={t('details.households')}>{compound.households}</Descriptions.Item>
            {compound.buildYear && <Descriptions.Item label={t('details.buildYear')}>{compound.buildYear}</Descriptions.Item>}
            <Descriptions.Item label={t('details.propertyCompany')}>{compound.propertyCompany?.name ?? t('details.noProperty')}</Descriptions.Item>
            <Descriptions.Item label={t('details.redProperty')}>
              {compound.redPropertyStage ? t(`stages.${compound.redPropertyStage}`) : t('details.none')}
            </Descriptions.Item>
            <Descriptions.Item label={coordinates}>{formatPoint(crs, compound.location)}</Descriptions.Item>
          </Descriptions>
          <Space direction="vertical" size={4}>
            <Link to={`/register/compounds/${compound.id}`}>{t('details.openCompound')}</Link>
            <Link to={`/requests?compoundId=${compound.id}`}>{t('details.compoundRequests')}</Link>
          </Space>
        </Card>
      );
    }
  }

  if (selection?.kind === 'request') {
    const request = requests.find((r) => r.id === selection.id);
    if (request) {
      const late = request.overdueAccept || request.overdueResolve;
      return (
        <Card size="small" title={request.number} className="hy-map-details" data-testid="map-details">
          <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
            <Tag color={STATE_COLOURS[request.state]}>{t(`common:states.${request.state}`)}</Tag>
            {request.overdueAccept && <Tag color="error">{t('details.overdueAccept')}</Tag>}
            {request.overdueResolve && <Tag color="error">{t('details.overdueResolve')}</Tag>}
            {request.category.urgent && <Tag color="volcano">{t('details.urgent')}</Tag>}
          </Space>
          <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginBottom: 8 }}>
            {request.description}
          </Typography.Paragraph>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('details.category')}>{i18n.language === 'en' ? request.category.nameEn : request.category.nameZh}</Descriptions.Item>
            <Descriptions.Item label={t('details.place')}>
              {[request.community.name, request.grid.name, request.compound?.name].filter(Boolean).join(' · ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('details.placedAt')}>{time(request.placedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('details.dueResolveAt')}>
              <Typography.Text type={late ? 'danger' : undefined}>{time(request.dueResolveAt)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={coordinates}>{formatPoint(crs, request.location)}</Descriptions.Item>
          </Descriptions>
          <Link to={`/requests/${request.id}`}>{t('details.openRequest')}</Link>
        </Card>
      );
    }
  }

  return (
    <Card size="small" className="hy-map-details" data-testid="map-details">
      <Typography.Text type="secondary">{t('details.hint')}</Typography.Text>
    </Card>
  );
}
