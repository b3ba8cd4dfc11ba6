import { Progress, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { lookBackStates, type LookBackCampaign, type LookBackCaseState } from '../api';

export const lookBackColours: Record<LookBackCaseState, string> = {
  asked: 'processing',
  holds: 'success',
  reopened: 'error',
  unreachable: 'warning',
};

/** How far a campaign got: the bar fills as cases are answered, green for those that hold. */
export function LookBackProgress({ progress }: { progress: LookBackCampaign['progress'] }) {
  const { t } = useTranslation();
  const share = (n: number) => (progress.total === 0 ? 0 : Math.round((n / progress.total) * 100));
  const answered = progress.total - progress.asked;
  return (
    <Space direction="vertical" size={2} style={{ minWidth: 240 }}>
      <Progress
        percent={share(answered)}
        success={{ percent: share(progress.holds) }}
        format={() => t('lookBack.answered', { count: answered, total: progress.total })}
        aria-label={t('lookBack.progress')}
      />
      <Space size={4} wrap>
        {lookBackStates.map((state) => (
          <Tag key={state} color={lookBackColours[state]}>
            {t(`lookBack.state.${state}`)} {progress[state]}
          </Tag>
        ))}
      </Space>
    </Space>
  );
}
