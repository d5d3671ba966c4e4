// 中文 / EN: two buttons, the current one pressed; the choice is remembered on the phone.
import { useTranslation } from 'react-i18next';
import { type Language, switchLanguage } from '../shared/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current: Language = i18n.language === 'en' ? 'en' : 'zh';
  const option = (language: Language, label: string) => (
    <button type="button" aria-pressed={current === language} onClick={() => void switchLanguage(language)}>
      {label}
    </button>
  );
  return (
    <div className="m-lang" role="group" aria-label={t('common:account.language')}>
      {option('zh', '中文')}
      {option('en', 'EN')}
    </div>
  );
}
