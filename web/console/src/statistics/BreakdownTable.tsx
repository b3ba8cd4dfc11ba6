import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { checkedColumns } from '../columns';
import { percent } from '../reports/format';
import { useCodeLabel } from '../useCodeLabel';
import {
  countSections,
  rateSections,
  statisticsSectionNames,
  type Statistics,
  type StatisticsFigures,
} from './api';
import { CountLink } from './CountLink';
import { withoutDrill, type Drill } from './drill';

interface BreakdownRow {
  key: string;
  name: string;
  /** Where the name leads: a child unit's own statistics for the same period. */
  to?: string;
  figures: StatisticsFigures;
  /** The part a count of this row opens: the child unit's subtree or the category; none for a level. */
  part?: Omit<Drill, 'figure'>;
}

/** Every count of every row opens its cases; a rate under the minimum shows «—», what it is made of on hover. */
function BreakdownTable({ label, header, rows }: { label: string; header: string; rows: BreakdownRow[] }) {
  const { t } = useTranslation();
  // Wider than the page: it scrolls in a region the keyboard reaches, with links in it or not.
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table<BreakdownRow>
        aria-label={label}
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={false}
        style={{ width: 'max-content', minWidth: '100%' }}
        columns={[
          ...checkedColumns<BreakdownRow>([
            {
              title: header,
              dataIndex: 'name',
              render: (name: string, { to }) => (to ? <Link to={to}>{name}</Link> : name),
            },
          ]),
          ...statisticsSectionNames.map((section) => ({
            title: t(`statistics.sections.${section}`),
            children: checkedColumns<BreakdownRow>([
              ...rateSections[section].map((rate) => ({
                title: t(`statistics.rates.${rate}`),
                key: rate,
                align: 'right' as const,
                render: (_: unknown, { figures }: BreakdownRow) => (
                  <span title={t('statistics.ofRate', figures.rates[rate])}>
                    {percent(figures.rates[rate].rate)}
                  </span>
                ),
              })),
              ...countSections[section].map((figure) => ({
                title: t(`statistics.counts.${figure}`),
                key: figure,
                align: 'right' as const,
                render: (_: unknown, { name, figures, part }: BreakdownRow) =>
                  part ? (
                    <CountLink count={figures[figure]} drill={{ figure, ...part }} part={name} />
                  ) : (
                    figures[figure]
                  ),
              })),
            ]),
          })),
        ]}
      />
    </div>
  );
}

export function ChildUnitsTable({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const unitSearch = (unitId: number) => {
    const next = withoutDrill(params);
    next.set('unit', String(unitId));
    return `?${next.toString()}`;
  };
  return (
    <BreakdownTable
      label={t('statistics.tables.units')}
      header={t('statistics.unit')}
      rows={statistics.byUnit.map(({ unit, figures }) => ({
        key: String(unit.id),
        name: unit.name,
        to: unitSearch(unit.id),
        figures,
        part: { childUnitId: unit.id },
      }))}
    />
  );
}

export function CategoriesTable({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  return (
    <BreakdownTable
      label={t('statistics.tables.categories')}
      header={t('statistics.category')}
      rows={statistics.byCategory.map(({ category, figures }) => ({
        key: category,
        name: label('category', category),
        figures,
        part: { category },
      }))}
    />
  );
}

/** 分层级: the subtree's units of each level together (the drill-down lists by unit or category). */
export function LevelsTable({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  return (
    <BreakdownTable
      label={t('statistics.tables.levels')}
      header={t('statistics.level')}
      rows={statistics.byLevel.map(({ level, figures }) => ({
        key: level,
        name: t(`closeOut.level.${level}`),
        figures,
      }))}
    />
  );
}
