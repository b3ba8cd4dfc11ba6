import { Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDeadline, DeadlineState } from '../api';
import { DueTag, ProvisionalTag } from '../components/CaseTags';
import { dueRowClass, dueTone } from '../deadlineTone';
import { formatShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import type { Columns } from '../columns';

const stateColours: Record<DeadlineState, string> = {
  running: 'processing',
  met: 'success',
  breached: 'error',
  escalated: 'error',
  lapsed: 'default',
  stopped: 'default',
};

/** Only a running clock can still turn red or amber; the others are history. */
const toneOf = (deadline: CaseDeadline) => (deadline.state === 'running' ? dueTone(deadline.dueAt) : null);

export function DeadlinesCard({ deadlines }: { deadlines: CaseDeadline[] }) {
  const { t } = useTranslation();
  const label = useCodeLabel();

  const columns: Columns<CaseDeadline> = [
    { title: t('deadlines.clock'), dataIndex: 'clock', render: (clock: string) => label('clock', clock) },
    {
      title: t('deadlines.startedAt'),
      dataIndex: 'startedAt',
      render: (startedAt: string) => formatShanghai(startedAt),
    },
    {
      title: t('deadlines.dueDate'),
      dataIndex: 'dueDate',
      render: (dueDate: string, deadline) => (
        <Space size={4} wrap>
          {dueDate}
          {deadline.provisional && <ProvisionalTag />}
        </Space>
      ),
    },
    {
      title: t('deadlines.state'),
      dataIndex: 'state',
      render: (state: DeadlineState, deadline) => (
        <Space size={4} wrap>
          <Tag color={stateColours[state]}>{label('deadlineState', state)}</Tag>
          <DueTag tone={toneOf(deadline)} />
        </Space>
      ),
    },
    {
      title: t('deadlines.escalateTo'),
      dataIndex: 'escalateTo',
      render: (target: string | null) => (target ? label('escalationTarget', target) : '—'),
    },
  ];

  return (
    <Card title={t('case.deadlines')} size="small">
      <Table<CaseDeadline>
        rowKey={(deadline) => `${deadline.clock}/${deadline.startedAt}`}
        columns={columns}
        dataSource={deadlines}
        rowClassName={(deadline) => dueRowClass(toneOf(deadline))}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}
