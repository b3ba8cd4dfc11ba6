import { Button, Col, Result, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ActionsPanel } from '../case/ActionsPanel';
import { BacklogCard } from '../case/backlog/BacklogCard';
import { LikelyRepeatsPanel } from '../case/backlog/LikelyRepeatsPanel';
import { CaseLinksNotice } from '../case/backlog/RepeatLinks';
import { CaseMailsCard } from '../case/CaseMailsCard';
import { CaseSummary } from '../case/CaseSummary';
import { CaseTimeline } from '../case/CaseTimeline';
import { DeadlinesCard } from '../case/DeadlinesCard';
import { IdentityCard } from '../case/IdentityCard';
import { ReportCard } from '../discipline/ReportCard';
import { useCaseDetail } from '../case/useCaseDetail';
import { PageLoading } from '../PageLoading';

/** One case: the matter, its deadlines, its history, and what this person may do to it now. */
export default function CasePage() {
  const { t } = useTranslation();
  const { caseNumber = '' } = useParams();
  const { detail, error, loading, reload } = useCaseDetail(caseNumber);

  if (error) {
    return (
      <Result
        status="warning"
        title={error.message}
        extra={
          <Space>
            <Button onClick={reload}>{t('app.retry')}</Button>
            <Link to="/ledger">{t('case.backToLedger')}</Link>
          </Space>
        }
      />
    );
  }
  if (!detail) return <PageLoading />;

  return (
    <Row gutter={[16, 16]} aria-busy={loading}>
      <Col span={24}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <CaseLinksNotice record={detail.case} />
          <CaseSummary record={detail.case} />
        </Space>
      </Col>
      <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {detail.allowedActions.includes('joinOpenCase') && (
            <LikelyRepeatsPanel record={detail.case} onChanged={reload} />
          )}
          <BacklogCard record={detail.case} timeline={detail.timeline} />
          <DeadlinesCard deadlines={detail.deadlines} />
          <CaseTimeline events={detail.timeline} />
          <CaseMailsCard caseNumber={detail.case.caseNumber} version={detail} />
        </Space>
      </Col>
      <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <ActionsPanel detail={detail} onChanged={reload} />
          <ReportCard report={detail.case.report} />
          <IdentityCard
            caseNumber={detail.case.caseNumber}
            identity={detail.case.identity}
            onChanged={reload}
          />
        </Space>
      </Col>
    </Row>
  );
}
