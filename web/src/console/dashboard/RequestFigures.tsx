// The request figures of the period: how many, the three rates with the counts they divide,
// how many went overdue, average times, and the count in each state; each leads to the list.
import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RequestState } from '../../shared/types';
import { Figure } from './Figure';
import { hours, NO_FIGURE, percent } from './format';
import { type RequestFilters, requestsLink } from './links';
import type { FigureReport, RateName } from './types';

const RATES: { name: RateName; key: 'responseRate' | 'resolutionRate' | 'satisfactionRate' }[] = [
  { name: 'response', key: 'responseRate' },
  { name: 'resolution', key: 'resolutionRate' },
  { name: 'satisfaction', key: 'satisfactionRate' },
];

const STATES: RequestState[] = ['submitted', 'accepted', 'returned', 'reopened', 'resolved', 'closed', 'merged', 'cancelled'];

export function RequestFigures({ report, base }: { report: FigureReport; base: RequestFilters }) {
  const { t } = useTranslation('dashboard');
  const accept = hours(report.averageAcceptMinutes);
  const resolve = hours(report.averageResolveMinutes);
  return (
    <Card title={t('requests.title')} size="small" className="hy-dash-card">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Figure testId="requests-total" size="large" title={t('requests.total')} value={report.requests} to={requestsLink(base)} />
        </Col>
        {RATES.map(({ name, key }) => {
          const counts = report.rateCounts[name];
          return (
            <Col key={name} xs={12} md={8} xl={5}>
              <Figure
                testId={`rate-${name}`}
                size="large"
                title={t(`rates.${name}`)}
                hint={t(`rates.${name}Hint`)}
                value={percent(report[key])}
                extra={<span data-testid={`rate-${name}-counts`}>{t('rates.counts', { numerator: counts.numerator, denominator: counts.denominator })}</span>}
                to={requestsLink(base)}
              />
            </Col>
          );
        })}
        <Col xs={12} md={8} xl={5}>
          <Figure
            testId="requests-overdue"
            size="large"
            title={<span className="hy-dash-danger">{t('requests.overdue')}</span>}
            hint={t('requests.overdueHint')}
            value={report.overdue}
            to={requestsLink({ ...base, overdue: true })}
          />
        </Col>
      </Row>
      <div className="hy-dash-states">
        <Space size={[8, 8]} wrap>
          <Typography.Text type="secondary">{t('requests.byState')}</Typography.Text>
          {STATES.map((state) => (
            <Link key={state} to={requestsLink({ ...base, state })} data-testid={`state-${state}`}>
              <Tag className="hy-dash-state">
                {t(`common:states.${state}`)} <b>{report.byState[state]}</b>
              </Tag>
            </Link>
          ))}
        </Space>
        <Space size="large" wrap>
          <Typography.Text type="secondary">
            {t('requests.averageAccept')} <b>{accept === null ? NO_FIGURE : t('requests.hours', { value: accept })}</b>
          </Typography.Text>
          <Typography.Text type="secondary">
            {t('requests.averageResolve')} <b>{resolve === null ? NO_FIGURE : t('requests.hours', { value: resolve })}</b>
          </Typography.Text>
          <Typography.Text type="secondary">{t('requests.workingTime')}</Typography.Text>
        </Space>
      </div>
    </Card>
  );
}
