// The first page after logging in. A resident sees their own requests, a grid worker the grid's
// requests to handle, in tabs; other roles are pointed to the console.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import type { Me, Page, RequestSummary } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { Empty, Failed, Icon, Loading, TopBar } from '../ui';
import { errorText, formatTime, hasConsole, isPhoneRole, named } from '../util';

type Query = Record<string, string | number>;
interface Tab {
  key: string;
  query: (me: Me) => Query;
  /** The inbox view whose count the tab shows as a badge. */
  badge?: string;
}

const RESIDENT_TABS: Tab[] = [
  { key: 'all', query: () => ({}) },
  { key: 'open', query: () => ({ state: 'submitted,accepted,returned,reopened' }) },
  { key: 'toRate', query: () => ({ state: 'resolved' }) },
  { key: 'done', query: () => ({ state: 'closed,merged,cancelled' }) },
];

const GRID_TABS: Tab[] = [
  { key: 'toAccept', query: () => ({ view: 'to_accept' }), badge: 'to_accept' },
  { key: 'inHand', query: () => ({ view: 'in_hand' }), badge: 'in_hand' },
  { key: 'overdue', query: () => ({ view: 'overdue' }), badge: 'overdue' },
  { key: 'grid', query: () => ({}) },
];

const PAGE_SIZE = 20;

export function RequestsPage() {
  const { me } = useAuth();
  if (!me) return null;
  if (!isPhoneRole(me)) return <ElsewherePage me={me} />;
  return <RequestList me={me} tabs={me.role === 'grid_worker' ? GRID_TABS : RESIDENT_TABS} />;
}

