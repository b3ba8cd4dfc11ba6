import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage, type Language } from './i18n';

const languageOptions = [
  { label: '中文', value: 'zh-CN' as const },
  { label: 'English', value: 'en' as const },
];

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Segmented<Language>
      aria-label={t('app.language')}
      value={currentLanguage()}
      options={languageOptions}
      onChange={chooseLanguage}
    />
  );
}
