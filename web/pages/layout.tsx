import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Language } from '../../api/i18n';

export interface PageContext {
  t: TFunction;
  language: Language;
  /** The current path, so the language switch returns to the same page. */
  path: string;
}

/** The frame of every public page: no JavaScript, one stylesheet, works on old phones and in in-app browsers. */
export function Layout({ ctx, title, children }: { ctx: PageContext; title: string; children: ReactNode }) {
  const { t } = ctx;
  return (
    <html lang={ctx.language}>
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
            <a href={`${ctx.path}?lang=${t('app.otherLanguage')}`} lang={t('app.otherLanguage')}>
              {t('app.switchLanguage')}
            </a>
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

export function ErrorList({ ctx, messages }: { ctx: PageContext; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="errors" role="alert">
      <p>{ctx.t('intake.errorsTitle')}</p>
      <ul>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}
