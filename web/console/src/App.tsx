import { App as AntApp, ConfigProvider, Grid, Layout, Menu, Segmented } from 'antd';
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { chooseLanguage, currentLanguage, type Language } from './i18n';
import { LedgerPage } from './pages/LedgerPage';

const antdLocales: Record<Language, Locale> = { 'zh-CN': zhCN, en: enUS };
const languageOptions = [
  { label: '中文', value: 'zh-CN' as const },
  { label: 'English', value: 'en' as const },
];
// The router works below the path the API serves the console at (vite `base`).
const basename = import.meta.env.BASE_URL.replace(/\/$/, '');

function NavMenu() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <Menu
      theme="dark"
      mode="horizontal"
      selectedKeys={[pathname]}
      items={[{ key: '/ledger', label: <Link to="/ledger">{t('nav.ledger')}</Link> }]}
      style={{ flex: 1, minWidth: 0 }}
    />
  );
}

export function App() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { md } = Grid.useBreakpoint();

  return (
    <ConfigProvider locale={antdLocales[language]}>
      <AntApp>
        <BrowserRouter basename={basename}>
          <Layout style={{ minHeight: '100vh' }}>
            <Layout.Header
              style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: md ? 24 : 12 }}
            >
              <span style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
                {md ? t('app.title') : t('app.shortTitle')}
              </span>
              <NavMenu />
              <Segmented<Language> value={language} options={languageOptions} onChange={chooseLanguage} />
            </Layout.Header>
            <Layout.Content style={{ padding: md ? 24 : 8 }}>
              <Routes>
                <Route path="/ledger" element={<LedgerPage />} />
                <Route path="*" element={<Navigate to="/ledger" replace />} />
              </Routes>
            </Layout.Content>
          </Layout>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
