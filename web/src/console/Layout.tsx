// The console's frame: the menu shows only what the account's role may use; the header holds
// the scope, the language switch and the account menu.
import {
  ApartmentOutlined,
  BankOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  FundProjectionScreenOutlined,
  HomeOutlined,
  InboxOutlined,
  ProfileOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Avatar, Dropdown, Layout, Menu, Segmented, Space, Typography } from 'antd';
import type { ItemType } from 'antd/es/menu/interface';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { errorText } from '../shared/api';
import { may, useAuth } from '../shared/auth';
import { type Language, switchLanguage } from '../shared/i18n';
import type { Me } from '../shared/types';

/** Roles that work requests in the console (everyone but residents and members). */
export const REQUEST_ROLES = ['district_admin', 'street_staff', 'community_staff', 'grid_worker', 'property_staff', 'party_secretary'];

export function menuItems(me: Me, t: (key: string) => string): ItemType[] {
  const items: ItemType[] = [];
  if (may(me, 'stats')) {
    items.push({ key: '/', icon: <DashboardOutlined />, label: t('nav.dashboard') });
    items.push({ key: '/big-screen', icon: <FundProjectionScreenOutlined />, label: t('nav.bigScreen') });
  }
  if (may(me, 'grids')) items.push({ key: '/map', icon: <EnvironmentOutlined />, label: t('nav.map') });
  if (REQUEST_ROLES.includes(me.role)) {
    items.push({
      key: 'requests',
      icon: <ProfileOutlined />,
      label: t('nav.requests'),
      children: [
        { key: '/requests/inbox', icon: <InboxOutlined />, label: t('nav.inbox') },
        { key: '/requests', icon: <UnorderedListOutlined />, label: t('nav.list') },
      ],
    });
  }
  const register: ItemType[] = [];
  if (may(me, 'communities')) register.push({ key: '/register/communities', icon: <ApartmentOutlined />, label: t('nav.communities') });
  if (may(me, 'grids')) register.push({ key: '/register/grids', icon: <ApartmentOutlined />, label: t('nav.grids') });
  if (may(me, 'compounds')) register.push({ key: '/register/compounds', icon: <HomeOutlined />, label: t('nav.compounds') });
  if (may(me, 'partyOrgs')) register.push({ key: '/register/party-orgs', icon: <FlagOutlined />, label: t('nav.partyOrgs') });
  if (may(me, 'propertyCompanies')) register.push({ key: '/register/companies', icon: <BankOutlined />, label: t('nav.companies') });
  if (register.length > 0) items.push({ key: 'register', icon: <TeamOutlined />, label: t('nav.register'), children: register });
  if (may(me, 'users', 'c')) items.push({ key: '/accounts', icon: <UserOutlined />, label: t('nav.accounts') });
  return items;
}

/** The menu item a path belongs to: a record's page lights up its list. */
export function selectedKey(pathname: string): string {
  if (pathname === '/requests/inbox') return pathname;
  if (pathname.startsWith('/requests/')) return '/requests';
  const record = /^\/register\/[a-z-]+/.exec(pathname);
  return record ? record[0] : pathname;
}

export function ConsoleLayout() {
  const { t, i18n } = useTranslation();
  const { me, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  if (!me) return null;
  const items = menuItems(me, t);
  const selected = selectedKey(location.pathname);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={208} theme="dark">
        <div className="hy-brand" style={{ height: 56, display: 'flex', alignItems: 'center' }}>
          {t('app.name')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          defaultOpenKeys={['requests', 'register']}
          items={items}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">
            {t('account.scopeOf', { name: me.scope.name })}
          </Typography.Text>
          <Space size="large">
            <Segmented<Language>
              aria-label={t('account.language')}
              size="small"
              value={i18n.language === 'en' ? 'en' : 'zh'}
              options={[
                { label: '中文', value: 'zh' },
                { label: 'EN', value: 'en' },
              ]}
              onChange={(value) => void switchLanguage(value)}
            />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'role', label: t(`roles.${me.role}`), disabled: true },
                  { type: 'divider' },
                  { key: 'logout', label: t('account.logout') },
                ],
                onClick: ({ key }) => {
                  if (key === 'logout') {
                    logout()
                      .then(() => navigate('/login'))
                      .catch((error: unknown) => void message.error(errorText(error)));
                  }
                },
              }}
            >
              <a href="#account" onClick={(e) => e.preventDefault()} aria-label={me.displayName}>
                <Space>
                  <Avatar size="small" icon={<UserOutlined />} />
                  {me.displayName}
                </Space>
              </a>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="hy-page">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
