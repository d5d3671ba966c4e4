// The overview dashboard: the account's scope at a glance over a period — the register, the
// request figures and rates, the monthly trend, channels and categories, rankings and the
// overdue list. Every figure leads to the filtered list behind it.
import { FundProjectionScreenOutlined } from '@ant-design/icons';
import { Button, Card, Col, Result, Row, Space, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { Loaded, NothingYet } from '../components/States';
import { categoryOption, channelOption, topCategories, trendOption } from '../dashboard/charts';
import { audienceOf, type DashboardData, loadDashboard } from '../dashboard/data';
import '../dashboard/dashboard.css';
import { EChart } from '../dashboard/EChart';
import { baseFilters, type RequestFilters, requestsLink } from '../dashboard/links';
import { OverdueTable } from '../dashboard/OverdueTable';
import { monthInPeriod, type Period, periodFromQuery, periodQuery, shanghaiToday } from '../dashboard/period';
import { PeriodPicker } from '../dashboard/PeriodPicker';
import { CompanyRanking, UnitRanking } from '../dashboard/Rankings';
import { RegisterCard } from '../dashboard/RegisterCard';
import { RequestFigures } from '../dashboard/RequestFigures';

const TOP_CATEGORIES = 10;

export default function Dashboard() {
  const { t } = useTranslation('dashboard');
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const today = shanghaiToday();
  const period = useMemo(() => periodFromQuery(params, today), [params, today]);
  if (!me) return null;
  const audience = audienceOf(me);
  if (audience === null) return <Result status="info" title={t('title')} subTitle={t('noStats')} />;

  const choose = (next: Period) => setParams(periodQuery(next), { replace: true });
  const query = new URLSearchParams(periodQuery(period)).toString();

  return (
    <div>
      <div className="hy-dash-head">
        <Space align="baseline" wrap>
          <Typography.Title level={3}>{t('scopeTitle', { name: me.scope.name })}</Typography.Title>
          <Typography.Text type="secondary" data-testid="period-range">
            {t('period.range', { from: period.from, to: period.to })}
          </Typography.Text>
        </Space>
        <Space wrap>
          <PeriodPicker period={period} today={today} onChange={choose} />
          {audience === 'scope' && (
            <Button icon={<FundProjectionScreenOutlined />} onClick={() => void navigate(`/big-screen${query ? `?${query}` : ''}`)}>
              {t('openBigScreen')}
            </Button>
          )}
        </Space>
      </div>
      <DashboardBody me={me} period={period} />
    </div>
  );
}

function DashboardBody({ me, period }: { me: Me; period: Period }) {
  const state = useApi(() => loadDashboard(me, period), [me.id, period.from, period.to]);
  // A new period keeps the last figures on screen, dimmed, until its own arrive.
  return (
    <Spin spinning={state.loading && state.data !== undefined} delay={200}>
      <Loaded state={state}>{(data) => <Figures me={me} period={period} data={data} />}</Loaded>
    </Spin>
  );
}

function Figures({ me, period, data }: { me: Me; period: Period; data: DashboardData }) {
  const { t, i18n } = useTranslation('dashboard');
  const navigate = useNavigate();
  const { overview, report } = data;
  const base: RequestFilters = baseFilters(me, period);
  const english = i18n.language === 'en';
  const empty = report.requests === 0;
  const categories = topCategories(report, TOP_CATEGORIES);

  const trend = useMemo(() => trendOption(report, t), [report, t]);
  const channels = useMemo(() => channelOption(report, t), [report, t]);
  const categoryChart = useMemo(() => categoryOption(report, t, english, TOP_CATEGORIES), [report, t, english]);
  const go = (filters: RequestFilters) => void navigate(requestsLink({ ...base, ...filters }));

  return (
    <Row gutter={[16, 16]}>
      {report.company && (
        <Col span={24}>
          <Typography.Title level={4}>{t('companyTitle', { name: report.company.name })}</Typography.Title>
        </Col>
      )}
      {overview && (
        <Col span={24}>
          <RegisterCard me={me} overview={overview} />
        </Col>
      )}
      <Col span={24}>
        <RequestFigures report={report} base={base} />
      </Col>
      <Col xs={24} xl={16}>
        <Card size="small" title={t('charts.trend')} className="hy-dash-card">
          {empty ? (
            <NothingYet text={t('charts.noRequests')} />
          ) : (
            <EChart
              testId="chart-trend"
              label={t('charts.trend')}
              option={trend}
              style={{ height: 300 }}
              onClick={({ dataIndex }) => {
                const month = report.byMonth[dataIndex];
                if (month) go(monthInPeriod(month.month, period));
              }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('charts.byChannel')} className="hy-dash-card">
          {empty ? (
            <NothingYet text={t('charts.noRequests')} />
          ) : (
            <EChart
              testId="chart-channels"
              label={t('charts.byChannel')}
              option={channels}
              style={{ height: 300 }}
              onClick={({ dataIndex }) => {
                const channel = report.byChannel[dataIndex];
                if (channel) go({ channel: channel.channel });
              }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={report.companyRanking ? 12 : 24}>
        <UnitRanking report={report} base={base} />
      </Col>
      {report.companyRanking && (
        <Col xs={24} xl={12}>
          <CompanyRanking report={report} base={base} />
        </Col>
      )}
      {report.byCategory && (
        <Col xs={24} xl={9}>
          <Card size="small" title={t('charts.byCategory', { count: TOP_CATEGORIES })} className="hy-dash-card">
            {categories.length === 0 ? (
              <NothingYet text={t('charts.noRequests')} />
            ) : (
              <EChart
                testId="chart-categories"
                label={t('charts.byCategory', { count: TOP_CATEGORIES })}
                option={categoryChart}
                style={{ height: Math.max(160, categories.length * 34) }}
                onClick={({ dataIndex }) => {
                  // The chart lists the categories bottom-up.
                  const category = categories[categories.length - 1 - dataIndex];
                  if (category) go({ categoryCode: category.categoryCode });
                }}
              />
            )}
          </Card>
        </Col>
      )}
      <Col xs={24} xl={report.byCategory ? 15 : 24}>
        <OverdueTable period={period} base={base} />
      </Col>
    </Row>
  );
}
