import type { ProColumns } from '@ant-design/pro-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDepartmentQueue, type LedgerEntry } from '../api';
import { CaseQueue } from '../components/CaseQueue';
import { useMe } from '../session';
import { useCodeLabel } from '../useCodeLabel';

/** 本部门待办: cases dispatched to the handler's department and not yet replied, most urgent first. */
export default function DepartmentQueuePage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const me = useMe();
  const columns = useMemo(
    (): ProColumns<LedgerEntry>[] => [
      {
        title: t('ledger.category'),
        dataIndex: 'category',
        render: (_, { category }) => label('category', category),
      },
    ],
    [t, label],
  );
  return (
    <CaseQueue
      title={me.department ? `${t('nav.departmentQueue')} · ${me.department.name}` : t('nav.departmentQueue')}
      columns={columns}
      load={async () => byNextDue(await fetchDepartmentQueue())}
    />
  );
}

const byNextDue = (items: LedgerEntry[]): LedgerEntry[] =>
  [...items].sort((a, b) => (a.nextDueAt ?? '\uffff').localeCompare(b.nextDueAt ?? '\uffff'));
