// One request: every field (the reporter's phone as the API answers it, masked for roles that
// must not see it), photos, the timeline, the rating, the countdown to the due time in working
// time, and the actions this account may take now. Out of scope answers 404: the not-found page.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Empty, Image, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api';
import type { RequestDetail as Detail } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { Failed, Loading, NotFound } from '../components/States';
import { ActionPanel } from '../requests/ActionPanel';
import { Countdown } from '../requests/Countdown';
import { EventTimeline } from '../requests/EventTimeline';
import * as lookups from '../requests/lookups';
import { type Category, type RequestEvent, shanghaiTime } from '../requests/model';
import { StateTag, useCategoryName, useHandlerName } from '../requests/parts';

export default function RequestDetail() {
  const { id } = useParams();
  const valid = /^\d+$/.test(id ?? '') && Number(id) > 0;
  const page = useApi(
    async () => {
      // The request first: out of scope, it answers 404 and nothing else is asked.
      const request = await api.get<Detail>(`/requests/${id}`);
      const [events, categories] = await Promise.all([
        api.get<RequestEvent[]>(`/requests/${id}/events`),
        // Only for the labels of the category's extra fields; the page stands without them.
        lookups.categories().catch(() => [] as Category[]),
      ]);
      return { request, events, category: categories.find((c) => c.code === request.category.code) };
    },
    [id],
  );
  if (!valid) return <NotFound />;
  if (page.error) return <Failed error={page.error} retry={page.reload} />;
  if (!page.data) return <Loading />;
  return <DetailView {...page.data} reload={page.reload} reloading={page.loading} />;
}

