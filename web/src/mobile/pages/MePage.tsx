// The account: who is logged in, where they act, the language, the console for staff, logging out.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../../shared/auth';
import { LanguageSwitch } from '../LanguageSwitch';
import { Banner, TopBar } from '../ui';
import { errorText, hasConsole } from '../util';

export function MePage() {
  const { t } = useTranslation('mobile');
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<unknown>(null);
  if (!me) return null;

  const leave = async () => {
    try {
      await logout();
      navigate('/login', { replace: true });
    } catch (error) {
      setProblem(error);
    }
  };

  return (
    <>
      <TopBar title={t('nav.me')} />
      <main className="m-main">
        <section className="m-card m-me">
          <div className="m-avatar" aria-hidden="true">
            {me.displayName.slice(0, 1)}
          </div>
          <div>
            <h2>{me.displayName}</h2>
            <p>
              {t(`common:roles.${me.role}`)} · {me.scope.name}
            </p>
            <p className="m-muted">{me.username}</p>
          </div>
        </section>
        <section className="m-card">
          <div className="m-row m-row-between">
            <span>{t('common:account.language')}</span>
            <LanguageSwitch />
          </div>
        </section>
        {problem ? <Banner kind="error">{errorText(t, problem)}</Banner> : null}
        {hasConsole(me) && (
          <a className="m-btn m-btn-block" href="/">
            {t('elsewhere.console')}
          </a>
        )}
        <button type="button" className="m-btn m-btn-block m-btn-danger" onClick={() => void leave()}>
          {t('common:account.logout')}
        </button>
      </main>
    </>
  );
}
