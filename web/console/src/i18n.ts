import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { consoleResources } from './resources';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'ql.lang';
const dayjsLocales: Record<Language, string> = { 'zh-CN': 'zh-cn', en: 'en' };

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(storageKey);
    return languages.find((language) => language === stored) ?? 'zh-CN';
  } catch {
    // Storage can be disabled by browser policy; the console still works in the default language.
    return 'zh-CN';
  }
}

export function currentLanguage(): Language {
  return languages.find((language) => language === i18n.language) ?? 'zh-CN';
}

export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Not remembered across visits, but switched for this one.
  }
  void i18n.changeLanguage(language);
}

i18n.on('languageChanged', () => {
  const language = currentLanguage();
  document.documentElement.lang = language;
  document.title = i18n.t('app.title');
  dayjs.locale(dayjsLocales[language]);
});

void i18n.use(initReactI18next).init({
  resources: consoleResources,
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});

export default i18n;
