import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCloseOutPreview, runCloseOut, type CloseOutPreview } from '../api';
import { queryKeys } from '../queries';
import { BacklogTag } from '../components/BacklogTags';
import { CaseLink } from '../components/CaseLink';
import { StatusTag } from '../components/CaseTags';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';
import { WeekKpis } from './WeekKpis';
import { checkedColumns } from '../columns';

type Candidate = CloseOutPreview['candidates'][number];
type Waiting = CloseOutPreview['waiting'][number];

function PreviewBody({ preview }: { preview: CloseOutPreview }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {preview.alreadyClosed && <Alert type="info" showIcon message={t('closeOut.preview.alreadyClosed')} />}
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('closeOut.unit')}>{preview.unit?.name}</Descriptions.Item>
        <Descriptions.Item label={t('closeOut.week')}>{preview.week}</Descriptions.Item>
        <Descriptions.Item label={t('closeOut.period')}>
          {t('closeOut.periodRange', {
            from: formatShanghai(preview.periodFrom),
            to: formatShanghai(preview.periodTo),
          })}
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('closeOut.preview.figures')}>
        <WeekKpis figures={preview.figures} />
      </Card>
      <Card size="small" title={t('closeOut.preview.candidates', { count: preview.candidates.length })}>
        <Table<Candidate>
          aria-label={t('closeOut.preview.candidatesTable')}
          size="small"
          rowKey="caseNumber"
          dataSource={preview.candidates}
          pagination={false}
          locale={{ emptyText: t('closeOut.preview.noCandidates') }}
          columns={checkedColumns<Candidate>([
            {
              title: t('ledger.caseNumber'),
              dataIndex: 'caseNumber',
              render: (caseNumber: string, { backlog }) => (
                <Space size={4}>
                  <CaseLink caseNumber={caseNumber} />
                  {backlog && <BacklogTag />}
                </Space>
              ),
            },
            { title: t('case.summary'), dataIndex: 'summary', ellipsis: true },
            {
              title: t('closeOut.preview.readyAt'),
              dataIndex: 'readyAt',
              render: (at: string) => formatShanghai(at),
            },
          ])}
        />
      </Card>
      <Card size="small" title={t('closeOut.preview.waiting', { count: preview.waiting.length })}>
        <Table<Waiting>
          aria-label={t('closeOut.preview.waitingTable')}
          size="small"
          rowKey="caseNumber"
          dataSource={preview.waiting}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('closeOut.preview.noWaiting') }}
          columns={checkedColumns<Waiting>([
            {
              title: t('ledger.caseNumber'),
              dataIndex: 'caseNumber',
              render: (caseNumber: string) => <CaseLink caseNumber={caseNumber} />,
            },
            { title: t('case.summary'), dataIndex: 'summary', ellipsis: true },
            {
              title: t('ledger.status'),
              dataIndex: 'status',
              render: (status: string) => <StatusTag status={status} />,
            },
          ])}
        />
      </Card>
    </Space>
  );
}

/**
 * The office head's own close-out: look at what it would strike off, then close the
 * week now instead of waiting for Monday's scheduled run.
 */
export function CloseOutActions({ onClosed }: { onClosed: (week: string) => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const reportError = useReportError();
  const [preview, setPreview] = useState<CloseOutPreview | null>(null);
  const [loading, setLoading] = useState(false);

  const queryClient = useQueryClient();
  // What a run would strike off now: read afresh each time it is asked for.
  const openPreview = () => {
    setLoading(true);
    queryClient
      .fetchQuery({ queryKey: queryKeys.closeOutPreview, queryFn: fetchCloseOutPreview, staleTime: 0 })
      .then(setPreview, reportError)
      .finally(() => setLoading(false));
  };

  const closeWeek = useMutation({
    mutationFn: runCloseOut,
    onSuccess: async (snapshot) => {
      void message.success(t('closeOut.run.done', { week: snapshot.week, count: snapshot.struckOff.length }));
      setPreview(null);
      // The run may have closed the week on show or a new one: the weeks and every board load again.
      await queryClient.invalidateQueries({ queryKey: queryKeys.closeOut });
      onClosed(snapshot.week);
    },
    onError: reportError,
  });

  const run = () =>
    modal.confirm({
      title: t('closeOut.run.confirmTitle'),
      content: t('closeOut.run.confirm'),
      okText: t('closeOut.run.button'),
      cancelText: t('actions.cancel'),
      // The refusal is reported by the mutation; the dialog only waits for it.
      onOk: () => closeWeek.mutateAsync().catch(() => undefined),
    });

  return (
    <>
      <Space>
        <Button onClick={openPreview} loading={loading}>
          {t('closeOut.preview.button')}
        </Button>
        <Button type="primary" danger onClick={run}>
          {t('closeOut.run.button')}
        </Button>
      </Space>
      <Drawer
        title={t('closeOut.preview.title')}
        open={preview !== null}
        onClose={() => setPreview(null)}
        width={880}
        extra={
          <Button type="primary" danger onClick={run}>
            {t('closeOut.run.button')}
          </Button>
        }
      >
        {preview && <PreviewBody preview={preview} />}
      </Drawer>
    </>
  );
}
