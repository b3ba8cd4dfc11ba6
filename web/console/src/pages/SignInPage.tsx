import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, type Location } from 'react-router-dom';
import { LanguageSwitch } from '../LanguageSwitch';
import { useSession } from '../session';

interface Credentials {
  email: string;
  password: string;
}

/** Where the person was going before the guard sent them here. */
function useReturnPath(): string {
  const { state } = useLocation() as Location<{ from?: Location } | null>;
  const from = state?.from;
  return from && from.pathname !== '/sign-in' ? `${from.pathname}${from.search}${from.hash}` : '/ledger';
}

export default function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const returnPath = useReturnPath();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session.state.kind === 'signedIn' && !busy) return <Navigate to={returnPath} replace />;

  const submit = async ({ email, password }: Credentials) => {
    setBusy(true);
    setFailure(null);
    try {
      await session.signIn(email.trim(), password);
      navigate(returnPath, { replace: true });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f5f5' }}>
      <Flex justify="flex-end" style={{ width: '100%' }}>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 400, marginTop: '10vh' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.intro')}</Typography.Paragraph>
        {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
        <Form<Credentials> name="signIn" layout="vertical" requiredMark={false} onFinish={submit}>
          <Form.Item
            name="email"
            label={t('signIn.email')}
            rules={[{ required: true, type: 'email', message: t('signIn.emailRequired') }]}
          >
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
