import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { emptyWeekFigures, type WeekFigures, type WeeklyReport } from '../api';
import { signed } from './format';
import { checkedColumns } from '../columns';

interface UnitRow {
  key: string;
  name: string;
  /** Where the row's name leads: the child's own board; none for the unit's own cases. */
  to: string | null;
  figures: WeekFigures;
  /** Units of the row that have not closed the week. */
  notClosed: number;
}

const counts = [
  'newCases',
  'closedOut',
  'reopened',
  'stillOpen',
  'overdue',
  'escalated',
  'backlogStock',
] as const;

/** The unit's own cases (本级) and each child's subtree; a child's name opens its board for the same week. */
export function ChildUnitsTable({
  report,
  boardPath,
}: {
  report: WeeklyReport;
  boardPath: (unitId: number) => string;
}) {
  const { t } = useTranslation();
  const rows: UnitRow[] = [
    {
      key: 'own',
      name: t('closeOut.ownCases', { unit: report.unit.name }),
      to: null,
      figures: report.own?.figures ?? emptyWeekFigures(),
      notClosed: report.own ? 0 : 1,
    },
    ...report.children.map(({ unit, figures, notClosed }) => ({
      key: String(unit.id),
      name: unit.name,
      to: boardPath(unit.id),
      figures,
      notClosed,
    })),
  ];
  return (
    <Table<UnitRow>
      aria-label={t('closeOut.childTable')}
      size="small"
      rowKey="key"
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={checkedColumns<UnitRow>([
        {
          title: t('closeOut.unit'),
          dataIndex: 'name',
          render: (name: string, { to }) => (to ? <Link to={to}>{name}</Link> : name),
        },
        ...counts.map((measure) => ({
          title: t(`closeOut.kpi.${measure}`),
          key: measure,
          align: 'right' as const,
          render: (_: unknown, { figures }: UnitRow) =>
            measure === 'overdue' && figures.overdue > 0 ? (
              <Typography.Text type="danger">{figures.overdue}</Typography.Text>
            ) : (
              figures[measure]
            ),
        })),
        {
          title: t('closeOut.backlogChange'),
          key: 'backlogChange',
          align: 'right',
          render: (_, { figures }) => signed(figures.backlogStock - figures.backlogStockBefore),
        },
        {
          title: t('closeOut.notClosedCount'),
          dataIndex: 'notClosed',
          align: 'right',
          render: (notClosed: number) =>
            notClosed > 0 ? (
              <Tag color="error">{notClosed}</Tag>
            ) : (
              <Tag color="success">{t('closeOut.allClosed')}</Tag>
            ),
        },
      ])}
    />
  );
}
