// UI text: Chinese (zh-CN) first, English second. Each entry loads only the namespaces its pages
// use (the phone pages carry a fraction of the console's text); the choice is remembered.
import i18n, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

export type Language = 'zh' | 'en';
const KEY = 'hongyun.language';

export function savedLanguage(): Language {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export async function initI18n(resources: Resource): Promise<typeof i18n> {
  await i18n.use(initReactI18next).init({
    resources,
    lng: savedLanguage(),
    fallbackLng: 'zh',
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return i18n;
}

export async function switchLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // Private windows may refuse storage; the switch still holds for this page.
  }
  await i18n.changeLanguage(language);
  document.documentElement.lang = language === 'en' ? 'en' : 'zh-CN';
}
