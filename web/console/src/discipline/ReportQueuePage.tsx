import type { ProColumns } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchReportQueue, type LedgerEntry } from '../api';
import { CaseQueue } from '../components/CaseQueue';
import { useCodeLabel } from '../useCodeLabel';

/** 检举控告待办: the discipline office's open reports, urgent first (优先处置), then the oldest (快办快结). */
export default function ReportQueuePage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const columns = useMemo(
    (): ProColumns<LedgerEntry>[] => [
      {
        title: t('discipline.queue.urgent'),
        dataIndex: 'urgent',
        render: (_, { urgent }) => (urgent ? <Tag color="red">{t('discipline.queue.urgent')}</Tag> : null),
      },
      {
        title: t('ledger.status'),
        dataIndex: 'status',
        render: (_, { status }) => label('status', status),
      },
    ],
    [t, label],
  );
  // The server's order is the queue's: urgent first, then the oldest.
  return <CaseQueue title={t('nav.reportQueue')} columns={columns} load={fetchReportQueue} />;
}
