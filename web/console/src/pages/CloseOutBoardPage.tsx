import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { closeOutExportUrl, fetchClosedWeeks, fetchCloseOutBoard, type CloseOutBoard } from '../api';
import { PageLoading } from '../PageLoading';
import { BacklogTrendChart } from '../reports/BacklogTrendChart';
import { ChildUnitsChart } from '../reports/ChildUnitsChart';
import { ChildUnitsTable } from '../reports/ChildUnitsTable';
import { CloseOutActions } from '../reports/CloseOutActions';
import { ExportLinks } from '../reports/ExportLinks';
import { NotClosedList } from '../reports/NotClosedList';
import { OverdueHeatMap } from '../reports/OverdueHeatMap';
import { LoadFailure } from '../reports/LoadFailure';
import { queryKeys } from '../queries';
import { WeekKpis } from '../reports/WeekKpis';
import { holds, useMe } from '../session';

/** The board of one unit and week, as an address: drill-downs and the back button both work. */
function boardParams(unit: number | undefined, week: string | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (unit !== undefined) params.set('unit', String(unit));
  if (week) params.set('week', week);
  return params;
}

const boardPath = (unit: number | undefined, week: string | undefined) => {
  const search = boardParams(unit, week).toString();
  return search ? `/close-out?${search}` : '/close-out';
};

function BoardBody({ board, week }: { board: CloseOutBoard; week: string }) {
  const { t } = useTranslation();
  const { report, trend, heat } = board;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <WeekKpis figures={report.subtree} />
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('closeOut.trendChart')}>
          {trend.length > 0 ? (
            <BacklogTrendChart trend={trend} />
          ) : (
            <Empty description={t('closeOut.noTrend')} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('closeOut.childChart')}>
          {report.children.length > 0 ? (
            <ChildUnitsChart units={report.children} />
          ) : (
            <Empty description={t('closeOut.noChildren')} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card size="small" title={t('closeOut.childTable')}>
          <ChildUnitsTable report={report} boardPath={(unit) => boardPath(unit, week)} />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('closeOut.notClosed')}>
          <NotClosedList units={report.notClosed} />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('closeOut.heatChart')}>
          {heat.length > 0 ? (
            <OverdueHeatMap heat={heat} />
          ) : (
            <Empty description={t('closeOut.noChildren')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

/**
 * 销号看板: a unit's closed week (每周一报) rolled up over its subtree: the figures,
 * the way toward zero, each child unit (open its own board), and who is behind.
 */
export default function CloseOutBoardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const unitParam = Number(params.get('unit'));
  const unit = Number.isInteger(unitParam) && unitParam > 0 ? unitParam : undefined;
  const weeks = useQuery({ queryKey: queryKeys.closedWeeks(unit), queryFn: () => fetchClosedWeeks(unit) });
  // The week asked for if this unit closed it (a drill-down keeps the week), else its latest.
  const asked = params.get('week');
  const week = weeks.data && (weeks.data.find((w) => w === asked) ?? weeks.data[0]);
  const board = useQuery({
    queryKey: queryKeys.closeOutBoard(unit, week),
    queryFn: () => fetchCloseOutBoard(week ?? '', unit),
    enabled: week !== undefined,
  });

  if (weeks.error) return <LoadFailure error={weeks.error} retry={() => void weeks.refetch()} />;
  if (!weeks.data) return <PageLoading />;

  const report = board.data?.report;
  const ownUnit = report ? report.unit.code === me.unit.code : unit === undefined;
  const choose = (chosen: string) => setParams(boardParams(unit, chosen));
  // The run (which invalidated the weeks and the boards) may have closed the week on show or a new one.
  const closedNow = (closed: string) => setParams(boardParams(unit, closed));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size="middle" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('closeOut.title')}
            </Typography.Title>
            {(report || ownUnit) && (
              <Typography.Text strong>{report?.unit.name ?? me.unit.name}</Typography.Text>
            )}
            {report && !ownUnit && report.unit.parentId !== null && (
              <Link to={boardPath(report.unit.parentId, week)}>{t('closeOut.up')}</Link>
            )}
            {report?.own === null && <Tag color="warning">{t('closeOut.ownNotClosed')}</Tag>}
            {board.data?.campaign && (
              <Tag color={board.data.campaign.daysLeft <= 7 ? 'red' : 'blue'}>
                {t('administration.campaigns.countdown', board.data.campaign)}
              </Tag>
            )}
          </Space>
          <Space wrap>
            {weeks.data.length > 0 && (
              <Select
                aria-label={t('closeOut.week')}
                value={week}
                onChange={choose}
                style={{ minWidth: 180 }}
                options={weeks.data.map((w) => ({ value: w, label: t('closeOut.weekOption', { week: w }) }))}
              />
            )}
            {week && (
              <ExportLinks keys="closeOut" urlOf={(format) => closeOutExportUrl(format, week, unit)} />
            )}
            {holds(me, 'office_head') && ownUnit && <CloseOutActions onClosed={closedNow} />}
          </Space>
        </Space>
      </Card>
      {weeks.data.length === 0 ? (
        <Card>
          <Empty description={t('closeOut.noWeeks')} />
        </Card>
      ) : board.error ? (
        <LoadFailure error={board.error} retry={() => void board.refetch()} />
      ) : board.data && week ? (
        <BoardBody board={board.data} week={week} />
      ) : (
        <PageLoading />
      )}
    </Space>
  );
}
