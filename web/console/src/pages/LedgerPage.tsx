import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { Card, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  caseStatuses,
  categories,
  channels,
  fetchLedger,
  fetchStatusCounts,
  petitionKinds,
  type LedgerEntry,
  type LedgerFilter,
  type StatusCount,
} from '../api';
import { BacklogTag, FlagTags } from '../components/BacklogTags';
import { CaseLink } from '../components/CaseLink';
import { nextDueColumn } from '../components/caseColumns';
import { EscalatedTag, StatusTag } from '../components/CaseTags';
import { dueRowClass, dueTone } from '../deadlineTone';
import { formatShanghai } from '../time';
import { queryKeys } from '../queries';
import type { UnitNode } from '../unitTree';
import { useCodeLabel, type CodeGroup } from '../useCodeLabel';
import { useReportFailure } from '../useReportError';
import { useUnitTree } from '../useUnitTree';

// ECharts is a third of the console's weight: load it after the ledger so the table comes first.
const StatusChart = lazy(() => import('./StatusChart'));

function useLedgerColumns(units: UnitNode[], statusCounts: StatusCount[]): ProColumns<LedgerEntry>[] {
  const { t } = useTranslation();
  const label = useCodeLabel();

  return useMemo(() => {
    const options = (group: CodeGroup, codes: readonly string[]) =>
      Object.fromEntries(codes.map((code) => [code, { text: label(group, code) }]));
    // Statuses the server has counted join the filter even before the console knows their label.
    const statuses = [...new Set([...caseStatuses, ...statusCounts.map(({ status }) => status)])];

    return [
      {
        title: t('ledger.caseNumber'),
        dataIndex: 'caseNumber',
        render: (_, { caseNumber, backlog }) => (
          <Space size={4}>
            <CaseLink caseNumber={caseNumber} />
            {backlog && <BacklogTag />}
          </Space>
        ),
      },
      {
        title: t('ledger.unit'),
        dataIndex: 'unitCode',
        hideInTable: true,
        valueType: 'treeSelect',
        fieldProps: {
          treeData: units,
          // Open the user's own units; deeper levels can be thousands of villages.
          treeDefaultExpandedKeys: units.map(({ value }) => value),
          showSearch: true,
          treeNodeFilterProp: 'title',
          popupMatchSelectWidth: false,
        },
      },
      { title: t('ledger.unit'), dataIndex: ['unit', 'name'], search: false },
      {
        title: t('ledger.status'),
        dataIndex: 'status',
        valueType: 'select',
        valueEnum: options('status', statuses),
        render: (_, { status }) => <StatusTag status={status} />,
      },
      {
        title: t('ledger.category'),
        dataIndex: 'category',
        valueType: 'select',
        valueEnum: options('category', categories),
        render: (_, { category }) => label('category', category),
      },
      {
        title: t('ledger.channel'),
        dataIndex: 'channel',
        valueType: 'select',
        valueEnum: options('channel', channels),
        render: (_, { channel }) => label('channel', channel),
      },
      {
        title: t('ledger.kind'),
        dataIndex: 'kind',
        valueType: 'select',
        valueEnum: options('kind', petitionKinds),
        render: (_, { kind }) => label('kind', kind),
      },
      {
        title: t('backlog.flagsLabel'),
        key: 'flags',
        dataIndex: 'flags',
        search: false,
        render: (_, { backlog, flags }) => (backlog ? <FlagTags flags={flags} /> : '—'),
      },
      { title: t('ledger.backlogOnly'), dataIndex: 'backlog', valueType: 'switch', hideInTable: true },
      {
        title: t('ledger.handlingDepartment'),
        dataIndex: ['handlingDepartment', 'name'],
        search: false,
        render: (_, { handlingDepartment }) => handlingDepartment?.name ?? '—',
      },
      nextDueColumn(t),
      { title: t('ledger.overdueOnly'), dataIndex: 'overdue', valueType: 'switch', hideInTable: true },
      {
        title: t('ledger.dueWithinDays'),
        dataIndex: 'dueWithinDays',
        valueType: 'digit',
        hideInTable: true,
        fieldProps: { min: 1, max: 60, precision: 0 },
      },
      {
        title: t('ledger.escalatedOnly'),
        key: 'escalatedOnly',
        dataIndex: 'escalated',
        valueType: 'switch',
        hideInTable: true,
      },
      {
        title: t('ledger.escalated'),
        key: 'escalated',
        dataIndex: 'escalated',
        search: false,
        render: (_, { escalated }) => (escalated ? <EscalatedTag /> : '—'),
      },
      {
        title: t('ledger.anonymous'),
        dataIndex: 'anonymous',
        search: false,
        render: (_, { anonymous }) => (anonymous ? t('ledger.yes') : t('ledger.no')),
      },
      {
        title: t('ledger.receivedAt'),
        dataIndex: 'receivedAt',
        search: false,
        render: (_, { receivedAt }) => formatShanghai(receivedAt),
      },
      {
        title: t('ledger.registeredAt'),
        dataIndex: 'registeredAt',
        search: false,
        render: (_, { registeredAt }) => (registeredAt ? formatShanghai(registeredAt) : '—'),
      },
    ];
  }, [t, label, units, statusCounts]);
}

export default function LedgerPage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const counts = useQuery({ queryKey: queryKeys.statusCounts, queryFn: fetchStatusCounts });
  useReportFailure(counts.error);
  const statusCounts = useMemo(() => counts.data ?? [], [counts.data]);
  const units = useUnitTree();
  const columns = useLedgerColumns(units, statusCounts);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('ledger.byStatus')} size="small">
        <Suspense fallback={<div style={{ height: 220 }} />}>
          <StatusChart counts={statusCounts} statusLabel={(status) => label('status', status)} />
        </Suspense>
      </Card>
      <ProTable<LedgerEntry, LedgerFilter>
        headerTitle={t('ledger.cases')}
        rowKey="caseNumber"
        columns={columns}
        rowClassName={(entry) => dueRowClass(dueTone(entry.nextDueAt, entry.overdue))}
        request={async ({ current = 1, pageSize = 20, overdue, escalated, backlog, ...filter }) => {
          try {
            // An unset switch means "any", not "only those that are not".
            const page = await fetchLedger(current, pageSize, {
              ...filter,
              overdue: overdue || undefined,
              escalated: escalated || undefined,
              backlog: backlog || undefined,
            });
            return { data: page.items, total: page.total, success: true };
          } catch (error) {
            reportError(error);
            return { data: [], total: 0, success: false };
          }
        }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        search={{ labelWidth: 'auto' }}
        options={{ density: false }}
        scroll={{ x: 'max-content' }}
      />
    </Space>
  );
}
