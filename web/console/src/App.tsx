import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { StaffRole } from './api';
import { currentLanguage, type Language } from './i18n';
import { homePath, navEntries } from './navigation';
import { PageLoading } from './PageLoading';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';
import { consoleTheme, prefersReducedMotion } from './theme';

const antdLocales: Record<Language, Locale> = { 'zh-CN': zhCN, en: enUS };
// The router works below the path the API serves the console at (vite `base`).
const basename = import.meta.env.BASE_URL.replace(/\/$/, '');

// Each page is its own chunk: a clerk never downloads the administrator's pages.
const pages: Record<string, LazyExoticComponent<ComponentType>> = {
  '/ledger': lazy(() => import('./pages/LedgerPage')),
  '/queues/department': lazy(() => import('./pages/DepartmentQueuePage')),
  '/queues/escalations': lazy(() => import('./pages/EscalationQueuePage')),
  '/discipline/queue': lazy(() => import('./discipline/ReportQueuePage')),
  '/intake': lazy(() => import('./pages/IntakePage')),
  '/leader': lazy(() => import('./pages/LeaderWorkspacePage')),
  '/backlog': lazy(() => import('./pages/BacklogPage')),
  '/backlog/import': lazy(() => import('./pages/BacklogImportPage')),
  '/close-out': lazy(() => import('./pages/CloseOutBoardPage')),
  '/bulletins': lazy(() => import('./pages/BulletinPage')),
  '/statistics': lazy(() => import('./pages/StatisticsPage')),
  '/auto-triage/clusters': lazy(() => import('./auto-triage/ClustersPage')),
  '/look-back': lazy(() => import('./pages/LookBackCampaignsPage')),
  '/identity-views': lazy(() => import('./pages/IdentityViewsPage')),
  '/admin/units': lazy(() => import('./administration/UnitsPage')),
  '/admin/staff': lazy(() => import('./administration/StaffPage')),
  '/admin/log': lazy(() => import('./administration/LogPage')),
  '/admin/audit': lazy(() => import('./audit/AuditPage')),
  '/admin/calendar': lazy(() => import('./pages/CalendarPage')),
  '/admin/policies': lazy(() => import('./pages/PoliciesPage')),
  '/admin/written-notices': lazy(() => import('./written-notices/TemplatesPage')),
  '/admin/power-list': lazy(() => import('./administration/PowerListPage')),
  '/admin/org-chart-import': lazy(() => import('./administration/OrgChartImportPage')),
  '/campaigns': lazy(() => import('./administration/CampaignsPage')),
  '/typical-cases': lazy(() => import('./pages/TypicalCasesPage')),
};
const SignInPage = lazy(() => import('./pages/SignInPage'));
const SetPasswordPage = lazy(() => import('./administration/SetPasswordPage'));
const CasePage = lazy(() => import('./pages/CasePage'));

/** Pages behind sign-in: on no session, go to sign-in and come back here afterwards. */
function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { state, retry } = useSession();
  const location = useLocation();
  switch (state.kind) {
    case 'loading':
      return <PageLoading />;
    case 'signedOut':
    case 'secondFactor':
      return <Navigate to="/sign-in" replace state={{ from: location }} />;
    case 'failed':
      return (
        <Result
          status="warning"
          title={state.error.message}
          extra={<Button onClick={retry}>{t('app.retry')}</Button>}
        />
      );
    case 'signedIn':
      return children;
  }
}

/** Any other path: the person's landing page. */
function Home() {
  const { state } = useSession();
  const roles = state.kind === 'signedIn' ? (state.staff.roles ?? [state.staff.role]) : [];
  return <Navigate to={homePath(roles)} replace />;
}

function RequireRole({ roles, children }: { roles?: readonly StaffRole[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { state } = useSession();
  const held = state.kind === 'signedIn' ? (state.staff.roles ?? [state.staff.role]) : [];
  if (roles && state.kind === 'signedIn' && !held.some((role) => roles.includes(role))) {
    return <Result status="403" title={t('app.forbidden')} />;
  }
  return children;
}

export function App() {
  const language = currentLanguage();
  return (
    // Two-character Chinese buttons keep their text as written ("分办", not "分 办"): that is their accessible name.
    <ConfigProvider
      locale={antdLocales[language]}
      theme={consoleTheme(prefersReducedMotion())}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <SessionProvider>
          <BrowserRouter basename={basename}>
            <Routes>
              <Route
                path="/sign-in"
                element={
                  <Suspense fallback={<PageLoading />}>
                    <SignInPage />
                  </Suspense>
                }
              />
              <Route
                path="/set-password"
                element={
                  <Suspense fallback={<PageLoading />}>
                    <SetPasswordPage />
                  </Suspense>
                }
              />
              <Route
                element={
                  <RequireSession>
                    <Shell />
                  </RequireSession>
                }
              >
                {navEntries.map(({ path, roles }) => {
                  const Page = pages[path];
                  return (
                    Page && (
                      <Route
                        key={path}
                        path={path}
                        element={
                          <RequireRole roles={roles}>
                            <Page />
                          </RequireRole>
                        }
                      />
                    )
                  );
                })}
                <Route path="/cases/:caseNumber" element={<CasePage />} />
                <Route path="*" element={<Home />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
