import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** 大字版 on the public pages. */
    largeText: boolean;
  }
}

/** `?text=large` or `?text=standard` (remembered in a cookie, as the language is), then the cookie. */
export function textSizeMiddleware(req: Request, res: Response, next: NextFunction): void {
  const asked = req.query.text;
  if (asked === 'large' || asked === 'standard') {
    res.cookie('ql_text', asked, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000 });
    req.largeText = asked === 'large';
  } else {
    req.largeText = (req.cookies as Record<string, string> | undefined)?.ql_text === 'large';
  }
  next();
}
