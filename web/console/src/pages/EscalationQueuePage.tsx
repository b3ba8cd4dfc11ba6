import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { Space } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchEscalationQueue, type EscalationItem } from '../api';
import { caseColumns } from '../components/caseColumns';
import { DueTag } from '../components/CaseTags';
import { dueRowClass } from '../deadlineTone';
import { formatShanghai, lastDayShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';
import { wholeListRequest } from '../components/wholeListRequest';

/** 督办队列: breached deadlines escalated to this unit from its own office or the units below. */
export default function EscalationQueuePage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const reportError = useReportError();

  const columns = useMemo(
    (): ProColumns<EscalationItem>[] => [
      ...caseColumns<EscalationItem>(t),
      {
        title: t('escalations.clock'),
        dataIndex: 'clock',
        render: (_, { clock, dueAt }) => (
          <Space size={4}>
            {label('clock', clock)}
            {dueAt && t('escalations.dueDay', { day: lastDayShanghai(dueAt) })}
            <DueTag tone="overdue" />
          </Space>
        ),
      },
      {
        title: t('escalations.target'),
        dataIndex: 'target',
        render: (_, { target }) => label('escalationTarget', target),
      },
      {
        title: t('escalations.escalatedAt'),
        dataIndex: 'escalatedAt',
        render: (_, { escalatedAt }) => formatShanghai(escalatedAt),
      },
    ],
    [t, label],
  );

  return (
    <ProTable<EscalationItem>
      headerTitle={t('nav.escalations')}
      rowKey={(item) => `${item.caseNumber}/${item.clock}`}
      columns={columns}
      search={false}
      rowClassName={() => dueRowClass('overdue')}
      request={wholeListRequest(fetchEscalationQueue, reportError)}
      pagination={{ defaultPageSize: 20, showSizeChanger: true }}
      options={{ density: false, setting: false }}
      scroll={{ x: 'max-content' }}
    />
  );
}
