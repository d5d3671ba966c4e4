// The big screen: the dashboard's figures for a wall display — dark, the whole viewport, large
// type scaled to the screen, refreshed every minute, with browser full screen and a way back.
import { ArrowLeftOutlined, FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, Result, Space, theme } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../shared/auth';
import type { Me, Page, RequestSummary } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { Failed, Loading } from '../components/States';
import '../dashboard/bigScreen.css';
import { categoryOption, channelOption, type Look, topCategories, trendOption } from '../dashboard/charts';
import { audienceOf, type DashboardData, loadDashboard, loadOverdue } from '../dashboard/data';
import { EChart } from '../dashboard/EChart';
import { byLateness, duration, handlerName, percent } from '../dashboard/format';
import { type Period, periodFromQuery, periodQuery, shanghaiToday } from '../dashboard/period';
import { unitRanking } from '../dashboard/Rankings';
import { showsCount } from '../dashboard/RegisterCard';
import { RED_PROPERTY_STAGES, type RankedUnit } from '../dashboard/types';

const REFRESH_MS = 60_000;
/** The screen the layout is drawn for; other sizes scale from it. */
const DESIGN = { width: 1920, height: 1080 };

/** The base font size in pixels: 16 on a 1920×1080 screen, in proportion on others. */
function useBaseFont(): number {
  const measure = () => Math.max(10, Math.round(16 * Math.min(window.innerWidth / DESIGN.width, window.innerHeight / DESIGN.height) * 10) / 10);
  const [font, setFont] = useState(measure);
  useEffect(() => {
    const onResize = () => setFont(measure());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return font;
}

function useFullscreen(): [boolean, () => void] {
  const [on, setOn] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const onChange = () => setOn(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggle = () => {
    const done = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
    // Refused (no user gesture, or a browser without it): the page stays as it is.
    done.catch((error: unknown) => console.warn('fullscreen', error));
  };
  return [on, toggle];
}

/** The locale times are written in. */
const timeLocale = (english: boolean) => (english ? 'en-GB' : 'zh-CN');

function Clock() {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span className="hy-big-clock">{now.toLocaleString(timeLocale(i18n.language === 'en'), { timeZone: 'Asia/Shanghai', hour12: false })}</span>;
}

interface BigData extends DashboardData {
  overdue: Page<RequestSummary>;
  at: Date;
}

async function loadBig(me: Me, period: Period): Promise<BigData> {
  const [data, overdue] = await Promise.all([loadDashboard(me, period), loadOverdue('period', period)]);
  return { ...data, overdue, at: new Date() };
}

export default function BigScreen() {
  const { t, i18n } = useTranslation('dashboard');
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const today = shanghaiToday();
  const period = useMemo(() => periodFromQuery(params, today), [params, today]);
  const [round, setRound] = useState(0);
  const [fullscreen, toggleFullscreen] = useFullscreen();
  const font = useBaseFont();

  useEffect(() => {
    const timer = setInterval(() => setRound((r) => r + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const state = useApi(() => (me && audienceOf(me) === 'scope' ? loadBig(me, period) : Promise.resolve(null)), [me?.id, period.from, period.to, round]);

  const query = new URLSearchParams(periodQuery(period)).toString();
  const back = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    void navigate(`/${query ? `?${query}` : ''}`);
  };
  const data = state.data;
  const at = (d: Date) => d.toLocaleTimeString(timeLocale(i18n.language === 'en'), { timeZone: 'Asia/Shanghai', hour12: false });

  let body: ReactNode;
  if (!me) body = null;
  else if (audienceOf(me) !== 'scope') body = <Result status="info" title={t('big.title')} subTitle={t('noStats')} />;
  else if (data) body = <Board me={me} data={data} font={font} />;
  else if (state.error) body = <Failed error={state.error} retry={state.reload} />;
  else body = <Loading />;

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { colorPrimary: '#e74c3c' } }}>
      <div className="hy-big" style={{ fontSize: font }} data-testid="big-screen">
        <header className="hy-big-head">
          <div className="hy-big-head-side">
            <span className="hy-big-scope">{me?.scope.name}</span>
            <span className="hy-big-dim">
              {t('period.range', { from: period.from, to: period.to })}
              {data && (
                <span className={`hy-big-status${state.error ? ' hy-big-stale' : ''}`} role="status">
                  {state.error ? t('big.stale', { time: at(data.at) }) : t('big.updatedAt', { time: at(data.at) })}
                </span>
              )}
            </span>
          </div>
          <h1>{t('big.title')}</h1>
          <div className="hy-big-head-side hy-big-head-right">
            <Clock />
            <Space>
              <Button size="small" icon={fullscreen ? <FullscreenExitOutlined /> : <FullscreenOutlined />} onClick={toggleFullscreen}>
                {fullscreen ? t('big.exitFullscreen') : t('big.fullscreen')}
              </Button>
              <Button size="small" icon={<ArrowLeftOutlined />} onClick={back}>
                {t('big.back')}
              </Button>
            </Space>
          </div>
        </header>
        {body}
      </div>
    </ConfigProvider>
  );
}

function Panel({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <section className={`hy-big-panel ${className ?? ''}`}>
      <h2>{title}</h2>
      <div className="hy-big-panel-body">{children}</div>
    </section>
  );
}

function BigNumber({ value, label, tone, sub, testId }: { value: string; label: string; tone?: string; sub?: string; testId?: string }) {
  return (
    <div className="hy-big-number" data-testid={testId}>
      <div className={`hy-big-number-value ${tone ?? ''}`}>{value}</div>
      <div className="hy-big-number-label">{label}</div>
      {sub && <div className="hy-big-dim hy-big-number-sub">{sub}</div>}
    </div>
  );
}

function RankList({ rows, max, testId }: { rows: Pick<RankedUnit, 'rank' | 'id' | 'name' | 'requests' | 'responseRate' | 'satisfactionRate'>[]; max: number; testId: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <ol className="hy-big-rank" data-testid={testId}>
      <li className="hy-big-rank-head">
        <span>{t('ranking.rank')}</span>
        <span>{t('ranking.name')}</span>
        <span>{t('ranking.response')}</span>
        <span>{t('ranking.satisfaction')}</span>
        <span>{t('ranking.requests')}</span>
      </li>
      {rows.slice(0, max).map((row) => (
        <li key={row.id}>
          <span className={`hy-big-rank-no hy-big-rank-${row.rank <= 3 ? row.rank : 'n'}`}>{row.rank}</span>
          <span className="hy-big-rank-name" title={row.name ?? undefined}>
            {row.name ?? t('ranking.unnamed')}
          </span>
          <span className="hy-big-rank-bar">
            <i style={{ width: `${(row.responseRate ?? 0) * 100}%` }} />
            <b>{percent(row.responseRate)}</b>
          </span>
          <span>{percent(row.satisfactionRate)}</span>
          <span>{row.requests}</span>
        </li>
      ))}
    </ol>
  );
}

function Board({ me, data, font }: { me: Me; data: BigData; font: number }) {
  const { t, i18n } = useTranslation('dashboard');
  const english = i18n.language === 'en';
  const { overview, report } = data;
  const look: Look = useMemo(() => ({ dark: true, font: Math.round(font * 0.875) }), [font]);
  const trend = useMemo(() => trendOption(report, t, look), [report, t, look]);
  const channels = useMemo(() => channelOption(report, t, look), [report, t, look]);
  const categories = useMemo(() => categoryOption(report, t, english, 8, look), [report, t, english, look]);
  const units = unitRanking(report);
  const overdue = useMemo(() => byLateness(data.overdue.items, data.at.getTime()).slice(0, 7), [data]);
  const number = (n: number) => n.toLocaleString(english ? 'en' : 'zh-CN');
  const hasRequests = report.requests > 0;
  const registerItems = overview
    ? ([
        ['communities', overview.communities],
        ['grids', overview.grids],
        ['compounds', overview.compounds],
        ['households', overview.households],
        ['oldCompounds', overview.oldCompounds],
        ['noPropertyCompounds', overview.noPropertyCompounds],
        ['buildings', overview.buildings],
        ['compoundPartyBranches', overview.compoundPartyBranches],
      ] as const).filter(([key]) => showsCount(me.scope.kind, key))
    : [];
  const stageMax = overview ? Math.max(1, ...RED_PROPERTY_STAGES.map((s) => overview.redPropertyStages[s])) : 1;

  return (
    <main className="hy-big-grid">
      <div className="hy-big-col">
        <Panel title={t('register.title')} className="hy-big-register">
          <div className="hy-big-register-grid">
            {registerItems.map(([key, value]) => (
              <BigNumber key={key} testId={`big-register-${key}`} value={number(value)} label={t(`register.${key}`)} />
            ))}
          </div>
        </Panel>
        <Panel title={t('register.redProperty')} className="hy-big-red">
          {overview && (
            <div className="hy-big-stages">
              {RED_PROPERTY_STAGES.map((stage) => (
                <div key={stage} className="hy-big-stage">
                  <span className="hy-big-stage-name">{t(`stages.${stage}`)}</span>
                  <span className="hy-big-stage-bar">
                    <i style={{ width: `${(overview.redPropertyStages[stage] / stageMax) * 100}%` }} />
                  </span>
                  <b>{overview.redPropertyStages[stage]}</b>
                </div>
              ))}
            </div>
          )}
        </Panel>
        <Panel title={t('charts.byChannel')} className="hy-big-grow">
          {hasRequests ? <EChart label={t('charts.byChannel')} option={channels} style={{ height: '100%' }} /> : <Empty />}
        </Panel>
      </div>

      <div className="hy-big-col hy-big-center">
        <Panel title={t('big.kpi')} className="hy-big-kpi">
          <div className="hy-big-kpis">
            <BigNumber testId="big-requests" value={number(report.requests)} label={t('requests.total')} tone="hy-big-gold" />
            {(['response', 'resolution', 'satisfaction'] as const).map((name) => (
              <BigNumber
                key={name}
                testId={`big-rate-${name}`}
                value={percent(report[`${name}Rate`])}
                label={t(`rates.${name}`)}
                sub={t('rates.counts', { numerator: report.rateCounts[name].numerator, denominator: report.rateCounts[name].denominator })}
                tone="hy-big-cyan"
              />
            ))}
            <BigNumber testId="big-overdue" value={number(report.overdue)} label={t('requests.overdue')} tone="hy-big-red-text" />
          </div>
        </Panel>
        <Panel title={t('charts.trend')} className="hy-big-grow">
          {hasRequests ? <EChart testId="big-chart-trend" label={t('charts.trend')} option={trend} style={{ height: '100%' }} /> : <Empty />}
        </Panel>
        <div className="hy-big-split">
          <Panel title={t('charts.byCategory', { count: 8 })}>
            {topCategories(report, 8).length > 0 ? <EChart label={t('charts.byCategory', { count: 8 })} option={categories} style={{ height: '100%' }} /> : <Empty />}
          </Panel>
          <Panel title={t('big.topOverdue')}>
            {overdue.length === 0 ? (
              <Empty text={t('overdue.none')} />
            ) : (
              <ul className="hy-big-overdue" data-testid="big-overdue-list">
                {overdue.map(({ request, lateness }) => (
                  <li key={request.id}>
                    <span className="hy-big-overdue-what">
                      <b>{english ? request.category.nameEn : request.category.nameZh}</b>
                      <span className="hy-big-dim">
                        {request.compound?.name ?? request.grid.name} · {handlerName(request, t)}
                      </span>
                    </span>
                    <span className={lateness.ongoing ? 'hy-big-red-text' : 'hy-big-amber'}>{duration(lateness.ms, t)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      </div>

      <div className="hy-big-col">
        <Panel title={t(`ranking.${units?.kind ?? 'community'}`)} className="hy-big-grow">
          {units ? <RankList testId="big-unit-ranking" rows={units.rows} max={10} /> : <Empty text={t('ranking.empty')} />}
        </Panel>
        <Panel title={t('ranking.companies')} className="hy-big-grow">
          {report.companyRanking?.length ? <RankList testId="big-company-ranking" rows={report.companyRanking} max={8} /> : <Empty text={t('ranking.empty')} />}
        </Panel>
      </div>
    </main>
  );
}

function Empty({ text }: { text?: string }) {
  const { t } = useTranslation('dashboard');
  return <div className="hy-big-empty">{text ?? t('charts.noRequests')}</div>;
}
