import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerEntry } from '../api';
import { dueRowClass, dueTone } from '../deadlineTone';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';
import { caseColumns, nextDueColumn } from './caseColumns';
import { wholeListRequest } from './wholeListRequest';

/**
 * A work queue (待办): cases with their next due date, coloured as it nears, and when they
 * came in. Each queue adds the columns its people sort by and gives the cases in its order.
 */
export function CaseQueue(props: {
  title: string;
  /** Shown between the case and its next due date. */
  columns: ProColumns<LedgerEntry>[];
  load: () => Promise<LedgerEntry[]>;
}) {
  const { t } = useTranslation();
  const reportError = useReportError();
  const { columns: ownColumns, load } = props;

  const columns = useMemo(
    (): ProColumns<LedgerEntry>[] => [
      ...caseColumns<LedgerEntry>(t),
      ...ownColumns,
      nextDueColumn(t),
      {
        title: t('ledger.receivedAt'),
        dataIndex: 'receivedAt',
        render: (_, { receivedAt }) => formatShanghai(receivedAt),
      },
    ],
    [t, ownColumns],
  );

  return (
    <ProTable<LedgerEntry>
      headerTitle={props.title}
      rowKey="caseNumber"
      columns={columns}
      search={false}
      rowClassName={(entry) => dueRowClass(dueTone(entry.nextDueAt, entry.overdue))}
      request={wholeListRequest(load, reportError)}
      pagination={{ defaultPageSize: 20, showSizeChanger: true }}
      options={{ density: false, setting: false }}
      scroll={{ x: 'max-content' }}
    />
  );
}
