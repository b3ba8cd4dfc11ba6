import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchReportQueue, type LedgerEntry } from '../api';
import { caseColumns } from '../components/caseColumns';
import { NextDue } from '../components/CaseTags';
import { dueRowClass, dueTone } from '../deadlineTone';
import { formatShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';

/** 检举控告待办: the discipline office's open reports, urgent first (优先处置), then the oldest (快办快结). */
export default function ReportQueuePage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const reportError = useReportError();

  const columns = useMemo(
    (): ProColumns<LedgerEntry>[] => [
      ...caseColumns<LedgerEntry>(t),
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
      {
        title: t('ledger.nextDue'),
        dataIndex: 'nextDueAt',
        render: (_, entry) => (
          <NextDue
            clock={entry.nextDueClock}
            dueAt={entry.nextDueAt}
            tone={dueTone(entry.nextDueAt, entry.overdue)}
            provisional={entry.deadlineProvisional}
          />
        ),
      },
      {
        title: t('ledger.receivedAt'),
        dataIndex: 'receivedAt',
        render: (_, { receivedAt }) => formatShanghai(receivedAt),
      },
    ],
    [t, label],
  );

  return (
    <ProTable<LedgerEntry>
      headerTitle={t('nav.reportQueue')}
      rowKey="caseNumber"
      columns={columns}
      search={false}
      rowClassName={(entry) => dueRowClass(dueTone(entry.nextDueAt, entry.overdue))}
      request={async () => {
        try {
          // The server's order is the queue's: urgent first, then the oldest.
          const items = await fetchReportQueue();
          return { data: items, total: items.length, success: true };
        } catch (error) {
          reportError(error);
          return { data: [], total: 0, success: false };
        }
      }}
      pagination={{ defaultPageSize: 20, showSizeChanger: true }}
      options={{ density: false, setting: false }}
      scroll={{ x: 'max-content' }}
    />
  );
}
