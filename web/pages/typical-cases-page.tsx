import type { PublishedTypicalCase } from '../../db/typical-cases';
import { ErrorList, Layout, type PageContext, type Problem } from './layout';
import { monthName, PlaceSelect, type PlaceOption } from './public-statistics-page';

/** 典型案例: the published summaries of a county's offices, newest first, a page at a time. */
export function TypicalCasesPage(props: {
  ctx: PageContext;
  counties: PlaceOption[];
  county: PlaceOption | null;
  page: number;
  pageSize: number;
  listed: { total: number; items: PublishedTypicalCase[] } | null;
  errors: Problem[];
  /** What was asked for when it was refused. */
  chosen?: string | undefined;
}) {
  const { ctx, county, listed, errors } = props;
  const { t } = ctx;
  const pages = listed ? Math.max(1, Math.ceil(listed.total / props.pageSize)) : 1;
  const pageLink = (page: number) =>
    `/statistics/typical-cases?county=${encodeURIComponent(county?.code ?? '')}&page=${page}`;
  const concluded = (month: string) =>
    t('typicalCasesPage.concluded', {
      year: month.slice(0, 4),
      month: monthName(ctx, Number(month.slice(5))),
    });
  return (
    <Layout ctx={ctx} title={t('typicalCasesPage.title')}>
      <ErrorList ctx={ctx} problems={errors} />
      <p>{t('typicalCasesPage.intro')}</p>
      <form method="get" action="/statistics/typical-cases" className="form">
        <PlaceSelect
          ctx={ctx}
          field="county"
          places={props.counties}
          chosen={county?.code ?? props.chosen}
          none={t('publicStatistics.chooseCounty')}
          errors={errors}
        />
        <button type="submit">{t('publicStatistics.show')}</button>
      </form>
      {county && listed ? (
        <section aria-labelledby="typical-cases-of">
          <h2 id="typical-cases-of">
            {t('typicalCasesPage.of', { county: county.name, count: listed.total })}
          </h2>
          {listed.items.length === 0 ? <p id="no-typical-cases">{t('typicalCasesPage.none')}</p> : null}
          {listed.items.map((item) => (
            <article className="typical-case" key={item.id} aria-labelledby={`typical-case-${item.id}`}>
              <h3 id={`typical-case-${item.id}`}>{item.title}</h3>
              <p className="hint">
                {[item.unitName, t(`category.${item.category}`), concluded(item.concludedMonth)].join(
                  t('listSeparator'),
                )}
              </p>
              {item.summary.split(/\n+/).map((paragraph, i) => (
                <p key={i}>{paragraph}</p>
              ))}
            </article>
          ))}
          {pages > 1 ? (
            <nav className="pages" aria-label={t('typicalCasesPage.pages')}>
              {props.page > 1 ? (
                <a href={pageLink(props.page - 1)}>{t('typicalCasesPage.previous')}</a>
              ) : null}
              <span>{t('typicalCasesPage.pageOf', { page: props.page, pages })}</span>
              {props.page < pages ? (
                <a href={pageLink(props.page + 1)}>{t('typicalCasesPage.next')}</a>
              ) : null}
            </nav>
          ) : null}
        </section>
      ) : null}
      <p>
        <a href={`/statistics${county ? `?county=${encodeURIComponent(county.code)}` : ''}`}>
          {t('publicStatistics.title')}
        </a>
      </p>
    </Layout>
  );
}
