// The staff console: Ant Design in Chinese or English, the account, and the pages by route.
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { AuthProvider } from '../shared/auth';
import { initI18n } from '../shared/i18n';
import { ConsoleRoutes } from './App';
import './console.css';
import { resources } from './resources';

function Root() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  dayjs.locale(english ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={{ token: { colorPrimary: '#c0392b', borderRadius: 4 } }}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <ConsoleRoutes />
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

// A page open across a release asks for chunks the new build no longer has: load the new one.
window.addEventListener('vite:preloadError', () => window.location.reload());

void initI18n(resources).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  ),
);
