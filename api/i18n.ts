import i18next, { type TFunction } from 'i18next';
import type { NextFunction, Request, Response } from 'express';
import en from '../web/i18n/en.json';
import zhCN from '../web/i18n/zh-CN.json';
import { vocabulary } from '../domain/vocabulary/names';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

const i18n = i18next.createInstance();
void i18n.init({
  // The names of statuses, clocks, commands, roles and categories come from the domain's vocabulary.
  resources: {
    'zh-CN': { translation: { ...zhCN, ...vocabulary['zh-CN'] } },
    en: { translation: { ...en, ...vocabulary.en } },
  },
  fallbackLng: 'zh-CN',
  initImmediate: false,
  showSupportNotice: false,
  interpolation: { escapeValue: false },
});

export const translatorFor = (language: Language): TFunction => i18n.getFixedT(language);

/** `?lang=` (remembered in a cookie), then the cookie, then Accept-Language; zh-CN first. */
export function pickLanguage(req: Request): Language {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  const cookie = (req.cookies as Record<string, string> | undefined)?.ql_lang;
  for (const candidate of [asked, cookie]) {
    const found = languages.find((l) => l.toLowerCase() === candidate?.toLowerCase());
    if (found) return found;
  }
  const accepted = req.acceptsLanguages('zh-CN', 'zh', 'en');
  return accepted === 'en' ? 'en' : 'zh-CN';
}

declare module 'express-serve-static-core' {
  interface Request {
    language: Language;
    t: TFunction;
  }
}

export function i18nMiddleware(req: Request, res: Response, next: NextFunction): void {
  req.language = pickLanguage(req);
  req.t = translatorFor(req.language);
  if (typeof req.query.lang === 'string') {
    res.cookie('ql_lang', req.language, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000 });
  }
  next();
}
