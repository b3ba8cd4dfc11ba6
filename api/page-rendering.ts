import type { Request, Response } from 'express';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { PageContext } from '../web/pages/layout';
import { toApiError } from './errors';

/** The public pages are rendered on the server with no script at all: old phones, slow networks. */
export const pageContext = (req: Request): PageContext => ({
  t: req.t,
  language: req.language,
  path: req.path,
});

export function sendPage(res: Response, page: ReactElement, status = 200): void {
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(`<!doctype html>${renderToStaticMarkup(page)}`);
}

/** What went wrong, as lines a person can act on. */
export function problemsOf(req: Request, error: unknown): string[] {
  const known = toApiError(error);
  if (!known) throw error;
  return known.details?.map((d) => d.message) ?? [req.t(known.messageKey, known.params)];
}

export const formText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
