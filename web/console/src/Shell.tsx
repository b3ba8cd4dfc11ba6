import { App, Button, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { LanguageSwitch } from './LanguageSwitch';
import { mayOpen, navEntries } from './navigation';
import { PageLoading } from './PageLoading';
import { PasswordDialog } from './PasswordDialog';
import { SecondFactorDialog } from './SecondFactorDialog';
import { useMe, useSession } from './session';
import { useCodeLabel } from './useCodeLabel';
import { useReportError } from './useReportError';

function NavMenu() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  return (
    // Items are words, not links: the items that do not fit are kept hidden (aria-hidden) for measuring,
    // and a link in them could still take the keyboard's focus. Enter or a click opens the page.
    <Menu
      theme="dark"
      mode="horizontal"
      onClick={({ key }) => navigate(key)}
      // A page below a menu item (the import page below the backlog) keeps its item lit.
      selectedKeys={navEntries.filter(({ path }) => pathname.startsWith(path)).map(({ path }) => path)}
      items={navEntries
        .filter((entry) => entry.inMenu !== false && mayOpen(entry, me.roles ?? [me.role], me.unit.kind))
        .map(({ path, label }) => ({ key: path, label: t(`nav.${label}`) }))}
      style={{ flex: 1, minWidth: 0 }}
    />
  );
}

function WhoAmI() {
  const { t } = useTranslation();
  const me = useMe();
  const label = useCodeLabel();
  const { signOut, signOutEverywhere } = useSession();
  const navigate = useNavigate();
  const reportError = useReportError();
  const { modal } = App.useApp();
  const { md } = Grid.useBreakpoint();
  const [changingPassword, setChangingPassword] = useState(false);
  const [secondFactor, setSecondFactor] = useState(false);
  const where = me.department ? `${me.unit.name} · ${me.department.name}` : me.unit.name;

  const leave = (end: () => Promise<void>) =>
    end().then(() => navigate('/sign-in', { replace: true }), reportError);
  const leaveEverywhere = () =>
    modal.confirm({
      title: t('app.signOutEverywhere'),
      content: t('app.signOutEverywhereConfirm'),
      okText: t('app.signOutEverywhere'),
      cancelText: t('actions.cancel'),
      onOk: () => leave(signOutEverywhere),
    });

  return (
    <Space size="middle" style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text style={{ color: '#fff' }}>
        {me.name}
        {md && (
          <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', marginInlineStart: 8 }}>
            {(me.roles ?? [me.role]).map((role) => label('role', role)).join(' / ')} · {where}
          </Typography.Text>
        )}
      </Typography.Text>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'password', label: t('app.changePassword'), onClick: () => setChangingPassword(true) },
            { key: 'secondFactor', label: t('app.secondFactor'), onClick: () => setSecondFactor(true) },
            { key: 'everywhere', label: t('app.signOutEverywhere'), onClick: leaveEverywhere },
            { type: 'divider' },
            { key: 'signOut', label: t('app.signOut'), onClick: () => void leave(signOut) },
          ],
        }}
      >
        <Button size="small" ghost aria-label={t('app.userMenu')}>
          {t('app.account')}
        </Button>
      </Dropdown>
      {changingPassword && <PasswordDialog onClose={() => setChangingPassword(false)} />}
      {secondFactor && <SecondFactorDialog onClose={() => setSecondFactor(false)} />}
    </Space>
  );
}

/** The frame around every signed-in page: title, menu by role, who is signed in, language. */
export function Shell() {
  const { t } = useTranslation();
  const { md } = Grid.useBreakpoint();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: md ? 24 : 12 }}>
        <span style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {md ? t('app.title') : t('app.shortTitle')}
        </span>
        <NavMenu />
        <WhoAmI />
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: md ? 24 : 8 }}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
