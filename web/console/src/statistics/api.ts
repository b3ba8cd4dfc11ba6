import {
  statisticsSectionNames,
  statisticsSections,
  type StatisticsSection,
} from '../../../../domain/statistics-sections';
import { answer, api, type ReportFormat } from '../api';
import type { components } from '../generated/api-schema';
import i18n from '../i18n';
import type { Drill } from './drill';
import type { Period } from './period';

type Schemas = components['schemas'];

/** 统计: a unit's subtree over a period, by child unit and by category, from the timeline. */
export type Statistics = Schemas['Statistics'];
export type StatisticsFigures = Schemas['StatisticsFigures'];
export type StatisticsRate = Schemas['StatisticsRate'];

/** The figures that are counts of cases or events, each one a drill-down to what it counted. */
export type CountName = {
  [K in keyof StatisticsFigures]: StatisticsFigures[K] extends number ? K : never;
}[keyof StatisticsFigures];
export type RateName = keyof StatisticsFigures['rates'];

/** The counts by section (what came in, handling, stock, discipline), each section in the order offices read it. */
export const countSections: Record<StatisticsSection, readonly CountName[]> = statisticsSections;
export { statisticsSectionNames, type StatisticsSection };
export const countNames: CountName[] = statisticsSectionNames.flatMap((section) => countSections[section]);

/** Where each rate shows: beside the counts it is made of. */
export const rateSections: Record<StatisticsSection, readonly RateName[]> = {
  intake: ['acceptance'],
  handling: ['quickReply', 'satisfaction'],
  stock: [],
  discipline: [],
};

export const rateNames = ['acceptance', 'quickReply', 'satisfaction'] as const satisfies readonly RateName[];

/** The cases one count is made of (钻取), a page at a time; `withheld` accuse the reader's unit and are not listed. */
export type CountedCases = Schemas['StatisticsCountedCases'];
export type CountedCase = CountedCases['items'][number];

export const statisticsKeys = {
  figures: (unit: number | undefined, period: Period | undefined) =>
    ['statistics', unit ?? null, period?.from ?? null, period?.to ?? null] as const,
  cases: (unit: number | undefined, period: Period, drill: Drill, page: number) =>
    ['statistics', unit ?? null, period.from, period.to, 'cases', drill, page] as const,
};

export function fetchStatistics(period: Period, unitId?: number): Promise<Statistics> {
  return answer(api.GET('/api/v1/staff/statistics', { params: { query: { ...period, unitId } } }));
}

export function fetchCountedCases(
  period: Period,
  unitId: number | undefined,
  drill: Drill,
  page: number,
  pageSize: number,
): Promise<CountedCases> {
  return answer(
    api.GET('/api/v1/staff/statistics/cases', {
      params: { query: { ...period, unitId, ...drill, page, pageSize } },
    }),
  );
}

/** A download is a plain link: the language goes in the address, since a link sends no Accept-Language of ours. */
export function statisticsExportUrl(format: ReportFormat, period: Period, unitId?: number): string {
  const query = new URLSearchParams({ ...period, lang: i18n.language });
  if (unitId !== undefined) query.set('unitId', String(unitId));
  return `/api/v1/staff/statistics.${format}?${query.toString()}`;
}
