import { Card, Descriptions, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseBacklog, CaseRecord, TimelineEvent } from '../../api';
import { FlagTags, OwnerTag } from '../../components/BacklogTags';
import { formatShanghai } from '../../time';
import { fieldVisits, planVersions } from './backlogEvents';
import { FieldVisits } from './FieldVisits';
import { PlanSection } from './PlanSection';
import { PlanVersions } from './PlanVersions';
import { RepeatLinks } from './RepeatLinks';
import { TaskForceTable } from './TaskForceTable';

function useBacklogItems(record: CaseRecord, backlog: CaseBacklog): DescriptionsProps['items'] {
  const { t } = useTranslation();
  const when = (iso: string | null) => (iso ? formatShanghai(iso) : '—');
  return [
    { key: 'designatedAt', label: t('backlog.designatedAt'), children: formatShanghai(backlog.designatedAt) },
    {
      key: 'reasons',
      label: t('backlog.reasons'),
      children: (
        <Space size={4} wrap>
          {backlog.reasons.map((reason) => (
            <Tag key={reason}>{t(`backlog.reason.${reason}`, { defaultValue: reason })}</Tag>
          ))}
        </Space>
      ),
    },
    { key: 'flags', label: t('backlog.flagsLabel'), children: <FlagTags flags={backlog.flags} /> },
    { key: 'owner', label: t('backlog.owner'), children: <OwnerTag owner={backlog.owner} /> },
    { key: 'ownedAt', label: t('backlog.ownedAt'), children: when(backlog.ownedAt) },
    { key: 'lastProgressAt', label: t('backlog.lastProgressAt'), children: when(backlog.lastProgressAt) },
    { key: 'repeats', label: t('backlog.repeats'), children: <RepeatLinks repeats={record.repeats} /> },
    { key: 'visits', label: t('backlog.visitCount'), children: backlog.visits },
    ...(record.externalRef
      ? [{ key: 'externalRef', label: t('backlog.externalRef'), children: record.externalRef }]
      : []),
  ];
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

function BacklogDetails({ record, backlog, timeline }: BacklogCardProps & { backlog: CaseBacklog }) {
  const { t } = useTranslation();
  const items = useBacklogItems(record, backlog);
  const versions = planVersions(timeline);
  return (
    <Card title={t('backlog.title')} size="small" role="region" aria-label={t('backlog.title')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} items={items} />
        <Section title={t('backlog.taskForce')}>
          <TaskForceTable members={backlog.taskForce} />
        </Section>
        <Section title={t('backlog.plan')}>
          <PlanSection plan={backlog.plan} />
        </Section>
        {versions.length > 0 && (
          <Section title={t('backlog.planVersions')}>
            <PlanVersions versions={versions} />
          </Section>
        )}
        <Section title={t('backlog.visits')}>
          <FieldVisits visits={fieldVisits(timeline)} />
        </Section>
      </Space>
    </Card>
  );
}

interface BacklogCardProps {
  record: CaseRecord;
  timeline: TimelineEvent[];
}

/** 积案: why, «三多», who owns it, the task force, the plan and its versions, the field visits. */
export function BacklogCard({ record, timeline }: BacklogCardProps) {
  return record.backlog ? (
    <BacklogDetails record={record} backlog={record.backlog} timeline={timeline} />
  ) : null;
}
