import { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import type { LedgerRepository } from '../../db/ledger';
import { QrPosterPage, QrUnknownUnitPage } from '../../web/pages/qr-poster-page';
import { pageContext, sendPage } from '../page-rendering';
import { unitFullName } from './public-pages';

/** What a unit's QR code opens: the intake form with that unit chosen, marked as come by QR (码上举报). */
export const qrTarget = (publicUrl: string, unitCode: string) =>
  `${publicUrl.replace(/\/+$/, '')}/?unit=${encodeURIComponent(unitCode)}&via=qr`;

const qrOptions = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** 码上举报: each unit's QR code as SVG or PNG, and an A4 poster to print and put up. */
export function qrCodeRoutes(deps: { ledger: () => LedgerRepository; publicUrl: string }): Router {
  const router = Router();

  const findUnit = async (req: Request, res: Response, unitCode: string) => {
    const units = await deps.ledger().units();
    const unit = units.find((u) => u.code === unitCode);
    if (!unit) {
      sendPage(res, QrUnknownUnitPage({ ctx: pageContext(req), unitCode }), 404);
      return undefined;
    }
    return { unit, fullName: unitFullName(units, unit) };
  };

  router.get('/qr/:file', async (req, res, next) => {
    const match = /^([A-Za-z0-9_-]{1,32})\.(svg|png)$/.exec(req.params.file);
    if (!match) return next();
    const [, unitCode = '', format] = match;
    const found = await findUnit(req, res, unitCode);
    if (!found) return;
    const target = qrTarget(deps.publicUrl, found.unit.code);
    res.set('Cache-Control', 'public, max-age=3600');
    if (format === 'svg') {
      res.type('image/svg+xml').send(await QRCode.toString(target, { ...qrOptions, type: 'svg' }));
    } else {
      res.type('image/png').send(await QRCode.toBuffer(target, { ...qrOptions, type: 'png', width: 600 }));
    }
  });

  router.get('/qr/:unitCode/poster', async (req, res) => {
    const found = await findUnit(req, res, req.params.unitCode);
    if (!found) return;
    const target = qrTarget(deps.publicUrl, found.unit.code);
    sendPage(
      res,
      QrPosterPage({
        ctx: pageContext(req),
        unitName: found.fullName,
        qrSvg: await QRCode.toString(target, { ...qrOptions, type: 'svg' }),
        target,
      }),
    );
  });

  return router;
}
