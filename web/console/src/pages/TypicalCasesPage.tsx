import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categories } from '../../../../domain/petition';
import { answer, api } from '../api';
import { checkedColumns } from '../columns';
import type { components } from '../generated/api-schema';
import { LoadFailure } from '../reports/LoadFailure';
import { holds, useMe } from '../session';
import { formatShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';

type TypicalCase = components['schemas']['TypicalCase'];
type Status = TypicalCase['status'];
type Category = (typeof categories)[number];

interface TextFields {
  title: string;
  summary: string;
  category?: Category;
}
interface DraftFields extends TextFields {
  caseNumber: string;
}

const typicalCasesKey = ['typical-cases'] as const;
const statusColour: Record<Status, string> = {
  draft: 'default',
  submitted: 'gold',
  published: 'green',
  withdrawn: 'red',
};

const base = '/api/v1/staff/typical-cases';
const write = (body: DraftFields) => answer(api.POST(base, { body }));
const change = (id: number, body: TextFields) =>
  answer(api.PUT(`${base}/{id}`, { params: { path: { id } }, body }));
const at = (id: number) => ({ params: { path: { id } } });
const steps = {
  submit: (id: number) => answer(api.POST(`${base}/{id}/submit`, at(id))),
  return: (id: number, note?: string) =>
    answer(api.POST(`${base}/{id}/return`, { ...at(id), body: { note } })),
  publish: (id: number, note?: string) =>
    answer(api.POST(`${base}/{id}/publish`, { ...at(id), body: { note } })),
  withdraw: (id: number, withdrawalReason: string) =>
    answer(api.POST(`${base}/{id}/withdraw`, { ...at(id), body: { withdrawalReason } })),
};

/** The title, the summary and the category, as both a new draft and an edit ask for them. */
function TextItems() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  return (
    <>
      <Form.Item
        name="title"
        label={t('typicalCases.titleField')}
        rules={[{ required: true, min: 4, max: 100, whitespace: true }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="summary"
        label={t('typicalCases.summary')}
        extra={t('typicalCases.summaryHint')}
        rules={[{ required: true, min: 50, max: 4000, whitespace: true }]}
      >
        <Input.TextArea rows={6} maxLength={4000} showCount />
      </Form.Item>
      <Form.Item name="category" label={t('typicalCases.category')} extra={t('typicalCases.categoryHint')}>
        <Select
          allowClear
          options={categories.map((category) => ({ value: category, label: label('category', category) }))}
        />
      </Form.Item>
    </>
  );
}

/**
 * 典型案例: the office writes an anonymised summary of a concluded case, submits it once it
 * names nobody, and the office head (someone other than the writer) publishes it on the
 * public page, or sends it back, or later withdraws it.
 */
export default function TypicalCasesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const reportError = useReportError();
  const queryClient = useQueryClient();
  const [draftForm] = Form.useForm<DraftFields>();
  const [editForm] = Form.useForm<TextFields>();
  const [editing, setEditing] = useState<TypicalCase | null>(null);
  const [withdrawing, setWithdrawing] = useState<TypicalCase | null>(null);
  const [reason, setReason] = useState('');
  const listed = useQuery({ queryKey: typicalCasesKey, queryFn: () => answer(api.GET(base)) });
  const isHead = holds(me, 'office_head');

  const done = (text: string) => async () => {
    void message.success(text);
    await queryClient.invalidateQueries({ queryKey: typicalCasesKey });
  };
  const writing = useMutation({
    mutationFn: write,
    onSuccess: async () => {
      draftForm.resetFields();
      await done(t('typicalCases.written'))();
    },
    onError: reportError,
  });
  const editingSave = useMutation({
    mutationFn: ({ id, fields }: { id: number; fields: TextFields }) => change(id, fields),
    onSuccess: async () => {
      setEditing(null);
      await done(t('typicalCases.saved'))();
    },
    onError: reportError,
  });
  const stepping = useMutation({
    mutationFn: ({ step, item, note }: { step: keyof typeof steps; item: TypicalCase; note?: string }) =>
      step === 'withdraw' ? steps.withdraw(item.id, note ?? '') : steps[step](item.id, note),
    onSuccess: async (item) => {
      setWithdrawing(null);
      setReason('');
      await done(t('typicalCases.nowStatus', { status: t(`typicalCases.status.${item.status}`) }))();
    },
    onError: reportError,
  });
  const busy = stepping.isPending;

  const actions = (item: TypicalCase) => (
    <Space wrap>
      {item.status === 'draft' && (
        <>
          <Button size="small" onClick={() => setEditing(item)}>
            {t('typicalCases.edit')}
          </Button>
          <Button
            size="small"
            type="primary"
            loading={busy}
            onClick={() => stepping.mutate({ step: 'submit', item })}
          >
            {t('typicalCases.submit')}
          </Button>
        </>
      )}
      {item.mayPublish && (
        <Button
          size="small"
          type="primary"
          loading={busy}
          onClick={() => stepping.mutate({ step: 'publish', item })}
        >
          {t('typicalCases.publish')}
        </Button>
      )}
      {item.status === 'submitted' && isHead && (
        <Button size="small" loading={busy} onClick={() => stepping.mutate({ step: 'return', item })}>
          {t('typicalCases.return')}
        </Button>
      )}
      {(item.status === 'submitted' || item.status === 'published') && isHead && (
        <Button size="small" danger onClick={() => setWithdrawing(item)}>
          {t('typicalCases.withdraw')}
        </Button>
      )}
    </Space>
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('typicalCases.new')}>
        <Typography.Paragraph type="secondary">{t('typicalCases.intro')}</Typography.Paragraph>
        <Form<DraftFields>
          form={draftForm}
          layout="vertical"
          style={{ maxWidth: 720 }}
          onFinish={(values) => writing.mutate(values)}
        >
          <Form.Item
            name="caseNumber"
            label={t('typicalCases.caseNumber')}
            extra={t('typicalCases.caseNumberHint')}
            rules={[
              { required: true, pattern: /^QL\d{4}-\d{6,}$/, message: t('typicalCases.caseNumberFormat') },
            ]}
          >
            <Input placeholder="QL2026-000001" style={{ maxWidth: 240 }} />
          </Form.Item>
          <TextItems />
          <Button type="primary" htmlType="submit" loading={writing.isPending}>
            {t('typicalCases.write')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('nav.typicalCases')}>
        {listed.error ? (
          <LoadFailure error={listed.error} retry={() => void listed.refetch()} />
        ) : (
          <Table<TypicalCase>
            aria-label={t('nav.typicalCases')}
            size="small"
            rowKey="id"
            loading={listed.isLoading}
            dataSource={listed.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('typicalCases.none') }}
            expandable={{
              expandedRowRender: (item) => (
                <Space direction="vertical">
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxWidth: 720 }}>
                    {item.summary}
                  </Typography.Paragraph>
                  {item.reviewNote && (
                    <Typography.Text type="secondary">
                      {t('typicalCases.reviewNote', { note: item.reviewNote })}
                    </Typography.Text>
                  )}
                  {item.withdrawalReason && (
                    <Typography.Text type="secondary">
                      {t('typicalCases.withdrawnBecause', { reason: item.withdrawalReason })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            }}
            columns={checkedColumns<TypicalCase>([
              { title: t('typicalCases.titleField'), dataIndex: 'title' },
              {
                title: t('typicalCases.statusField'),
                dataIndex: 'status',
                render: (status: Status) => (
                  <Tag color={statusColour[status]}>{t(`typicalCases.status.${status}`)}</Tag>
                ),
              },
              { title: t('typicalCases.caseNumber'), dataIndex: 'caseNumber' },
              {
                title: t('typicalCases.category'),
                dataIndex: 'category',
                render: (c: string) => label('category', c),
              },
              { title: t('typicalCases.concludedMonth'), dataIndex: 'concludedMonth' },
              {
                title: t('typicalCases.writtenBy'),
                key: 'writtenBy',
                render: (_, item) => `${item.writtenBy.name} · ${formatShanghai(item.writtenAt)}`,
              },
              {
                title: t('typicalCases.reviewedBy'),
                key: 'reviewedBy',
                render: (_, item) =>
                  item.reviewedBy && item.reviewedAt
                    ? `${item.reviewedBy.name} · ${formatShanghai(item.reviewedAt)}`
                    : '—',
              },
              { title: t('typicalCases.actions'), key: 'actions', render: (_, item) => actions(item) },
            ])}
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={t('typicalCases.edit')}
        okText={t('typicalCases.save')}
        confirmLoading={editingSave.isPending}
        onCancel={() => setEditing(null)}
        onOk={() => editForm.submit()}
        destroyOnHidden
      >
        <Form<TextFields>
          key={editing?.id}
          form={editForm}
          layout="vertical"
          preserve={false}
          initialValues={
            editing ? { title: editing.title, summary: editing.summary, category: editing.category } : {}
          }
          onFinish={(fields) => editing && editingSave.mutate({ id: editing.id, fields })}
        >
          <TextItems />
        </Form>
      </Modal>
      <Modal
        open={withdrawing !== null}
        title={t('typicalCases.withdraw')}
        okText={t('typicalCases.withdraw')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        confirmLoading={busy}
        onCancel={() => setWithdrawing(null)}
        onOk={() =>
          withdrawing && stepping.mutate({ step: 'withdraw', item: withdrawing, note: reason.trim() })
        }
      >
        <label>
          {t('typicalCases.withdrawalReason')}
          <Input.TextArea
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
      </Modal>
    </Space>
  );
}
