import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { Card, Space, Tag } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  categories,
  channels,
  fetchLedger,
  fetchStatusCounts,
  fetchUnits,
  knownStatuses,
  type LedgerEntry,
  type LedgerFilter,
  type StatusCount,
} from '../api';
import { formatShanghai } from '../time';
import { unitTree, type UnitNode } from '../unitTree';
import { useReportError } from '../useReportError';

// ECharts is a third of the console's weight: load it after the ledger so the table comes first.
const StatusChart = lazy(() => import('./StatusChart'));

const statusColours: Record<string, string> = { received: 'default', registered: 'processing' };

export function LedgerPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const [statusCounts, setStatusCounts] = useState<StatusCount[]>([]);
  const [units, setUnits] = useState<UnitNode[]>([]);

  useEffect(() => {
    fetchStatusCounts().then(setStatusCounts, reportError);
    fetchUnits().then((list) => setUnits(unitTree(list)), reportError);
  }, [reportError]);

  // Unknown codes are shown as they are: new statuses arrive with the workflow before their labels do.
  const label = useCallback(
    (group: 'status' | 'category' | 'channel', code: string) => t(`${group}.${code}`, { defaultValue: code }),
    [t],
  );

  const columns = useMemo((): ProColumns<LedgerEntry>[] => {
    const options = (group: 'status' | 'category' | 'channel', codes: readonly string[]) =>
      Object.fromEntries(codes.map((code) => [code, { text: label(group, code) }]));
    // Statuses the server has counted join the filter even before the console knows their label.
    const statuses = [...new Set([...knownStatuses, ...statusCounts.map(({ status }) => status)])];

    return [
      { title: t('ledger.caseNumber'), dataIndex: 'caseNumber', copyable: true },
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
        render: (_, { status }) => <Tag color={statusColours[status]}>{label('status', status)}</Tag>,
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
        request={async ({ current = 1, pageSize = 20, ...filter }) => {
          try {
            const page = await fetchLedger(current, pageSize, filter);
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
