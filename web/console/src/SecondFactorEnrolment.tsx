import { Alert, Button, Flex, Form, Input, List, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beginEnrolment, confirmEnrolment, type EnrolmentOffer, type Me } from './api';

/**
 * 绑定身份验证器: the QR code and the same secret to type in, a first code to confirm it,
 * then the ten recovery codes, shown this once. `onDone` gets the renewed session's person
 * once the codes are put away.
 */
export function SecondFactorEnrolment({ onDone }: { onDone: (staff: Me) => void }) {
  const { t } = useTranslation();
  const [offer, setOffer] = useState<EnrolmentOffer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrolled, setEnrolled] = useState<{ staff: Me; recoveryCodes: string[] } | null>(null);

  useEffect(() => {
    beginEnrolment().then(setOffer, (error: unknown) =>
      setFailure(error instanceof Error ? error.message : String(error)),
    );
  }, []);

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      setEnrolled(await confirmEnrolment(code.trim()));
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  if (enrolled) {
    return (
      <Flex vertical gap={12}>
        <Alert type="success" showIcon message={t('secondFactor.enrolled')} />
        <Typography.Paragraph>{t('secondFactor.recoveryCodesIntro')}</Typography.Paragraph>
        <List
          size="small"
          bordered
          aria-label={t('secondFactor.recoveryCodes')}
          dataSource={enrolled.recoveryCodes}
          renderItem={(code) => (
            <List.Item>
              <Typography.Text code copyable>
                {code}
              </Typography.Text>
            </List.Item>
          )}
        />
        <Button type="primary" onClick={() => onDone(enrolled.staff)}>
          {t('secondFactor.recoveryCodesSaved')}
        </Button>
      </Flex>
    );
  }
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('secondFactor.scan')}</Typography.Paragraph>
      {failure && <Alert type="error" showIcon message={failure} />}
      {offer && (
        <>
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(offer.qrSvg)}`}
            alt={t('secondFactor.qrCode')}
            width={200}
            height={200}
            style={{ alignSelf: 'center' }}
          />
          <Typography.Text>
            {t('secondFactor.secret')}{' '}
            <Typography.Text code copyable data-testid="second-factor-secret">
              {offer.secret}
            </Typography.Text>
          </Typography.Text>
          <Form<{ code: string }> name="enrolment" layout="vertical" requiredMark={false} onFinish={confirm}>
            <Form.Item
              name="code"
              label={t('secondFactor.code')}
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('secondFactor.codeRequired') }]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('secondFactor.confirm')}
            </Button>
          </Form>
        </>
      )}
    </Flex>
  );
}
