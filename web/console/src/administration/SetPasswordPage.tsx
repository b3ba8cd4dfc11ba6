import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { setPasswordWithLink } from '../api';
import { LanguageSwitch } from '../LanguageSwitch';
import { queryKeys } from '../queries';
import { useSession } from '../session';
import { fetchLinkHolder } from './api';

/** The token of the link, from the fragment (never sent to a server by the browser). */
const tokenInLink = () => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';

/** 设置密码: where an invitation or reset link lands; the new password signs the person in. */
export default function SetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { retry } = useSession();
  const [token] = useState(tokenInLink);
  const link = useQuery({ queryKey: queryKeys.link(token), queryFn: () => fetchLinkHolder(token) });
  const holder = link.data ?? null;
  const setting = useMutation({
    mutationFn: (password: string) => setPasswordWithLink(token, password),
    onSuccess: () => {
      retry();
      navigate('/ledger', { replace: true });
    },
  });
  const refusal = setting.error ?? link.error;
  const failure = refusal ? refusal.message : null;
  const busy = setting.isPending;

  const submit = ({ password }: { password: string }) => setting.mutateAsync(password).catch(() => undefined);

  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f5f5' }}>
      <Flex justify="flex-end" style={{ width: '100%' }}>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 440, marginTop: '10vh' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('administration.setPassword.title')}
        </Typography.Title>
        {holder && (
          <Typography.Paragraph type="secondary">
            {t('administration.setPassword.intro', { name: holder.name, email: holder.email })}
          </Typography.Paragraph>
        )}
        {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
        {holder && (
          <Form<{ password: string; again: string }> name="setPassword" layout="vertical" onFinish={submit}>
            <input type="hidden" autoComplete="username" value={holder.email} readOnly />
            <Form.Item
              name="password"
              label={t('administration.setPassword.password')}
              extra={t('administration.setPassword.policy')}
              rules={[{ required: true, message: t('administration.setPassword.required') }]}
            >
              <Input.Password autoComplete="new-password" autoFocus />
            </Form.Item>
            <Form.Item
              name="again"
              label={t('administration.setPassword.again')}
              dependencies={['password']}
              rules={[
                { required: true, message: t('administration.setPassword.required') },
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    value === getFieldValue('password')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('administration.setPassword.mismatch'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('administration.setPassword.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </Flex>
  );
}