function DetailView({ request: r, events, category, reload, reloading }: { request: Detail; events: RequestEvent[]; category?: Category; reload(): void; reloading: boolean }) {
  const { t, i18n } = useTranslation('requests');
  const categoryName = useCategoryName();
  const handlerName = useHandlerName();
  const english = i18n.language === 'en';
  const fieldLabel = (key: string) => {
    const field = category?.fields.find((f) => f.key === key);
    return field ? (english ? field.labelEn : field.labelZh) : key;
  };
  const attributes = Object.entries(r.attributes).map(([key, value]) => ({
    key: `attr.${key}`,
    label: fieldLabel(key),
    children: Array.isArray(value) ? value.join('、') : String(value),
  }));
  const time = (iso: string | null) => (iso ? shanghaiTime(iso) : <Typography.Text type="secondary">—</Typography.Text>);
  const intake = r.photos.filter((p) => p.stage !== 'resolution');
  const resolution = r.photos.filter((p) => p.stage === 'resolution');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} aria-busy={reloading}>
      <Link to="/requests">
        <ArrowLeftOutlined /> {t('detail.back')}
      </Link>
      <Space align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {r.number}
        </Typography.Title>
        <StateTag request={r} />
        <Tag>{categoryName(r.category)}</Tag>
        {r.category.urgent && <Tag color="red">{t('detail.urgent')}</Tag>}
      </Space>
      {r.mergedIntoId !== null && (
        <Alert type="info" showIcon title={<>{t('detail.mergedInto')} <Link to={`/requests/${r.mergedIntoId}`}>#{r.mergedIntoId}</Link></>} />
      )}
      {r.extensionPending && <Alert type="warning" showIcon title={t('detail.extensionPending')} />}
      {r.escalationLevel > 0 && <Alert type="error" showIcon title={t('detail.escalated', { level: t(`escalation.${r.escalationLevel}`) })} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('detail.request')}>
              <Typography.Paragraph style={{ fontSize: 15 }} data-testid="description">
                {r.description}
              </Typography.Paragraph>
              <Descriptions
                size="small"
                bordered
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'category', label: t('field.category'), children: categoryName(r.category) },
                  { key: 'channel', label: t('field.channel'), children: t(`common:channels.${r.channel}`) },
                  { key: 'street', label: t('field.street'), children: r.street.name },
                  { key: 'community', label: t('field.community'), children: r.community.name },
                  { key: 'grid', label: t('field.grid'), children: r.grid.name },
                  { key: 'compound', label: t('field.compound'), children: r.compound?.name ?? t('detail.publicPlace') },
                  ...attributes,
                  { key: 'reporter', label: t('field.reporter'), children: r.reporter.name ?? '—' },
                  { key: 'phone', label: t('field.phone'), children: <span data-testid="phone">{r.reporter.phone ?? '—'}</span> },
                  { key: 'handler', label: t('field.handler'), children: handlerName(r) },
                  { key: 'handlerKind', label: t('field.handlerKind'), children: t(`common:handlers.${r.handler.kind}`) },
                  {
                    key: 'location',
                    label: t('field.location'),
                    children: `${r.location.lat.toFixed(5)}, ${r.location.lng.toFixed(5)}`,
                  },
                  { key: 'reopenCount', label: t('field.reopenCount'), children: r.reopenCount },
                ]}
              />
            </Card>

            <Card title={t('detail.times')}>
              <Descriptions
                size="small"
                bordered
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'placedAt', label: t('field.placedAt'), children: time(r.placedAt) },
                  { key: 'acceptedAt', label: t('field.acceptedAt'), children: time(r.acceptedAt) },
                  {
                    key: 'dueAcceptAt',
                    label: t('due.accept'),
                    children: <Typography.Text type={r.overdueAccept ? 'danger' : undefined}>{time(r.dueAcceptAt)}</Typography.Text>,
                  },
                  { key: 'resolvedAt', label: t('field.resolvedAt'), children: time(r.resolvedAt) },
                  {
                    key: 'dueResolveAt',
                    label: t('due.resolve'),
                    children: <Typography.Text type={r.overdueResolve ? 'danger' : undefined}>{time(r.dueResolveAt)}</Typography.Text>,
                  },
                  { key: 'closedAt', label: t('field.closedAt'), children: time(r.closedAt) },
                ]}
              />
              {r.dueUncertain && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('countdown.uncertain')} />}
            </Card>

            <Card title={t('detail.photos')}>
              {r.photos.length === 0 ? (
                <Typography.Text type="secondary">{t('detail.noPhotos')}</Typography.Text>
              ) : (
                <Image.PreviewGroup>
                  <Space orientation="vertical">
                    {[
                      ['intake', intake],
                      ['resolution', resolution],
                    ].map(([stage, photos]) =>
                      (photos as Detail['photos']).length === 0 ? null : (
                        <div key={stage as string}>
                          <Typography.Text type="secondary">{t(`photoStage.${stage as string}`)}</Typography.Text>
                          <div style={{ marginTop: 8 }}>
                            <Space wrap>
                              {(photos as Detail['photos']).map((p, i) => (
                                <Image key={p.id} src={p.url} width={120} height={120} style={{ objectFit: 'cover' }} alt={t('detail.photoAlt', { n: i + 1 })} />
                              ))}
                            </Space>
                          </div>
                        </div>
                      ),
                    )}
                  </Space>
                </Image.PreviewGroup>
              )}
            </Card>

            <Card title={t('detail.timeline')}>
              {events.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : <EventTimeline events={events} />}
            </Card>
          </Space>
        </Col>

        <Col xs={24} xl={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('detail.countdown')}>
              {r.state === 'resolved' || r.state === 'closed' || r.state === 'merged' || r.state === 'cancelled' ? (
                <Typography.Text type="secondary">{t(`countdown.none.${r.state}`)}</Typography.Text>
              ) : (
                <Countdown request={r} />
              )}
            </Card>
            <Card title={t('detail.actions')}>
              <ActionPanel request={r} events={events} onChanged={reload} />
            </Card>
            <Card title={t('detail.rating')}>
              {r.rating ? (
                <Space orientation="vertical" data-testid="rating">
                  <Space>
                    <Tag color={r.rating.solved ? 'green' : 'red'}>{r.rating.solved ? t('rating.solved') : t('rating.unsolved')}</Tag>
                    <Tag color={r.rating.satisfaction === 'unsatisfied' ? 'red' : 'green'}>{t(`common:satisfaction.${r.rating.satisfaction}`)}</Tag>
                  </Space>
                  {r.rating.comment && <Typography.Paragraph style={{ marginBottom: 0 }}>{r.rating.comment}</Typography.Paragraph>}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('rating.none')}</Typography.Text>
              )}
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
