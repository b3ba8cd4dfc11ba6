import { Card, Descriptions, Space, Typography, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseRecord } from '../api';
import { BacklogTag, FlagTags } from '../components/BacklogTags';
import { DueTag, EscalatedTag, NextDue, StatusTag } from '../components/CaseTags';
import { dueTone } from '../deadlineTone';
import { formatShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';

/** Replied and not yet struck off: where what the close-out rule still needs is worth showing. */
const awaitsCloseOut = (status: CaseRecord['status']) =>
  status === 'close_out_pending' || status === 'replied' || status === 'unsatisfied';

function useMatterItems(record: CaseRecord): DescriptionsProps['items'] {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const { extension, evaluation } = record;

  const items: DescriptionsProps['items'] = [
    { key: 'unit', label: t('ledger.unit'), children: record.unit.name },
    { key: 'category', label: t('ledger.category'), children: label('category', record.category) },
    {
      key: 'channel',
      label: t('ledger.channel'),
      children: record.qrUnitCode
        ? `${label('channel', record.channel)} · ${record.qrUnitCode}`
        : label('channel', record.channel),
    },
    { key: 'receivedAt', label: t('ledger.receivedAt'), children: formatShanghai(record.receivedAt) },
    {
      key: 'registeredAt',
      label: t('ledger.registeredAt'),
      children: record.registeredAt ? formatShanghai(record.registeredAt) : '—',
    },
    {
      key: 'handlingDepartment',
      label: t('ledger.handlingDepartment'),
      children: record.handlingDepartment?.name ?? '—',
    },
    { key: 'place', label: t('case.place'), children: record.place, span: 'filled' },
    { key: 'summary', label: t('case.summary'), children: record.summary, span: 'filled' },
    { key: 'request', label: t('case.request'), children: record.request, span: 'filled' },
  ];
  // The identity itself is never inline: IdentityCard asks for it with a reason.
  if (record.anonymous) {
    items.push({ key: 'complainant', label: t('case.complainant'), children: t('case.anonymous') });
  }
  if (record.forwardedTo)
    items.push({ key: 'forwardedTo', label: t('case.forwardedTo'), children: record.forwardedTo });
  if (extension) {
    items.push({
      key: 'extension',
      label: t('case.extension'),
      children: t('case.extensionText', {
        days: extension.days,
        state: t(`case.extensionState.${extension.state}`),
        reason: extension.reason,
      }),
    });
  }
  if (evaluation) {
    items.push({
      key: 'evaluation',
      label: t('case.evaluation'),
      children: `${evaluation.satisfied ? t('case.satisfied') : t('case.unsatisfied')} · ${formatShanghai(evaluation.at)}`,
    });
  }
  const closeOut = record.closeOut;
  if (closeOut && awaitsCloseOut(record.status)) {
    items.push({
      key: 'closeOut',
      label: t('case.closeOut.label'),
      children: closeOut.readyAt
        ? t('case.closeOut.ready', { at: formatShanghai(closeOut.readyAt) })
        : t('case.closeOut.missing', {
            gaps: closeOut.gaps.map((gap) => t(`case.closeOut.gaps.${gap}`)).join('、'),
          }),
    });
  }
  if (closeOut?.week) {
    items.push({ key: 'closedOutWeek', label: t('case.closeOut.week'), children: closeOut.week });
  }
  if (record.lookBack) {
    items.push({
      key: 'lookBack',
      label: t('case.lookBack.label'),
      children: record.lookBack.open
        ? t('case.lookBack.asked', { at: formatShanghai(record.lookBack.open.askedAt) })
        : t('case.lookBack.waiting', {
            held: record.lookBack.roundsHeld,
            until: formatShanghai(record.lookBack.listensUntil),
          }),
    });
  }
  items.push({ key: 'policyVersion', label: t('case.policyVersion'), children: record.policyVersion });
  return items;
}

/** The matter and where it stands: what the office tells a caller who asks about the case. */
export function CaseSummary({ record }: { record: CaseRecord }) {
  const tone = dueTone(record.nextDueAt, record.overdue);
  const items = useMatterItems(record);
  const { t } = useTranslation();
  return (
    <Card size="small">
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {record.caseNumber}
        </Typography.Title>
        <StatusTag status={record.status} />
        {record.escalated && <EscalatedTag />}
        {record.backlog && <BacklogTag />}
        {record.backlog && <FlagTags flags={record.backlog.flags} empty={null} />}
        {record.nextDueAt === null && <DueTag tone={record.overdue ? 'overdue' : null} />}
      </Space>
      {record.nextDueAt && (
        <Typography.Paragraph>
          {t('case.nextDue')}
          <NextDue
            clock={record.nextDueClock}
            dueAt={record.nextDueAt}
            tone={tone}
            provisional={record.deadlineProvisional}
          />
        </Typography.Paragraph>
      )}
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
    </Card>
  );
}
