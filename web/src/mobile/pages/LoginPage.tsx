// Logging in on a phone: username and password, the language, and the demo accounts to try.
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { LanguageSwitch } from '../LanguageSwitch';
import { Banner, Loading } from '../ui';

export function LoginPage() {
  const { t } = useTranslation('mobile');
  const { me, loading, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  useEffect(() => {
    document.title = `${t('common:login.title')} · ${t('common:app.name')}`;
  }, [t]);

  if (loading) return <Loading />;
  if (me) return <Navigate to={from} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setProblem(t('login.missing'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await login(username.trim(), password);
      navigate(from, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) setProblem(t('common:login.tooMany'));
      else if (error instanceof ApiError && error.status === 0) setProblem(t('common:status.network'));
      else setProblem(t('common:login.failed'));
      setBusy(false);
    }
  };

  return (
    <main className="m-login">
      <div className="m-login-head">
        <div className="m-login-mark" aria-hidden="true">
          红
        </div>
        <div>
          <h1>{t('common:app.name')}</h1>
          <p>{t('login.tagline')}</p>
        </div>
      </div>
      <form className="m-card m-login-card" onSubmit={submit} noValidate>
        <div className="m-row m-row-between">
          <h2>{t('common:login.title')}</h2>
          <LanguageSwitch />
        </div>
        {problem && <Banner kind="error">{problem}</Banner>}
        <div className="m-field">
          <label htmlFor="login-username">{t('common:login.username')}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="m-field">
          <label htmlFor="login-password">{t('common:login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="m-btn m-btn-primary m-btn-block" disabled={busy}>
          {busy ? t('login.busy') : t('common:login.submit')}
        </button>
        <p className="m-hint">{t('login.demoHint')}</p>
      </form>
    </main>
  );
}
