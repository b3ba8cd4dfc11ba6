import { categories, channels, type Category, type Channel } from '../api';
import { countNames, type CountName } from './api';

/**
 * A drill-down (查看案件) from a count to the cases it counted: which count, and the part
 * of it (a category, a channel, a child unit's subtree). It lives in the page's address,
 * so a case opened from the list comes back to the same list.
 */
export interface Drill {
  figure: CountName;
  category?: Category;
  channel?: Channel;
  childUnitId?: number;
}

const drillKeys = ['figure', 'category', 'channel', 'childUnitId', 'page'] as const;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((v) => v === value);

export function drillOf(params: URLSearchParams): Drill | undefined {
  const figure = oneOf(countNames, params.get('figure'));
  if (!figure) return undefined;
  const childUnitId = Number(params.get('childUnitId'));
  return {
    figure,
    category: oneOf(categories, params.get('category')),
    channel: oneOf(channels, params.get('channel')),
    childUnitId: Number.isInteger(childUnitId) && childUnitId > 0 ? childUnitId : undefined,
  };
}

export function withoutDrill(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of drillKeys) next.delete(key);
  return next;
}

/** The page's address with this drill-down open on its first page. */
export function drillSearch(params: URLSearchParams, drill: Drill): string {
  const next = withoutDrill(params);
  next.set('figure', drill.figure);
  if (drill.category) next.set('category', drill.category);
  if (drill.channel) next.set('channel', drill.channel);
  if (drill.childUnitId !== undefined) next.set('childUnitId', String(drill.childUnitId));
  return `?${next.toString()}`;
}
