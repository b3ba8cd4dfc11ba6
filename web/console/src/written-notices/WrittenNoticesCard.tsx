import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../queries';
import { todayShanghai } from '../time';
import { useReportError } from '../useReportError';
import {
  deliveryMethods,
  fetchCaseNotices,
  issueNotice,
  noticeDownloadUrl,
  recordDelivery,
  type CaseNotices,
  type DeliveryMethod,
  type WrittenNotice,
  type WrittenNoticeKind,
} from './api';

interface DeliveryValues {
  method: DeliveryMethod;
  deliveredOn: Dayjs;
  deliveredBy?: string;
}

/** 送达: how, when and by whom the notice reached its addressee. */
function DeliveryModal(props: {
  caseNumber: string;
  notice: WrittenNotice | null;
  onClose: () => void;
  onRecorded: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DeliveryValues>();
  const reportError = useReportError();
  const { notice } = props;
  const recording = useMutation({
    mutationFn: ({ id, values }: { id: number; values: DeliveryValues }) =>
      recordDelivery(props.caseNumber, id, {
        method: values.method,
        deliveredOn: values.deliveredOn.format('YYYY-MM-DD'),
        deliveredBy: values.deliveredBy?.trim() || undefined,
      }),
    onSuccess: () => {
      form.resetFields();
      props.onRecorded();
    },
    onError: reportError,
  });
  const busy = recording.isPending;
  const submit = async (values: DeliveryValues) => {
    if (!notice) return;
    await recording.mutateAsync({ id: notice.id, values }).catch(() => undefined);
  };
  return (
    <Modal
      open={notice !== null}
      title={t('writtenNotices.deliveryTitle', { documentNumber: notice?.documentNumber ?? '' })}
      okText={t('writtenNotices.recordDelivery')}
      confirmLoading={busy}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnClose
    >
      <Form<DeliveryValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ deliveredOn: dayjs(todayShanghai()) }}
      >
        <Form.Item name="method" label={t('writtenNotices.method')} rules={[{ required: true }]}>
          <Select options={deliveryMethods.map((m) => ({ value: m, label: t(`deliveryMethod.${m}`) }))} />
        </Form.Item>
        <Form.Item name="deliveredOn" label={t('writtenNotices.deliveredOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="deliveredBy"
          label={t('writtenNotices.deliveredBy')}
          extra={t('writtenNotices.deliveredByHint')}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 文书 on the case page: the kinds the case can have now, each issued once (the same
 * number when asked again), downloadable as PDF or Word, and its delivery recorded.
 */
export function WrittenNoticesCard({ caseNumber, onChanged }: { caseNumber: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const queryClient = useQueryClient();
  const [delivering, setDelivering] = useState<WrittenNotice | null>(null);

  // Under the case's key: a command on the case (which invalidates the case) loads them again too.
  const notices = useQuery({
    queryKey: queryKeys.writtenNotices(caseNumber),
    queryFn: () => fetchCaseNotices(caseNumber),
  });
  useEffect(() => {
    if (notices.error) reportError(notices.error);
  }, [notices.error, reportError]);
  const state: CaseNotices | null = notices.error ? { available: [], notices: [] } : (notices.data ?? null);
  const changed = async () => {
    await queryClient.invalidateQueries({ queryKey: queryKeys.writtenNotices(caseNumber) });
    // The timeline records the notice and its delivery.
    onChanged();
  };

  const issuing = useMutation({
    mutationFn: ({ kind, corrected }: { kind: WrittenNoticeKind; corrected: boolean }) =>
      issueNotice(caseNumber, kind, corrected),
    onSuccess: async (notice) => {
      void message.success(t('writtenNotices.issued', { documentNumber: notice.documentNumber }));
      await changed();
    },
    onError: reportError,
  });
  const busy = issuing.isPending ? issuing.variables.kind : null;
  const issue = (kind: WrittenNoticeKind, corrected = false) =>
    issuing.mutateAsync({ kind, corrected }).catch(() => undefined);

  const latest = (kind: WrittenNoticeKind) => state?.notices.find((n) => n.kind === kind);
  const kinds = state?.available ?? [];

  return (
    <Card title={t('writtenNotices.title')} size="small" loading={state === null}>
      {kinds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('writtenNotices.noneAvailable')} />
      ) : (
        <List
          size="small"
          dataSource={kinds}
          renderItem={(kind) => {
            const notice = latest(kind);
            return (
              <List.Item data-kind={kind}>
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Typography.Text strong>{t(`writtenNotices.kinds.${kind}`)}</Typography.Text>
                  {notice ? (
                    <Space size={4} wrap>
                      <span>{notice.documentNumber}</span>
                      {notice.delivery ? (
                        <Tag color="success">
                          {t('writtenNotices.delivered', {
                            method: t(`deliveryMethod.${notice.delivery.method}`),
                            date: notice.delivery.deliveredOn,
                            by: notice.delivery.deliveredBy,
                          })}
                        </Tag>
                      ) : (
                        <Tag>{t('writtenNotices.notDelivered')}</Tag>
                      )}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{t('writtenNotices.notIssued')}</Typography.Text>
                  )}
                  {notice ? (
                    <Space size={8} wrap>
                      <a href={noticeDownloadUrl(caseNumber, notice.id, 'pdf')} download>
                        PDF
                      </a>
                      <a href={noticeDownloadUrl(caseNumber, notice.id, 'docx')} download>
                        Word
                      </a>
                      {notice.delivery ? null : (
                        <Button size="small" onClick={() => setDelivering(notice)}>
                          {t('writtenNotices.recordDelivery')}
                        </Button>
                      )}
                      <Popconfirm
                        title={t('writtenNotices.correctConfirm')}
                        onConfirm={() => issue(kind, true)}
                      >
                        <Button size="small" type="link" loading={busy === kind}>
                          {t('writtenNotices.correct')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ) : (
                    <Button size="small" type="primary" loading={busy === kind} onClick={() => issue(kind)}>
                      {t('writtenNotices.issue')}
                    </Button>
                  )}
                </Space>
              </List.Item>
            );
          }}
        />
      )}
      <DeliveryModal
        caseNumber={caseNumber}
        notice={delivering}
        onClose={() => setDelivering(null)}
        onRecorded={() => {
          setDelivering(null);
          void changed();
        }}
      />
    </Card>
  );
}