function RequestList({ me, tabs }: { me: Me; tabs: Tab[] }) {
  const { t } = useTranslation('mobile');
  const grid = me.role === 'grid_worker';
  const [params, setParams] = useSearchParams();
  const tab = tabs.find((x) => x.key === params.get('tab')) ?? tabs[0]!;
  const [items, setItems] = useState<RequestSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const call = useRef(0);
  const counts = useApi<{ views: Record<string, number> }>(() => (grid ? api.get('/requests/inbox') : Promise.resolve({ views: {} })), [grid]);

  const query = JSON.stringify(tab.query(me));
  const load = useCallback(
    async (after: string | null) => {
      const mine = ++call.current;
      setLoading(true);
      if (after) setMoreError(null);
      else setError(null);
      try {
        const page = await api.get<Page<RequestSummary>>('/requests', { ...(JSON.parse(query) as Query), limit: PAGE_SIZE, cursor: after });
        if (mine !== call.current) return;
        setItems((before) => (after && before ? [...before, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (failure) {
        if (mine !== call.current) return;
        if (after) setMoreError(failure);
        else setError(failure);
      } finally {
        if (mine === call.current) setLoading(false);
      }
    },
    [query],
  );

  useEffect(() => {
    setItems(null);
    void load(null);
  }, [load]);

  const refresh = () => {
    void load(null);
    counts.reload();
  };

  return (
    <>
      <TopBar
        title={grid ? t('list.gridTitle') : t('list.myTitle')}
        tool={
          <button type="button" className="m-top-button" aria-label={t('list.refresh')} onClick={refresh} disabled={loading}>
            <span className={loading && items ? 'm-spin' : undefined}>
              <Icon name="refresh" />
            </span>
          </button>
        }
      />
      <main className="m-main">
        {grid && <p className="m-scope">{me.scope.name}</p>}
        <div className="m-tabs" role="tablist" aria-label={t('list.filter')}>
          {tabs.map((x) => {
            const count = x.badge ? counts.data?.views[x.badge] : undefined;
            return (
              <button
                key={x.key}
                type="button"
                role="tab"
                aria-selected={x === tab}
                onClick={() => setParams(x === tabs[0] ? {} : { tab: x.key }, { replace: true })}
              >
                {t(`list.tabs.${x.key}`)}
                {count ? <span className="m-count">{count}</span> : null}
              </button>
            );
          })}
        </div>
        <section role="tabpanel" aria-busy={loading}>
          {error ? (
            <Failed error={error} retry={() => void load(null)} />
          ) : items === null ? (
            <Loading />
          ) : items.length === 0 ? (
            <Empty text={grid ? t('list.emptyGrid') : tab === tabs[0] ? t('list.emptyMine') : t('list.emptyTab')}>
              {!grid && tab === tabs[0] && (
                <Link className="m-btn m-btn-primary" to="/new">
                  {t('nav.newRequest')}
                </Link>
              )}
            </Empty>
          ) : (
            <ul className="m-cards">
              {items.map((item) => (
                <li key={item.id}>
                  <RequestCard request={item} />
                </li>
              ))}
            </ul>
          )}
          {items && cursor && (
            <button type="button" className="m-btn m-btn-block" onClick={() => void load(cursor)} disabled={loading}>
              {loading ? t('common:status.loading') : t('common:actions.more')}
            </button>
          )}
          {moreError ? <p className="m-problem">{errorText(t, moreError)}</p> : null}
        </section>
      </main>
    </>
  );
}

export function RequestCard({ request }: { request: RequestSummary }) {
  const { t, i18n } = useTranslation('mobile');
  const overdue = request.overdueAccept || request.overdueResolve;
  const open = !['resolved', 'closed', 'merged', 'cancelled'].includes(request.state);
  const place = request.compound?.name ?? request.grid.name;
  // What the handler owes next, and by when.
  const due =
    request.state === 'submitted' || request.state === 'returned'
      ? t('list.dueAccept', { time: formatTime(request.dueAcceptAt, i18n.language) })
      : request.state === 'accepted' || request.state === 'reopened'
        ? t('list.dueResolve', { time: formatTime(request.dueResolveAt, i18n.language) })
        : null;
  return (
    <Link className="m-card m-request" to={`/requests/${request.id}`}>
      <div className="m-row m-row-between">
        <span className={`m-badge m-state-${request.state}`}>{t(`common:states.${request.state}`)}</span>
        <span className="m-number">{request.number}</span>
      </div>
      <h2 className="m-request-title">
        {named(request.category, i18n.language)}
        {request.category.urgent && <span className="m-badge m-urgent">{t('urgent')}</span>}
        {overdue && open && <span className="m-badge m-overdue">{t('overdue')}</span>}
      </h2>
      <p className="m-request-text">{request.description}</p>
      <div className="m-request-meta">
        <span>
          <Icon name="clock" size={14} /> {formatTime(request.placedAt, i18n.language)}
        </span>
        <span>
          <Icon name="pin" size={14} /> {place}
        </span>
        {request.channel !== 'app' && <span>{t(`common:channels.${request.channel}`)}</span>}
        {due && <span className={overdue ? 'm-late' : undefined}>{due}</span>}
        {request.state === 'resolved' && <span className="m-torate">{t('list.rateNow')}</span>}
      </div>
    </Link>
  );
}

/** Roles the phone pages do not serve: staff go to the console; members have nothing here yet. */
function ElsewherePage({ me }: { me: Me }) {
  const { t } = useTranslation('mobile');
  return (
    <>
      <TopBar title={t('common:app.name')} />
      <main className="m-main">
        <div className="m-card m-elsewhere">
          <h2>{t('elsewhere.hello', { name: me.displayName })}</h2>
          <p>{t(`common:roles.${me.role}`)} · {me.scope.name}</p>
          {hasConsole(me) ? (
            <>
              <p>{t('elsewhere.staff')}</p>
              <a className="m-btn m-btn-primary m-btn-block" href="/">
                {t('elsewhere.console')}
              </a>
            </>
          ) : (
            <p>{t('elsewhere.member')}</p>
          )}
          <Link className="m-btn m-btn-block" to="/me">
            {t('nav.me')}
          </Link>
        </div>
      </main>
    </>
  );
}
