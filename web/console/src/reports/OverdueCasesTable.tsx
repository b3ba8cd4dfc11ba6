import { Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverdueCase } from '../api';
import { BacklogTag } from '../components/BacklogTags';
import { CaseLink } from '../components/CaseLink';
import { useCodeLabel } from '../useCodeLabel';
import { checkedColumns } from '../columns';

/** 通报 names them: each overdue case with the leader who owns it and the department that handles it. */
export function OverdueCasesTable({ cases }: { cases: OverdueCase[] }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  return (
    <Table<OverdueCase>
      aria-label={t('bulletin.overdueCases')}
      size="small"
      rowKey="caseNumber"
      dataSource={cases}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('bulletin.noOverdueCases') }}
      columns={checkedColumns<OverdueCase>([
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
        { title: t('bulletin.unit'), dataIndex: 'unitName' },
        { title: t('case.summary'), dataIndex: 'summary', width: 280, ellipsis: true },
        {
          title: t('bulletin.breachedClock'),
          dataIndex: 'clock',
          render: (clock: string | null) => (clock ? label('clock', clock) : '—'),
        },
        { title: t('bulletin.dueDate'), dataIndex: 'dueDate', render: (date: string | null) => date ?? '—' },
        {
          title: t('bulletin.ownerLeader'),
          dataIndex: 'ownerLeader',
          render: (name: string | null) => name ?? t('bulletin.noOwner'),
        },
        {
          title: t('bulletin.handlingDepartment'),
          dataIndex: 'handlingDepartment',
          render: (name: string | null) => name ?? '—',
        },
      ])}
    />
  );
}
