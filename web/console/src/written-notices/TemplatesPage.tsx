import { Alert, App, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { PageLoading } from '../PageLoading';
import { queryKeys } from '../queries';
import { useReportError } from '../useReportError';
import { fetchTemplates, resetTemplate, savePrefix, saveTemplate, type NoticeTemplate } from './api';

/** The problems the server named (an unknown placeholder, a missing one), one line each. */
const problemsOf = (error: unknown): string[] =>
  error instanceof ApiError && error.details.length > 0
    ? error.details.map((d) => d.message)
    : [error instanceof Error ? error.message : String(error)];

/** One kind's body: edited, saved (checked by the server), or set back to the default. */
function TemplateEditor({ template, onSaved }: { template: NoticeTemplate; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [body, setBody] = useState(template.body);
  useEffect(() => setBody(template.body), [template.body]);

  const change = useMutation({
    mutationFn: ({ action }: { action: () => Promise<unknown>; done: string }) => action(),
    onSuccess: (_, { done }) => {
      void message.success(done);
      onSaved();
    },
  });
  const problems = change.error ? problemsOf(change.error) : [];
  const busy = change.isPending;
  const run = (action: () => Promise<unknown>, done: string) =>
    change.mutateAsync({ action, done }).catch(() => undefined);

  return (
    <Card
      size="small"
      title={t(`writtenNotices.kinds.${template.kind}`)}
      extra={
        template.custom ? (
          <Tag color="blue">{t('writtenNotices.custom')}</Tag>
        ) : (
          <Tag>{t('writtenNotices.default')}</Tag>
        )
      }
      data-kind={template.kind}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          value={body}
          onChange={(e) => setBody(e.target.value)}
          autoSize={{ minRows: 4, maxRows: 12 }}
          aria-label={t('writtenNotices.body')}
        />
        <Typography.Text type="secondary">
          {t('writtenNotices.placeholders')}{' '}
          {template.allowed.map((name) => (
            <Tag
              key={name}
              color={template.required.includes(name) ? 'orange' : undefined}
            >{`{{${name}}}`}</Tag>
          ))}
        </Typography.Text>
        <Typography.Text type="secondary">{t('writtenNotices.requiredHint')}</Typography.Text>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            message={problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          />
        )}
        <Space>
          <Button
            type="primary"
            loading={busy}
            onClick={() => run(() => saveTemplate(template.kind, body), t('writtenNotices.saved'))}
          >
            {t('writtenNotices.save')}
          </Button>
          {template.custom && (
            <Button
              loading={busy}
              onClick={() => run(() => resetTemplate(template.kind), t('writtenNotices.resetDone'))}
            >
              {t('writtenNotices.reset')}
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}

/** 管理 › 文书模板: the unit's number prefix and the body of each kind of written notice. */
export default function TemplatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: queryKeys.noticeTemplates, queryFn: fetchTemplates });
  useEffect(() => {
    if (templates.error) reportError(templates.error);
  }, [templates.error, reportError]);
  const data = templates.data ?? null;
  const load = () => void queryClient.invalidateQueries({ queryKey: queryKeys.noticeTemplates });

  const prefixChange = useMutation({
    mutationFn: (prefix: string) => savePrefix(prefix),
    onSuccess: () => {
      void message.success(t('writtenNotices.saved'));
      load();
    },
  });
  const prefixProblems = prefixChange.error ? problemsOf(prefixChange.error) : [];

  if (!data) return <PageLoading />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>
        {t('writtenNotices.templatesTitle', { unit: data.unit.name })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('writtenNotices.templatesIntro')}</Typography.Paragraph>
      <Card size="small" title={t('writtenNotices.prefix')}>
        <Form
          layout="inline"
          initialValues={{ prefix: data.prefix }}
          onFinish={({ prefix }: { prefix: string }) =>
            prefixChange.mutateAsync(prefix).catch(() => undefined)
          }
        >
          <Form.Item name="prefix" rules={[{ required: true }]} extra={t('writtenNotices.prefixHint')}>
            <Input maxLength={16} aria-label={t('writtenNotices.prefix')} />
          </Form.Item>
          <Button htmlType="submit">{t('writtenNotices.save')}</Button>
        </Form>
        {prefixProblems.length > 0 && <Alert type="error" message={prefixProblems.join(' ')} />}
      </Card>
      {data.templates.map((template) => (
        <TemplateEditor key={template.kind} template={template} onSaved={load} />
      ))}
    </Space>
  );
}
