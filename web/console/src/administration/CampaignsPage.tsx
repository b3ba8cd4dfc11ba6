import { Button, Card, DatePicker, Form, Input, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { checkedColumns } from '../columns';
import { queryKeys } from '../queries';
import { useReportError } from '../useReportError';
import { createCampaign, fetchCampaigns, type Campaign } from './administrationApi';

interface CampaignForm {
  name: string;
  targetDate: Dayjs;
}

/** 专项活动: an office head's clearance campaigns for their subtree, counting the days to each target. */
export default function CampaignsPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const [form] = Form.useForm<CampaignForm>();
  const queryClient = useQueryClient();
  const loaded = useQuery({ queryKey: queryKeys.campaigns, queryFn: fetchCampaigns });
  useEffect(() => {
    if (loaded.error) reportError(loaded.error);
  }, [loaded.error, reportError]);
  const campaigns = loaded.error ? [] : (loaded.data ?? null);

  const creation = useMutation({
    mutationFn: (values: CampaignForm) =>
      createCampaign({ name: values.name.trim(), targetDate: values.targetDate.format('YYYY-MM-DD') }),
    onSuccess: async () => {
      form.resetFields();
      // The board and the leader's workspace count the days to the nearest campaign too.
      await queryClient.invalidateQueries({ queryKey: queryKeys.campaigns });
      await queryClient.invalidateQueries({ queryKey: queryKeys.closeOut });
      await queryClient.invalidateQueries({ queryKey: queryKeys.leaderWorkspace });
    },
    onError: reportError,
  });
  const create = (values: CampaignForm) => creation.mutateAsync(values).catch(() => undefined);
  const saving = creation.isPending;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 1000 }}>
      <Card size="small" title={t('administration.campaigns.new')}>
        <Form<CampaignForm> form={form} layout="inline" onFinish={(values) => void create(values)}>
          <Form.Item
            name="name"
            label={t('administration.campaigns.name')}
            rules={[{ required: true, min: 2, max: 100, whitespace: true }]}
          >
            <Input placeholder={t('administration.campaigns.namePlaceholder')} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item
            name="targetDate"
            label={t('administration.campaigns.targetDate')}
            rules={[{ required: true }]}
          >
            <DatePicker format="YYYY-MM-DD" disabledDate={(day) => !day.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('administration.campaigns.create')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('nav.campaigns')} loading={campaigns === null}>
        <Table<Campaign>
          aria-label={t('nav.campaigns')}
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={campaigns ?? []}
          columns={checkedColumns<Campaign>([
            { title: t('administration.campaigns.name'), dataIndex: 'name' },
            {
              title: t('administration.campaigns.unit'),
              key: 'unit',
              render: (_, c) => (
                <Space>
                  {c.unit.name}
                  {c.own && <Tag color="blue">{t('administration.campaigns.own')}</Tag>}
                </Space>
              ),
            },
            { title: t('administration.campaigns.startsOn'), dataIndex: 'startsOn' },
            { title: t('administration.campaigns.targetDate'), dataIndex: 'targetDate' },
            {
              title: t('workspace.daysLeft'),
              dataIndex: 'daysLeft',
              render: (days) =>
                days < 0 ? <Tag color="red">{t('administration.campaigns.ended')}</Tag> : days,
            },
          ])}
        />
      </Card>
    </Space>
  );
}
