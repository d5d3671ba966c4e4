// The phone pages at /m: residents place and follow requests, grid workers handle their grid's.
// Plain React and a little CSS, no component library, so that a phone loads little.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AuthProvider } from '../shared/auth';
import { initI18n } from '../shared/i18n';
import { MobileRoutes } from './App';
import './mobile.css';
import { resources } from './resources';

// A page open across a release asks for chunks the new build no longer has: load the new one.
window.addEventListener('vite:preloadError', () => window.location.reload());

void initI18n(resources).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AuthProvider>
        <BrowserRouter basename="/m">
          <MobileRoutes />
        </BrowserRouter>
      </AuthProvider>
    </StrictMode>,
  ),
);
