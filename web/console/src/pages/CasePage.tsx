import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Result, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { AutoTriageCard } from '../auto-triage/AutoTriageCard';
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
import { HandedOverNotice } from '../hand-over/HandedOverNotice';
import { PageLoading } from '../PageLoading';
import { useSession } from '../session';
import { WrittenNoticesCard } from '../written-notices/WrittenNoticesCard';
import { useMe } from '../session';
import { fetchCase, type StaffRole } from '../api';
import { queryKeys } from '../queries';

/** 自动研判 is read by the office, its leaders and the supervising office above; departments do not see it. */
const showsAutoTriage = (role: StaffRole) => ['clerk', 'office_head', 'leader', 'supervisor'].includes(role);

/** One case: the matter, its deadlines, its history, and what this person may do to it now. */
export default function CasePage() {
  const { t } = useTranslation();
  const { caseNumber = '' } = useParams();
  const queryClient = useQueryClient();
  const caseQuery = useQuery({ queryKey: queryKeys.case(caseNumber), queryFn: () => fetchCase(caseNumber) });
  const { data: detail, error, isFetching } = caseQuery;
  // After every command on the case: the case, and what hangs on it (自动研判, mails), load again.
  const reload = () => void queryClient.invalidateQueries({ queryKey: queryKeys.case(caseNumber) });
  const { state } = useSession();
  // 文书 are the petition office's: its clerk and head issue them and record their delivery.
  const mayIssueNotices =
    state.kind === 'signedIn' && (state.staff.role === 'clerk' || state.staff.role === 'office_head');
  const { role } = useMe();

  if (error) {
    return (
      <Result
        status="warning"
        title={error.message}
        extra={
          <Space>
            <Button onClick={() => void caseQuery.refetch()}>{t('app.retry')}</Button>
            <Link to="/ledger">{t('case.backToLedger')}</Link>
          </Space>
        }
      />
    );
  }
  if (!detail) return <PageLoading />;

  return (
    <Row gutter={[16, 16]} aria-busy={isFetching}>
      <Col span={24}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <HandedOverNotice record={detail.case} />
          <CaseLinksNotice record={detail.case} />
          <CaseSummary record={detail.case} />
        </Space>
      </Col>
      <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {detail.allowedActions.includes('joinOpenCase') && (
            <LikelyRepeatsPanel record={detail.case} onChanged={reload} />
          )}
          {showsAutoTriage(role) && !detail.case.handedOver && (
            <AutoTriageCard caseNumber={detail.case.caseNumber} />
          )}
          <BacklogCard record={detail.case} timeline={detail.timeline} />
          <DeadlinesCard deadlines={detail.deadlines} />
          <CaseTimeline events={detail.timeline} />
          <CaseMailsCard caseNumber={detail.case.caseNumber} />
        </Space>
      </Col>
      <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <ActionsPanel detail={detail} onChanged={reload} />
          <ReportCard report={detail.case.report} />
          {mayIssueNotices && <WrittenNoticesCard caseNumber={detail.case.caseNumber} onChanged={reload} />}
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
