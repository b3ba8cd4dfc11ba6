import { List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResolutionPlan } from '../../api';
import { formatShanghai, todayShanghai } from '../../time';
import { milestoneStates, type MilestoneState } from './milestoneState';

const stateColours: Record<MilestoneState, string> = {
  done: 'success',
  next: 'processing',
  overdue: 'error',
  pending: 'default',
};

/** The plan in force (化解方案): what is to be done, by when, and how far it has come. */
export function PlanSection({ plan }: { plan: ResolutionPlan | null }) {
  const { t } = useTranslation();
  if (!plan) return <Typography.Text type="secondary">{t('backlog.noPlan')}</Typography.Text>;
  const states = milestoneStates(plan, todayShanghai());
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Text strong>
        {t('backlog.planVersion', { version: plan.version, setAt: formatShanghai(plan.setAt) })}
      </Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
        {plan.summary}
      </Typography.Paragraph>
      <List
        size="small"
        bordered
        aria-label={t('backlog.milestones')}
        dataSource={plan.milestones.map((milestone, index) => ({
          ...milestone,
          state: states[index] ?? 'pending',
        }))}
        renderItem={({ title, dueDate, doneAt, state }) => (
          <List.Item className={state === 'overdue' ? 'ql-row-overdue' : undefined}>
            <Space wrap>
              <Tag color={stateColours[state]}>{t(`backlog.milestoneState.${state}`)}</Tag>
              <span>{title}</span>
              <Typography.Text type={state === 'overdue' ? 'danger' : 'secondary'}>
                {doneAt
                  ? t('backlog.milestoneDone', { dueDate, doneAt: formatShanghai(doneAt) })
                  : t('backlog.milestoneDue', { dueDate })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
