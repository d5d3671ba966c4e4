// The console's UI text: every namespace but the phone pages'.
import enCommon from '../locales/en/common.json';
import enDashboard from '../locales/en/dashboard.json';
import enMap from '../locales/en/map.json';
import enRegister from '../locales/en/register.json';
import enRequests from '../locales/en/requests.json';
import zhCommon from '../locales/zh/common.json';
import zhDashboard from '../locales/zh/dashboard.json';
import zhMap from '../locales/zh/map.json';
import zhRegister from '../locales/zh/register.json';
import zhRequests from '../locales/zh/requests.json';

export const resources = {
  zh: { common: zhCommon, dashboard: zhDashboard, map: zhMap, requests: zhRequests, register: zhRegister },
  en: { common: enCommon, dashboard: enDashboard, map: enMap, requests: enRequests, register: enRegister },
};
