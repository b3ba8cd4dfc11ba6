import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Language } from '../../api/i18n';

export interface PageContext {
  t: TFunction;
  language: Language;
  /** The current path, so the language switch returns to the same page. */
  path: string;
  /** The rest of the page's query (a QR code's unit, a case number), kept by the switches. */
  query: string;
  /** Whether the page was asked for with GET: the switches in the header reload it, which would lose a form's answer. */
  reloadable: boolean;
  /** 大字版: larger text and touch targets, chosen in the header and remembered in a cookie. */
  largeText: boolean;
}

/** What is wrong with a form, and the field it is about when there is one. */
export interface Problem {
  field?: string | undefined;
  message: string;
}

/** The id of a form field, so the summary at the top can link to it. */
export const fieldId = (field: string) => `field-${field}`;
const problemId = (field: string) => `${field}-problem`;

/**
 * The attributes that tie a field to its problem: `aria-invalid` and `aria-describedby` pointing at
 * the message shown next to it (with `hint`, the id of a hint that describes the field too).
 */
export function fieldProps(problems: Problem[], field: string, hint?: string) {
  const invalid = problems.some((problem) => problem.field === field);
  const describedBy = [invalid ? problemId(field) : undefined, hint].filter(Boolean).join(' ');
  return {
    id: fieldId(field),
    ...(invalid ? { 'aria-invalid': true as const } : {}),
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
}

/** For a group of radios (a fieldset): linkable from the summary and described by its problem; the radios carry no `aria-invalid`. */
export function groupProps(problems: Problem[], field: string) {
  const { id, 'aria-describedby': describedBy } = fieldProps(problems, field);
  return { id, ...(describedBy ? { 'aria-describedby': describedBy } : {}) };
}

/** The messages about one field, shown next to it. */
export function FieldProblem({ problems, field }: { problems: Problem[]; field: string }) {
  const messages = problems.filter((problem) => problem.field === field).map((problem) => problem.message);
  if (messages.length === 0) return null;
  return (
    <p className="field-problem" id={problemId(field)}>
      {messages.join(' ')}
    </p>
  );
}

/** The same page with one setting changed, everything else in its address kept. */
function switched(ctx: PageContext, setting: 'lang' | 'text', value: string): string {
  const query = new URLSearchParams(ctx.query);
  query.set(setting, value);
  return `${ctx.path}?${query.toString()}`;
}

/** The frame of every public page: no JavaScript, one stylesheet, works on old phones and in in-app browsers. */
export function Layout({ ctx, title, children }: { ctx: PageContext; title: string; children: ReactNode }) {
  const { t } = ctx;
  return (
    <html lang={ctx.language} className={ctx.largeText ? 'large-text' : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('app.name')}`}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <header className="site-header">
          <a className="brand" href="/">
            {t('app.name')} <small>{t('app.tagline')}</small>
          </a>
          <nav>
            <a href="/">{t('nav.petition')}</a>
            <a href="/status">{t('nav.status')}</a>
            <a href="/statistics">{t('nav.statistics')}</a>
            {ctx.reloadable ? (
              <>
                <a href={switched(ctx, 'lang', t('app.otherLanguage'))} lang={t('app.otherLanguage')}>
                  {t('app.switchLanguage')}
                </a>
                <a href={switched(ctx, 'text', ctx.largeText ? 'standard' : 'large')} id="text-size">
                  {ctx.largeText ? t('textSize.standard') : t('textSize.large')}
                </a>
              </>
            ) : null}
          </nav>
        </header>
        <main>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/**
 * What to correct, at the top of the page: each problem about a field links to it (the message
 * is also shown next to the field); a problem about no field is said here only.
 */
export function ErrorList({ ctx, problems }: { ctx: PageContext; problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="errors" role="alert">
      <p>{ctx.t('intake.errorsTitle')}</p>
      <ul>
        {problems.map(({ field, message }) => (
          <li key={`${field ?? ''}:${message}`}>
            {field ? <a href={`#${fieldId(field)}`}>{message}</a> : message}
          </li>
        ))}
      </ul>
    </div>
  );
}
