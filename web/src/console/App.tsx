// The console's routes. Pages load on demand, so the first screen carries only the layout.
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useParams } from 'react-router';
import { useAuth } from '../shared/auth';
import { Loading, NotFound } from './components/States';
import { ConsoleLayout } from './Layout';
import { LoginPage } from './LoginPage';

const Dashboard = lazy(() => import('./pages/Dashboard'));
const BigScreen = lazy(() => import('./pages/BigScreen'));
const MapPage = lazy(() => import('./pages/MapPage'));
const RequestInbox = lazy(() => import('./pages/RequestInbox'));
const RequestList = lazy(() => import('./pages/RequestList'));
const RequestDetail = lazy(() => import('./pages/RequestDetail'));
const Communities = lazy(() => import('./pages/register/Communities'));
const Grids = lazy(() => import('./pages/register/Grids'));
const Compounds = lazy(() => import('./pages/register/Compounds'));
const CompoundDetail = lazy(() => import('./pages/register/CompoundDetail'));
const PartyOrgs = lazy(() => import('./pages/register/PartyOrgs'));
const Companies = lazy(() => import('./pages/register/Companies'));
const Accounts = lazy(() => import('./pages/register/Accounts'));

/** Pages behind the login: the login page first, residents to their phone pages. */
function Private({ children }: { children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.role === 'resident' || me.role === 'in_service_member') {
    window.location.replace('/m/');
    return <Loading />;
  }
  return <>{children}</>;
}

const page = (element: ReactNode) => <Suspense fallback={<Loading />}>{element}</Suspense>;

/** A request's page starts afresh for another request (a merge link), never showing the last one's data. */
function RequestPage() {
  const { id } = useParams();
  return <RequestDetail key={id} />;
}

export function ConsoleRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/big-screen" element={<Private>{page(<BigScreen />)}</Private>} />
      <Route
        element={
          <Private>
            <ConsoleLayout />
          </Private>
        }
      >
        <Route index element={page(<Dashboard />)} />
        <Route path="map" element={page(<MapPage />)} />
        <Route path="requests/inbox" element={page(<RequestInbox />)} />
        <Route path="requests" element={page(<RequestList />)} />
        <Route path="requests/:id" element={page(<RequestPage />)} />
        <Route path="register/communities" element={page(<Communities />)} />
        <Route path="register/grids" element={page(<Grids />)} />
        <Route path="register/compounds" element={page(<Compounds />)} />
        <Route path="register/compounds/:id" element={page(<CompoundDetail />)} />
        <Route path="register/party-orgs" element={page(<PartyOrgs />)} />
        <Route path="register/companies" element={page(<Companies />)} />
        <Route path="accounts" element={page(<Accounts />)} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
