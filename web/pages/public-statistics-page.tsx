import type { PublicCell, PublicRate, PublicRow, PublicStatistics } from '../../db/public-statistics';
import { publicCountNames } from '../../db/public-statistics';
import { ErrorList, FieldProblem, fieldProps, Layout, type PageContext, type Problem } from './layout';

export interface PlaceOption {
  code: string;
  name: string;
}

/** A month as the office writes it: 3月 / Mar. */
export const monthName = (ctx: PageContext, month: number) =>
  new Intl.DateTimeFormat(ctx.language, { month: 'short', timeZone: 'UTC' }).format(
    Date.UTC(2000, month - 1, 1),
  );

/** One count: the number, or why it is not shown. */
function Count({ ctx, cell, minimum }: { ctx: PageContext; cell: PublicCell; minimum: number }) {
  if (cell.count !== null) return <>{cell.count}</>;
  return cell.shown === 'small' ? (
    <>{ctx.t('publicStatistics.fewerThan', { n: minimum })}</>
  ) : (
    <abbr title={ctx.t('publicStatistics.withheldWhy')}>{ctx.t('publicStatistics.withheld')}</abbr>
  );
}

function Rate({ ctx, cell }: { ctx: PageContext; cell: PublicRate }) {
  return cell.rate === null ? (
    <abbr title={ctx.t('publicStatistics.tooFewEvaluations')}>—</abbr>
  ) : (
    <>{`${Math.round(cell.rate * 1000) / 10}%`}</>
  );
}

/** A table of months by category; the totals row only when there is more than one month. */
function FigureTable<Cell>(props: {
  ctx: PageContext;
  id: string;
  title: string;
  figures: PublicStatistics;
  rows: PublicRow<Cell>[];
  cell: (cell: Cell) => React.ReactNode;
}) {
  const { ctx, figures } = props;
  const { t } = ctx;
  const rows = props.rows.length > 2 ? props.rows : props.rows.filter((r) => r.month !== null);
  const cellProps = (cell: Cell) =>
    typeof cell === 'object' && cell !== null && 'shown' in cell ? { 'data-shown': String(cell.shown) } : {};
  return (
    <section aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <div className="table-scroll" role="region" aria-labelledby={`${props.id}-title`} tabIndex={0}>
        <table className="figures" id={props.id}>
          <thead>
            <tr>
              <th scope="col">{t('publicStatistics.month')}</th>
              {figures.categories.map((c) => (
                <th scope="col" key={c}>
                  {t(`category.${c}`)}
                </th>
              ))}
              <th scope="col">{t('publicStatistics.total')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.month ?? 'total'} data-month={row.month ?? 'total'}>
                <th scope="row">
                  {row.month ? monthName(ctx, Number(row.month.slice(5))) : t('publicStatistics.total')}
                </th>
                {row.byCategory.map((cell, j) => (
                  <td key={figures.categories[j]} data-category={figures.categories[j]} {...cellProps(cell)}>
                    {props.cell(cell)}
                  </td>
                ))}
                <td data-category="total" {...cellProps(row.total)}>
                  {props.cell(row.total)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * 公开统计: a county's or a township's numbers for a year or a month. Without script the
 * township list follows the county once the form is sent, so the page says so.
 */
export function PublicStatisticsPage(props: {
  ctx: PageContext;
  places: { counties: PlaceOption[]; townships: PlaceOption[] };
  years: number[];
  values: {
    county?: string | undefined;
    township?: string | undefined;
    year?: string | undefined;
    month?: string | undefined;
  };
  figures: PublicStatistics | null;
  errors: Problem[];
}) {
  const { ctx, places, values, figures, errors } = props;
  const { t } = ctx;
  const period = figures
    ? figures.month
      ? t('publicStatistics.periodMonth', { year: figures.year, month: monthName(ctx, figures.month) })
      : t('publicStatistics.periodYear', { year: figures.year })
    : '';
  return (
    <Layout ctx={ctx} title={t('publicStatistics.title')}>
      <ErrorList ctx={ctx} problems={errors} />
      <p>{t('publicStatistics.intro')}</p>
      <form method="get" action="/statistics" className="form">
        <PlaceSelect
          ctx={ctx}
          field="county"
          places={places.counties}
          chosen={values.county}
          none={t('publicStatistics.chooseCounty')}
          errors={errors}
        />
        <PlaceSelect
          ctx={ctx}
          field="township"
          places={places.townships}
          chosen={values.township}
          none={t('publicStatistics.wholeCounty')}
          hint={places.townships.length === 0 ? t('publicStatistics.townshipAfterCounty') : undefined}
          errors={errors}
        />
        <label>
          {t('publicStatistics.year')}
          <select name="year" defaultValue={values.year ?? ''} {...fieldProps(errors, 'year')}>
            {props.years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <FieldProblem problems={errors} field="year" />
        <label>
          {t('publicStatistics.monthChoice')}
          <select name="month" defaultValue={values.month ?? ''} {...fieldProps(errors, 'month')}>
            <option value="">{t('publicStatistics.wholeYear')}</option>
            {Array.from({ length: 12 }, (_v, i) => i + 1).map((m) => (
              <option key={m} value={String(m)}>
                {monthName(ctx, m)}
              </option>
            ))}
          </select>
        </label>
        <FieldProblem problems={errors} field="month" />
        <button type="submit">{t('publicStatistics.show')}</button>
      </form>
      {figures ? (
        <>
          <h2 id="figures-of">{`${figures.unit.name} · ${period}`}</h2>
          <p className="hint" id="minimum-cell">
            {t('publicStatistics.minimumNote', { n: figures.minimumCell })}
          </p>
          {publicCountNames.map((name) => (
            <FigureTable
              key={name}
              ctx={ctx}
              id={`figure-${name}`}
              title={t(`publicStatistics.figures.${name}`)}
              figures={figures}
              rows={figures.counts[name]}
              cell={(cell) => <Count ctx={ctx} cell={cell} minimum={figures.minimumCell} />}
            />
          ))}
          <FigureTable
            ctx={ctx}
            id="figure-satisfaction"
            title={t('publicStatistics.figures.satisfaction')}
            figures={figures}
            rows={figures.satisfaction}
            cell={(cell) => <Rate ctx={ctx} cell={cell} />}
          />
          <p>
            <a href={`/statistics/typical-cases?county=${encodeURIComponent(values.county ?? '')}`}>
              {t('typicalCasesPage.link')}
            </a>
          </p>
        </>
      ) : null}
    </Layout>
  );
}

/** A county or township to choose, with its problem under it: the public statistics and typical cases ask for the same places. */
export function PlaceSelect(props: {
  ctx: PageContext;
  field: 'county' | 'township';
  places: PlaceOption[];
  chosen: string | undefined;
  /** The first option, chosen when nothing is. */
  none: string;
  hint?: string | undefined;
  errors: Problem[];
}) {
  const { ctx, field, errors } = props;
  return (
    <>
      <label>
        {ctx.t(`publicStatistics.${field}`)}
        {props.hint ? <small> {props.hint}</small> : null}
        <select name={field} defaultValue={props.chosen ?? ''} {...fieldProps(errors, field)}>
          <option value="">{props.none}</option>
          {props.places.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <FieldProblem problems={errors} field={field} />
    </>
  );
}
