import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { startLookBackCampaign } from '../api';
import { queryKeys } from '../queries';
import { useReportError } from '../useReportError';

interface CampaignFields {
  title: string;
  closed: [Dayjs, Dayjs];
}

/** Starts a look-back (回头看) over the cases closed out in a date range of the office's jurisdiction. */
export function LookBackForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const [form] = Form.useForm<CampaignFields>();
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: startLookBackCampaign,
    onSuccess: (_, { title }) => {
      void message.success(t('lookBack.started', { title }));
      form.resetFields();
      return queryClient.invalidateQueries({ queryKey: queryKeys.lookBackCampaigns });
    },
    onError: reportError,
  });

  // The picker shows office dates; only the dates go to the server.
  const submit = ({ title, closed }: CampaignFields) =>
    start.mutate({
      title: title.trim(),
      closedFrom: closed[0].format('YYYY-MM-DD'),
      closedTo: closed[1].format('YYYY-MM-DD'),
    });

  return (
    <Form<CampaignFields> form={form} layout="inline" onFinish={submit} style={{ rowGap: 12 }}>
      <Form.Item
        name="title"
        label={t('lookBack.titleField')}
        rules={[{ required: true, whitespace: true, message: t('lookBack.titleRequired') }]}
      >
        <Input maxLength={200} style={{ width: 320 }} placeholder={t('lookBack.titlePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="closed"
        label={t('lookBack.closedRange')}
        rules={[{ required: true, message: t('lookBack.closedRangeRequired') }]}
      >
        <DatePicker.RangePicker allowEmpty={[false, false]} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={start.isPending}>
          {t('lookBack.start')}
        </Button>
      </Form.Item>
    </Form>
  );
}
