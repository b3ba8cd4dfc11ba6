import type { Request, Response } from 'express';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { PageContext, Problem } from '../web/pages/layout';
import { toApiError } from './errors';

/** The page's query without the settings the header's switches set. */
function keptQuery(req: Request): string {
  const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  query.delete('lang');
  query.delete('text');
  return query.toString();
}

/** The public pages are rendered on the server with no script at all: old phones, slow networks. */
export const pageContext = (req: Request): PageContext => ({
  t: req.t,
  language: req.language,
  path: req.path,
  query: keptQuery(req),
  reloadable: req.method === 'GET',
  largeText: req.largeText,
});

export function sendPage(res: Response, page: ReactElement, status = 200): void {
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(`<!doctype html>${renderToStaticMarkup(page)}`);
}

/**
 * What went wrong, as lines a person can act on. `fieldOf` names the form's field for a
 * problem the schema found at an API path (none: the problem is said at the top only).
 */
export function problemsOf(
  req: Request,
  error: unknown,
  fieldOf: (path: string) => string | undefined = () => undefined,
): Problem[] {
  const known = toApiError(error);
  if (!known) throw error;
  return (
    known.details?.map((d) => ({ field: fieldOf(d.field), message: d.message })) ?? [
      { message: req.t(known.messageKey, known.params) },
    ]
  );
}

/** A form whose fields have the names the schema checks: a problem at one of `fields` is about that field. */
export const sameNames =
  (...fields: string[]) =>
  (path: string): string | undefined =>
    fields.includes(path) ? path : undefined;

export const formText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
