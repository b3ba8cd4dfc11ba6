import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { checkedColumns } from '../columns';
import { CaseLink } from '../components/CaseLink';
import { StatusTag } from '../components/CaseTags';
import { LoadFailure } from '../reports/LoadFailure';
import { formatShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import { fetchCountedCases, statisticsKeys, type CountedCase, type Statistics } from './api';
import { drillOf, withoutDrill, type Drill } from './drill';
import type { Period } from './period';

const pageSize = 20;

/** What the list is of, as a title: the count, and the part of it clicked (a unit, a category, a channel). */
function useDrillTitle(drill: Drill, statistics: Statistics): string {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const part =
    drill.childUnitId !== undefined
      ? statistics.byUnit.find(({ unit }) => unit.id === drill.childUnitId)?.unit.name
      : drill.category
        ? label('category', drill.category)
        : drill.channel && label('channel', drill.channel);
  const figure = t(`statistics.counts.${drill.figure}`);
  return part ? `${part} · ${figure}` : figure;
}

function CountedCasesList({
  drill,
  period,
  unit,
  page,
  onPage,
}: {
  drill: Drill;
  period: Period;
  unit: number | undefined;
  page: number;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const cases = useQuery({
    queryKey: statisticsKeys.cases(unit, period, drill, page),
    queryFn: () => fetchCountedCases(period, unit, drill, page, pageSize),
    placeholderData: keepPreviousData,
  });
  if (cases.error) return <LoadFailure error={cases.error} retry={() => void cases.refetch()} />;
  const withheld = cases.data?.withheld ?? 0;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {withheld > 0 && (
        <Alert type="info" showIcon message={t('statistics.drill.withheld', { count: withheld })} />
      )}
      <Table<CountedCase>
        aria-label={t('statistics.drill.cases')}
        size="small"
        rowKey={(row) => `${row.caseNumber}:${row.at}`}
        loading={cases.isFetching}
        dataSource={cases.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('statistics.drill.none') }}
        pagination={{
          current: page,
          pageSize,
          total: cases.data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: onPage,
        }}
        columns={checkedColumns<CountedCase>([
          {
            title: t('ledger.caseNumber'),
            dataIndex: 'caseNumber',
            render: (caseNumber: string) => <CaseLink caseNumber={caseNumber} />,
          },
          { title: t('ledger.unit'), dataIndex: ['unit', 'name'] },
          {
            title: t('statistics.category'),
            dataIndex: 'category',
            render: (category: string) => label('category', category),
          },
          {
            title: t('statistics.channel'),
            dataIndex: 'channel',
            render: (channel: string) => label('channel', channel),
          },
          {
            title: t('ledger.status'),
            dataIndex: 'status',
            render: (status: string) => <StatusTag status={status} />,
          },
          { title: t('statistics.drill.at'), dataIndex: 'at', render: (at: string) => formatShanghai(at) },
          {
            title: t('statistics.drill.receivedAt'),
            dataIndex: 'receivedAt',
            render: (at: string) => formatShanghai(at),
          },
        ])}
      />
    </Space>
  );
}

/**
 * 钻取: the cases a count of the page is made of, opened from the address (a count's link),
 * each leading to its case page; the cases that accuse the reader's own unit are counted but
 * never listed (信访工作条例 Art. 30), and the list says how many.
 */
export function CountedCasesDrawer({
  statistics,
  period,
  unit,
}: {
  statistics: Statistics;
  period: Period;
  unit: number | undefined;
}) {
  const [params, setParams] = useSearchParams();
  const drill = drillOf(params);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const title = useDrillTitle(drill ?? { figure: 'received' }, statistics);
  const toPage = (next: number) => {
    const search = new URLSearchParams(params);
    search.set('page', String(next));
    setParams(search);
  };
  return (
    <Drawer
      title={title}
      open={drill !== undefined}
      onClose={() => setParams(withoutDrill(params))}
      width={960}
    >
      {drill && <CountedCasesList drill={drill} period={period} unit={unit} page={page} onPage={toPage} />}
    </Drawer>
  );
}
