import { Button, Col, Result, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ActionsPanel } from '../case/ActionsPanel';
import { CaseSummary } from '../case/CaseSummary';
import { CaseTimeline } from '../case/CaseTimeline';
import { DeadlinesCard } from '../case/DeadlinesCard';
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
        <CaseSummary record={detail.case} />
      </Col>
      <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <DeadlinesCard deadlines={detail.deadlines} />
          <CaseTimeline events={detail.timeline} />
        </Space>
      </Col>
      <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
        <ActionsPanel detail={detail} onChanged={reload} />
      </Col>
    </Row>
  );
}
