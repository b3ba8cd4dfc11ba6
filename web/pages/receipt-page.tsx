import { Layout, type PageContext } from './layout';

/** The receipt (回执): shown once, to be written down or photographed. */
export function ReceiptPage({
  ctx,
  caseNumber,
  accessCode,
}: {
  ctx: PageContext;
  caseNumber: string;
  accessCode: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('receipt.title')}>
      <dl className="receipt">
        <dt>{t('receipt.caseNumber')}</dt>
        <dd id="case-number">{caseNumber}</dd>
        <dt>{t('receipt.accessCode')}</dt>
        <dd id="access-code">{accessCode}</dd>
      </dl>
      <p className="warning">{t('receipt.saveThis')}</p>
      <p>
        <a className="button" href={`/status?case=${encodeURIComponent(caseNumber)}`}>
          {t('receipt.checkStatus')}
        </a>
      </p>
    </Layout>
  );
}
