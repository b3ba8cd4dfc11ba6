import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { drillSearch, type Drill } from './drill';

/** A count that opens the list of the cases it counted; a zero has nothing to list. */
export function CountLink({
  count,
  drill,
  part,
  children = count,
}: {
  count: number;
  drill: Drill;
  /** The row or bar the count is of: a child unit, a category, a channel. */
  part?: string;
  /** How the count shows (a statistic's formatted number); the count itself when absent. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  if (count === 0) return <>{children}</>;
  const figure = t(`statistics.counts.${drill.figure}`);
  return (
    <Link
      to={{ search: drillSearch(params, drill) }}
      aria-label={t('statistics.drill.open', { figure: part ? `${part} · ${figure}` : figure, count })}
    >
      {children}
    </Link>
  );
}
