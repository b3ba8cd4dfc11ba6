import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, type Location } from 'react-router-dom';
import { LanguageSwitch } from '../LanguageSwitch';
import { SecondFactorEnrolment } from '../SecondFactorEnrolment';
import { useSession } from '../session';

interface Credentials {
  email: string;
  password: string;
}

/** Where the person was going before the guard sent them here. */
function useReturnPath(): string {
  const { state } = useLocation() as Location<{ from?: Location } | null>;
  const from = state?.from;
  return from && from.pathname !== '/sign-in' ? `${from.pathname}${from.search}${from.hash}` : '/';
}

export default function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const returnPath = useReturnPath();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session.state.kind === 'signedIn' && !busy) return <Navigate to={returnPath} replace />;

  const attempt = async (step: () => Promise<boolean>) => {
    setBusy(true);
    setFailure(null);
    try {
      if (await step()) navigate(returnPath, { replace: true });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const submit = ({ email, password }: Credentials) => attempt(() => session.signIn(email.trim(), password));
  const giveCode = ({ code }: { code: string }) =>
    attempt(async () => {
      await session.giveSecondFactor(code.trim());
      return true;
    });
  const pending = session.state.kind === 'secondFactor' ? session.state.step : null;
  const startOver = (
    <Button type="link" block onClick={() => void session.signOut()}>
      {t('secondFactor.otherAccount')}
    </Button>
  );

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
        {pending === 'code' && (
          <Form<{ code: string }>
            name="secondFactor"
            layout="vertical"
            requiredMark={false}
            onFinish={giveCode}
          >
            <Typography.Paragraph>{t('secondFactor.codeIntro')}</Typography.Paragraph>
            <Form.Item
              name="code"
              label={t('secondFactor.codeOrRecovery')}
              rules={[{ required: true, message: t('secondFactor.codeRequired') }]}
            >
              <Input autoComplete="one-time-code" autoFocus maxLength={32} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn.submit')}
            </Button>
            {startOver}
          </Form>
        )}
        {pending === 'enrol' && (
          <>
            <Alert
              type="info"
              showIcon
              message={t('secondFactor.enrolRequired')}
              style={{ marginBottom: 16 }}
            />
            <SecondFactorEnrolment
              onDone={(staff) => {
                session.enrolled(staff);
                navigate(returnPath, { replace: true });
              }}
            />
            {startOver}
          </>
        )}
        {pending === null && (
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
        )}
      </Card>
    </Flex>
  );
}
