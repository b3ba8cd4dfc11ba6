import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { useSession } from './session';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeated: string;
}

/** Changing one's own password (修改密码); the server's reasons for refusing appear at the fields. */
export function PasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { changePassword } = useSession();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async ({ currentPassword, newPassword }: PasswordForm) => {
    setBusy(true);
    setFailure(null);
    try {
      await changePassword(currentPassword, newPassword);
      void message.success(t('password.changed'));
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        const byField = new Map<string, string[]>();
        for (const { field, message: text } of error.details) {
          byField.set(field, [...(byField.get(field) ?? []), text]);
        }
        form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof PasswordForm, errors })));
      } else {
        setFailure(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('password.title')}
      okText={t('password.submit')}
      cancelText={t('actions.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('password.rules')}</Typography.Paragraph>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
      <Form<PasswordForm>
        form={form}
        name="password"
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        disabled={busy}
      >
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[{ required: true, min: 12, message: t('password.tooShort', { min: 12 }) }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeated"
          label={t('password.repeat')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.repeatRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
