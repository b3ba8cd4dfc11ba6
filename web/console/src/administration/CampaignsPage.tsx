import { Button, Card, DatePicker, Form, Input, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(() => fetchCampaigns().then(setCampaigns, reportError), [reportError]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (values: CampaignForm) => {
    setSaving(true);
    try {
      await createCampaign({ name: values.name.trim(), targetDate: values.targetDate.format('YYYY-MM-DD') });
      form.resetFields();
      await load();
    } catch (error) {
      reportError(error);
    } finally {
      setSaving(false);
    }
  };

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
          columns={[
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
              render: (days: number) =>
                days < 0 ? <Tag color="red">{t('administration.campaigns.ended')}</Tag> : days,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
