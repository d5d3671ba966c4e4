// The phone pages' building blocks: states (loading, empty, failed, not found), the top bar,
// state badges, field problems and a few line icons drawn inline (no icon font to load).
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../shared/api';
import { useAuth } from '../shared/auth';
import type { RequestState } from '../shared/types';
import { errorText } from './util';

const PATHS = {
  list: 'M4 6h16M4 12h16M4 18h10',
  plus: 'M12 5v14M5 12h14',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-6 8-6s8 2 8 6',
  back: 'M15 5l-7 7 7 7',
  refresh: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  pin: 'M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21zM12 12a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  map: 'M9 4 3 6v14l6-2 6 2 6-2V4l-6 2-6-2zM9 4v14M15 6v14',
  home: 'M3 11 12 4l9 7M5 10v10h14V10',
  camera: 'M4 8h3l2-3h6l2 3h3v11H4zM12 17a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z',
  close: 'M6 6l12 12M18 6 6 18',
  inbox: 'M3 13h5l1.5 3h5L16 13h5M5 5h14l2 8v6H3v-6z',
  check: 'M5 12l5 5L20 7',
  clock: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 22 }: { name: IconName; size?: number }) {
  return (
    <svg className="m-icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function Loading({ text }: { text?: string }) {
  const { t } = useTranslation();
  return (
    <div className="m-state" role="status" aria-live="polite">
      <span className="m-spinner" aria-hidden="true" />
      <p>{text ?? t('common:status.loading')}</p>
    </div>
  );
}

export function Empty({ text, children }: { text?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="m-state">
      <span className="m-state-icon" aria-hidden="true">
        <Icon name="inbox" size={40} />
      </span>
      <p>{text ?? t('common:status.empty')}</p>
      {children}
    </div>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="m-state">
      <h2>{t('common:status.notFound')}</h2>
      <p>{t('common:status.notFoundText')}</p>
      <button type="button" className="m-btn" onClick={() => navigate('/')}>
        {t('mobile:nav.home')}
      </button>
    </div>
  );
}

export function Failed({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const { logout } = useAuth();
  const navigate = useNavigate();
  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  if (error instanceof ApiError && error.status === 401) {
    // The session ended (idle too long, or logged out elsewhere): log in again and come back.
    const again = () => {
      const from = window.location.pathname.replace(/^\/m/, '') || '/';
      void logout()
        .catch(() => undefined)
        .then(() => navigate('/login', { replace: true, state: { from } }));
    };
    return (
      <div className="m-state" role="alert">
        <h2>{t('mobile:errors.sessionEnded')}</h2>
        <button type="button" className="m-btn m-btn-primary" onClick={again}>
          {t('common:login.submit')}
        </button>
      </div>
    );
  }
  return (
    <div className="m-state" role="alert">
      <h2>{t('common:status.error')}</h2>
      <p>{errorText(t, error)}</p>
      {retry && (
        <button type="button" className="m-btn" onClick={retry}>
          {t('common:status.retry')}
        </button>
      )}
    </div>
  );
}

/** `children(data)` once loaded; the loading or failed state before. */
export function Loaded<T>({ state, children }: { state: { data: T | undefined; error: unknown; reload(): void }; children: (data: T) => ReactNode }) {
  if (state.error) return <Failed error={state.error} retry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}

export function StateBadge({ state }: { state: RequestState | string }) {
  const { t } = useTranslation();
  return <span className={`m-badge m-state-${state}`}>{t(`common:states.${state}`)}</span>;
}

export function FieldProblem({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <p className="m-problem" id={id}>
      {text}
    </p>
  );
}

export function Banner({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: ReactNode }) {
  return (
    <div className={`m-banner m-banner-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** The bar on top of each page: a back button where there is somewhere to go back to, the title, a tool. */
export function TopBar({ title, back, tool }: { title: string; back?: boolean; tool?: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useEffect(() => {
    document.title = `${title} · ${t('common:app.name')}`;
  }, [title, t]);
  return (
    <header className="m-top">
      {back ? (
        <button
          type="button"
          className="m-top-button"
          aria-label={t('common:status.back')}
          onClick={() => (window.history.state?.idx > 0 ? navigate(-1) : navigate('/', { replace: true }))}
        >
          <Icon name="back" />
        </button>
      ) : (
        <span className="m-top-spacer" />
      )}
      <h1>{title}</h1>
      {tool ?? <span className="m-top-spacer" />}
    </header>
  );
}
