// The phone pages' UI text: the common namespace and their own, nothing of the console's.
import enCommon from '../locales/en/common.json';
import enMobile from '../locales/en/mobile.json';
import zhCommon from '../locales/zh/common.json';
import zhMobile from '../locales/zh/mobile.json';

export const resources = {
  zh: { common: zhCommon, mobile: zhMobile },
  en: { common: enCommon, mobile: enMobile },
};
