import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  grantIdentity,
  revealIdentity,
  revokeIdentityGrant,
  type CaseIdentity,
  type Complainant,
  type IdentityView,
} from '../api';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';
import { checkedColumns } from '../columns';

/** The policy's minimum (domain/identity-access.ts): a reason says something. */
const reasonMin = 4;
const fields = ['name', 'phone', 'email', 'idNumber', 'address'] as const;

function ReasonModal({
  title,
  open,
  onCancel,
  onSubmit,
  children,
}: {
  title: string;
  open: boolean;
  onCancel: () => void;
  onSubmit: (values: { reason: string; grantee?: string }) => Promise<void>;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string; grantee?: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (values: { reason: string; grantee?: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit(values);
      form.resetFields();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t('identity.confirm')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        {children}
        <Form.Item
          name="reason"
          label={t('identity.reason')}
          rules={[
            { required: true, whitespace: true, message: t('identity.reasonRequired', { min: reasonMin }) },
            { min: reasonMin, message: t('identity.reasonRequired', { min: reasonMin }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder={t('identity.reasonHint')} />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon message={failure} />}
    </Modal>
  );
}

function Revealed({ identity }: { identity: Complainant }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={fields.map((field) => ({
        key: field,
        label: t(`identity.fields.${field}`),
        children: identity[field] ?? '—',
      }))}
    />
  );
}

function Grants({
  caseNumber,
  identity,
  onChanged,
}: {
  caseNumber: string;
  identity: CaseIdentity;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const [open, setOpen] = useState(false);
  const grantees = identity.grantees;
  const options = [
    ...(grantees?.departments ?? []).map((d) => ({
      value: `department:${d.id}`,
      label: `${d.unit.name} ${d.name}`,
    })),
    ...(grantees?.people ?? []).map((p) => ({
      value: `staff:${p.id}`,
      label: `${p.unit.name} ${p.name}（${t(`role.${p.role}`)}）`,
    })),
  ];
  const grant = async ({ reason, grantee = '' }: { reason: string; grantee?: string }) => {
    const [kind, id] = grantee.split(':');
    await grantIdentity(caseNumber, {
      ...(kind === 'staff' ? { staffId: Number(id) } : { departmentId: Number(id) }),
      reason,
    });
    setOpen(false);
    void message.success(t('identity.granted'));
    onChanged();
  };
  const revoke = (grantId: number) =>
    revokeIdentityGrant(caseNumber, grantId).then(() => {
      void message.success(t('identity.revoked'));
      onChanged();
    }, reportError);
  return (
    <>
      <Typography.Title level={5}>{t('identity.grants')}</Typography.Title>
      <List
        size="small"
        locale={{ emptyText: t('identity.noGrants') }}
        dataSource={identity.grants ?? []}
        renderItem={(g) => (
          <List.Item
            actions={[
              <Popconfirm key="revoke" title={t('identity.revokeConfirm')} onConfirm={() => revoke(g.id)}>
                <Button size="small" danger>
                  {t('identity.revoke')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={g.staff?.name ?? g.department?.name}
              description={t('identity.grantLine', {
                by: g.grantedBy,
                at: formatShanghai(g.grantedAt),
                reason: g.reason,
              })}
            />
          </List.Item>
        )}
      />
      <Button onClick={() => setOpen(true)}>{t('identity.grant')}</Button>
      <ReasonModal title={t('identity.grant')} open={open} onCancel={() => setOpen(false)} onSubmit={grant}>
        <Form.Item
          name="grantee"
          label={t('identity.grantee')}
          rules={[{ required: true, message: t('identity.granteeRequired') }]}
        >
          <Select showSearch optionFilterProp="label" options={options} />
        </Form.Item>
      </ReasonModal>
    </>
  );
}

export function RecentViews({ views }: { views: IdentityView[] }) {
  const { t } = useTranslation();
  return (
    <Table<IdentityView>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={views}
      columns={checkedColumns<IdentityView>([
        { title: t('identity.at'), dataIndex: 'at', render: (at: string) => formatShanghai(at) },
        {
          title: t('identity.who'),
          dataIndex: 'staff',
          render: (staff: IdentityView['staff']) =>
            `${staff.unitName} ${staff.name}（${t(`role.${staff.role}`)}）`,
        },
        {
          title: t('identity.action'),
          dataIndex: 'action',
          render: (action: IdentityView['action']) => (
            <Tag color={action === 'identity_view_refused' ? 'error' : 'default'}>
              {t(`identity.actions.${action}`)}
            </Tag>
          ),
        },
        { title: t('identity.reason'), dataIndex: 'reason' },
      ])}
    />
  );
}

/**
 * 信访人身份: masked on the page. Whoever may see it asks with a reason, and the look is
 * recorded; the registering office grants and revokes; the office head sees the latest looks.
 */
export function IdentityCard({
  caseNumber,
  identity,
  onChanged,
}: {
  caseNumber: string;
  identity: CaseIdentity;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [shown, setShown] = useState<Complainant | null>(null);
  if (identity.anonymous) {
    return (
      <Card size="small" title={t('identity.title')}>
        <Typography.Text type="secondary">{t('identity.anonymous')}</Typography.Text>
      </Card>
    );
  }
  const reveal = async ({ reason }: { reason: string }) => {
    setShown(await revealIdentity(caseNumber, reason));
    setAsking(false);
    onChanged();
  };
  return (
    <Card size="small" title={t('identity.title')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {shown ? (
          <Revealed identity={shown} />
        ) : (
          <Space wrap>
            <Typography.Text strong>{t('identity.protected')}</Typography.Text>
            {identity.mayView ? (
              <Button type="primary" onClick={() => setAsking(true)}>
                {t('identity.reveal')}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t('identity.notGranted')}</Typography.Text>
            )}
          </Space>
        )}
        <ReasonModal
          title={t('identity.reveal')}
          open={asking}
          onCancel={() => setAsking(false)}
          onSubmit={reveal}
        />
        {identity.mayGrant && <Grants caseNumber={caseNumber} identity={identity} onChanged={onChanged} />}
        {identity.recentViews && identity.recentViews.length > 0 && (
          <>
            <Typography.Title level={5}>{t('identity.recentViews')}</Typography.Title>
            <RecentViews views={identity.recentViews} />
          </>
        )}
      </Space>
    </Card>
  );
}
