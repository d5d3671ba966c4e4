// Logging in to the console; residents who log in here go on to their phone pages.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../shared/api';
import { useAuth } from '../shared/auth';
import { type Language, switchLanguage } from '../shared/i18n';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (me) return <Navigate to={from} replace />;

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      const account = await login(values.username, values.password);
      if (account.role === 'resident' || account.role === 'in_service_member') window.location.assign('/m/');
      else navigate(from, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) setProblem(t('login.tooMany'));
      else if (error instanceof ApiError && error.status === 0) setProblem(t('status.network'));
      else setProblem(t('login.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: 'linear-gradient(160deg, #c0392b 0%, #7b1f17 100%)' }}>
      <Card style={{ width: 360, maxWidth: '92vw' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Segmented<Language>
            size="small"
            aria-label={t('account.language')}
            value={i18n.language === 'en' ? 'en' : 'zh'}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'EN', value: 'en' },
            ]}
            onChange={(value) => void switchLanguage(value)}
          />
        </div>
        <Typography.Paragraph type="secondary">{t('app.fullName')}</Typography.Paragraph>
        {problem && <Alert type="error" title={problem} showIcon style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.username') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.password') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
