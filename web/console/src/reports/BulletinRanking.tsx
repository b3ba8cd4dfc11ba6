import { Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BulletinRow } from '../api';
import { percent } from './format';
import { RankVersusLastMonth, VersusLastMonth } from './VersusLastMonth';
import { checkedColumns } from '../columns';

const count = (value: number | null) => (value === null ? '—' : String(value));

/** The rank, gold for the best: 1 is fewest overdue or highest rate. */
function Rank({ rank, before }: { rank: number; before: number | undefined }) {
  const { t } = useTranslation();
  return (
    <Space size={2}>
      <Tag color={rank === 1 ? 'gold' : undefined}>{t('bulletin.rank', { rank })}</Tag>
      <RankVersusLastMonth now={rank} before={before} />
    </Space>
  );
}

/** 一月一通报's ranking: each child unit's overdue cases, clearance and satisfaction, against last month. */
export function BulletinRanking({ rows }: { rows: BulletinRow[] }) {
  const { t } = useTranslation();
  return (
    <Table<BulletinRow>
      aria-label={t('bulletin.ranking')}
      size="small"
      rowKey={({ unit }) => unit.id}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('bulletin.noRows') }}
      columns={checkedColumns<BulletinRow>([
        { title: t('bulletin.unit'), dataIndex: ['unit', 'name'] },
        {
          title: t('bulletin.overdue'),
          key: 'overdue',
          align: 'right',
          sorter: (a, b) => a.rankOverdue - b.rankOverdue,
          render: (_, { figures, lastMonth }) => (
            <>
              {figures.overdue}
              <VersusLastMonth
                now={figures.overdue}
                before={lastMonth?.figures.overdue}
                better="lower"
                format={count}
              />
            </>
          ),
        },
        {
          title: t('bulletin.rankOverdue'),
          key: 'rankOverdue',
          render: (_, { rankOverdue, lastMonth }) => (
            <Rank rank={rankOverdue} before={lastMonth?.rankOverdue} />
          ),
        },
        {
          title: t('bulletin.clearanceRate'),
          key: 'clearanceRate',
          align: 'right',
          sorter: (a, b) => a.rankClearance - b.rankClearance,
          render: (_, { clearanceRate, lastMonth }) => (
            <>
              {percent(clearanceRate)}
              <VersusLastMonth
                now={clearanceRate}
                before={lastMonth?.clearanceRate}
                better="higher"
                format={percent}
              />
            </>
          ),
        },
        {
          title: t('bulletin.rankClearance'),
          key: 'rankClearance',
          render: (_, { rankClearance, lastMonth }) => (
            <Rank rank={rankClearance} before={lastMonth?.rankClearance} />
          ),
        },
        {
          title: t('bulletin.satisfactionRate'),
          key: 'satisfactionRate',
          align: 'right',
          sorter: (a, b) => a.rankSatisfaction - b.rankSatisfaction,
          render: (_, { satisfactionRate, lastMonth }) => (
            <>
              {percent(satisfactionRate)}
              <VersusLastMonth
                now={satisfactionRate}
                before={lastMonth?.satisfactionRate}
                better="higher"
                format={percent}
              />
            </>
          ),
        },
        {
          title: t('bulletin.rankSatisfaction'),
          key: 'rankSatisfaction',
          render: (_, { rankSatisfaction, lastMonth }) => (
            <Rank rank={rankSatisfaction} before={lastMonth?.rankSatisfaction} />
          ),
        },
        { title: t('bulletin.openAtStart'), dataIndex: ['figures', 'openAtStart'], align: 'right' },
        { title: t('bulletin.newCases'), dataIndex: ['figures', 'newCases'], align: 'right' },
        { title: t('bulletin.closedOut'), dataIndex: ['figures', 'closedOut'], align: 'right' },
        { title: t('bulletin.backlogStock'), dataIndex: ['figures', 'backlogStock'], align: 'right' },
      ])}
    />
  );
}
