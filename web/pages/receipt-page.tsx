import { Layout, type PageContext } from './layout';

/**
 * The receipt (回执): shown once, to be written down, photographed or printed.
 * The 请保存 block holds all a person needs to come back, and prints on its own.
 */
export function ReceiptPage({
  ctx,
  caseNumber,
  accessCode,
  statusUrl,
  attachments = [],
}: {
  ctx: PageContext;
  caseNumber: string;
  accessCode: string;
  statusUrl?: string;
  /** Names of the files received with the petition. */
  attachments?: string[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('receipt.title')}>
      <section className="keep-this" aria-labelledby="keep-this-title">
        <h2 id="keep-this-title">{t('receipt.keepThis')}</h2>
        <dl className="receipt">
          <dt>{t('receipt.caseNumber')}</dt>
          <dd id="case-number">{caseNumber}</dd>
          <dt>{t('receipt.accessCode')}</dt>
          <dd id="access-code">{accessCode}</dd>
        </dl>
        {statusUrl ? <p className="keep-where">{t('receipt.whereToCheck', { url: statusUrl })}</p> : null}
        <p className="warning">{t('receipt.saveThis')}</p>
        <ul className="keep-facts">
          <li>{t('receipt.cannotRecover')}</li>
          <li>{t('receipt.neverEmailed')}</li>
        </ul>
      </section>
      {attachments.length > 0 ? (
        <section className="received-files">
          <h2>{t('receipt.attachments', { count: attachments.length })}</h2>
          <ul>
            {attachments.map((name, index) => (
              <li key={`${index}-${name}`}>{name}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="no-print">
        <a className="button" href={`/status?case=${encodeURIComponent(caseNumber)}`}>
          {t('receipt.checkStatus')}
        </a>
      </p>
    </Layout>
  );
}
