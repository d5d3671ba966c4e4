// The phone pages' routes. Residents follow their requests and place new ones; grid workers see
// what their grid asks of them and file requests for residents. Pages beyond the first screen
// load on demand, so a phone fetches little before it shows something.
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, Route, Routes, useLocation, useMatch } from 'react-router';
import { useAuth } from '../shared/auth';
import { LoginPage } from './pages/LoginPage';
import { MePage } from './pages/MePage';
import { RequestsPage } from './pages/RequestsPage';
import { Icon, Loading, NotFound } from './ui';
import { isPhoneRole } from './util';

const NewRequestPage = lazy(() => import('./pages/NewRequestPage'));
const RequestDetailPage = lazy(() => import('./pages/RequestDetailPage'));

/** Pages behind the login: the login page first, then back where the visitor was going. */
function Private() {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  // Logging out happens on the account page: logging in again starts at the beginning.
  if (!me) return <Navigate to="/login" replace state={location.pathname === '/me' ? null : { from: location.pathname + location.search }} />;
  return <Frame />;
}

/**
 * The page above, the bottom navigation below (for the roles the phone pages serve). A request's
 * page has a back button instead, and the whole screen for the request.
 */
function Frame() {
  const { t } = useTranslation('mobile');
  const { me } = useAuth();
  const grid = me?.role === 'grid_worker';
  const detail = useMatch('/requests/:id');
  const phone = me !== null && isPhoneRole(me) && detail === null;
  return (
    <div className={phone ? 'm-app m-with-nav' : 'm-app'}>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
      {phone && (
        <nav className="m-nav" aria-label={t('nav.label')}>
          <NavLink to="/" end>
            <Icon name={grid ? 'inbox' : 'list'} />
            <span>{grid ? t('nav.gridRequests') : t('nav.myRequests')}</span>
          </NavLink>
          <NavLink to="/new" className="m-nav-new">
            <span className="m-nav-plus">
              <Icon name="plus" size={26} />
            </span>
            <span>{grid ? t('nav.fileForResident') : t('nav.newRequest')}</span>
          </NavLink>
          <NavLink to="/me">
            <Icon name="user" />
            <span>{t('nav.me')}</span>
          </NavLink>
        </nav>
      )}
    </div>
  );
}

/** Only the roles the phone pages serve place requests here; others are told where to go. */
function PhoneOnly({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  return me && isPhoneRole(me) ? <>{children}</> : <Navigate to="/" replace />;
}

export function MobileRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<Private />}>
        <Route index element={<RequestsPage />} />
        <Route
          path="new"
          element={
            <PhoneOnly>
              <NewRequestPage />
            </PhoneOnly>
          }
        />
        <Route path="requests/:id" element={<RequestDetailPage />} />
        <Route path="me" element={<MePage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
