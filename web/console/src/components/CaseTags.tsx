import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DueTone } from '../deadlineTone';
import { lastDayShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';

const statusColours: Record<string, string> = {
  received: 'default',
  registered: 'processing',
  accepted: 'processing',
  forwarded: 'cyan',
  in_handling: 'blue',
  replied: 'geekblue',
  unsatisfied: 'volcano',
  under_review: 'purple',
  review_decided: 'purple',
  under_re_review: 'magenta',
  close_out_pending: 'gold',
  closed_out: 'success',
  closed: 'default',
};

export function StatusTag({ status }: { status: string }) {
  const label = useCodeLabel();
  return <Tag color={statusColours[status]}>{label('status', status)}</Tag>;
}

/** Says in words what the row colour says: 超期 or 临期. */
export function DueTag({ tone }: { tone: DueTone }) {
  const { t } = useTranslation();
  if (tone === 'overdue') return <Tag color="error">{t('due.overdue')}</Tag>;
  if (tone === 'nearDue') return <Tag color="warning">{t('due.nearDue')}</Tag>;
  return null;
}

export function ProvisionalTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('due.provisionalHint')}>
      <Tag color="default" tabIndex={0} style={{ borderStyle: 'dashed' }}>
        {t('due.provisional')}
      </Tag>
    </Tooltip>
  );
}

export function EscalatedTag() {
  const { t } = useTranslation();
  return <Tag color="red">{t('due.escalated')}</Tag>;
}

interface NextDueProps {
  clock: string | null;
  dueAt: string | null;
  tone: DueTone;
  provisional: boolean;
}

/** The next deadline of a case: which clock, its last day, and how urgent. */
export function NextDue({ clock, dueAt, tone, provisional }: NextDueProps) {
  const label = useCodeLabel();
  if (dueAt === null) return <>—</>;
  return (
    <Space size={4} wrap>
      <span>
        {clock ? `${label('clock', clock)} ` : ''}
        {lastDayShanghai(dueAt)}
      </span>
      <DueTag tone={tone} />
      {provisional && <ProvisionalTag />}
    </Space>
  );
}
