import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportView } from '../api';
import { formatShanghai } from '../time';

/** 检举控告: whom the report accuses, how it is disposed of, and what was found. */
export function ReportCard({ report }: { report: ReportView | null | undefined }) {
  const { t } = useTranslation();
  if (!report) return null;
  const { accused, conclusion } = report;
  const none = t('discipline.card.none');
  return (
    <Card
      title={t('discipline.card.title')}
      size="small"
      extra={report.urgent ? <Tag color="red">{t('discipline.queue.urgent')}</Tag> : null}
      data-testid="report-card"
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('discipline.card.accusedName')}>{accused.name ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('discipline.card.accusedPosition')}>
          {accused.position ?? none}
          {accused.isHead ? <Tag style={{ marginLeft: 8 }}>{t('discipline.card.head')}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('discipline.card.accusedUnit')}>
          {[accused.unit?.name, accused.department?.name].filter(Boolean).join(' · ') || none}
        </Descriptions.Item>
        <Descriptions.Item label={t('discipline.card.disposal')}>
          {report.disposal ? t(`disposal.${report.disposal}`) : none}
          {report.disposalReason ? `（${report.disposalReason}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('discipline.card.finding')}>
          {conclusion
            ? conclusion.finding
              ? t(`actions.concludeReport.choices.${conclusion.finding}`)
              : t('discipline.card.closedWithoutFinding')
            : none}
        </Descriptions.Item>
        {conclusion?.caseOpened ? (
          <Descriptions.Item label={t('discipline.card.caseOpened')}>
            {conclusion.caseOpened}
          </Descriptions.Item>
        ) : null}
        {conclusion?.sanction ? (
          <Descriptions.Item label={t('discipline.card.sanction')}>
            {t(`actions.concludeReport.choices.${conclusion.sanction}`)}
          </Descriptions.Item>
        ) : null}
        {conclusion ? (
          <Descriptions.Item label={t('discipline.card.concludedAt')}>
            {formatShanghai(conclusion.at)}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}
