import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDepartmentQueue, type LedgerEntry } from '../api';
import { caseColumns } from '../components/caseColumns';
import { NextDue } from '../components/CaseTags';
import { dueRowClass, dueTone } from '../deadlineTone';
import { useMe } from '../session';
import { formatShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';

/** 本部门待办: cases dispatched to the handler's department and not yet replied, most urgent first. */
export default function DepartmentQueuePage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const reportError = useReportError();
  const me = useMe();

  const columns = useMemo(
    (): ProColumns<LedgerEntry>[] => [
      ...caseColumns<LedgerEntry>(t),
      {
        title: t('ledger.category'),
        dataIndex: 'category',
        render: (_, { category }) => label('category', category),
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
      headerTitle={
        me.department ? `${t('nav.departmentQueue')} · ${me.department.name}` : t('nav.departmentQueue')
      }
      rowKey="caseNumber"
      columns={columns}
      search={false}
      rowClassName={(entry) => dueRowClass(dueTone(entry.nextDueAt, entry.overdue))}
      request={async () => {
        try {
          const items = await fetchDepartmentQueue();
          return { data: byNextDue(items), total: items.length, success: true };
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

const byNextDue = (items: LedgerEntry[]): LedgerEntry[] =>
  [...items].sort((a, b) => (a.nextDueAt ?? '\uffff').localeCompare(b.nextDueAt ?? '\uffff'));
