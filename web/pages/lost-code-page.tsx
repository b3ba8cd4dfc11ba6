import { ErrorList, FieldProblem, fieldProps, Layout, type PageContext, type Problem } from './layout';

/**
 * 找回查询码: ask with the case number and the phone on record, give the one-time code
 * from the SMS, and see the new access code once, kept as on the receipt. Anonymous
 * complainants read first that there is nothing to prove them by.
 */
/**
 * The case number as typed, for a link back: a lone surrogate (half of an emoji, or junk) would
 * make encodeURIComponent throw, so it becomes U+FFFD as String#toWellFormed does.
 */
const caseParam = (caseNumber: string | undefined) =>
  encodeURIComponent(
    (caseNumber ?? '').replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    ),
  );

export function LostCodePage(props: {
  ctx: PageContext;
  step: 'ask' | 'confirm' | 'issued';
  errors: Problem[];
  caseNumber?: string | undefined;
  requestId?: string | undefined;
  /** What was said after asking: the same whether or not the phone matched. */
  sent?: string | undefined;
  /** The new code, formatted as on the receipt. */
  accessCode?: string | undefined;
}) {
  const { ctx, step, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('lostCode.title')}>
      <ErrorList ctx={ctx} problems={errors} />
      {step === 'ask' ? (
        <>
          <p>{t('lostCode.intro')}</p>
          <p className="notice" id="anonymous-cannot">
            {t('lostCode.anonymousCannot')}
          </p>
          <form method="post" action="/status/lost-code" className="form" autoComplete="off">
            <label>
              {t('fields.caseNumber')}
              <input
                name="caseNumber"
                required
                defaultValue={props.caseNumber}
                placeholder="QL2026-000001"
                {...fieldProps(errors, 'caseNumber')}
              />
            </label>
            <FieldProblem problems={errors} field="caseNumber" />
            <label>
              {t('lostCode.phone')}
              <input
                name="phone"
                required
                inputMode="tel"
                autoComplete="tel"
                {...fieldProps(errors, 'phone')}
              />
            </label>
            <FieldProblem problems={errors} field="phone" />
            <button type="submit">{t('lostCode.send')}</button>
          </form>
        </>
      ) : null}
      {step === 'confirm' ? (
        <>
          {props.sent ? (
            <p className="notice confirmation" role="status" id="code-sent">
              {props.sent}
            </p>
          ) : null}
          <form method="post" action="/status/lost-code/confirm" className="form" autoComplete="off">
            <input type="hidden" name="requestId" value={props.requestId ?? ''} />
            <input type="hidden" name="caseNumber" value={props.caseNumber ?? ''} />
            <label>
              {t('lostCode.code')}
              <input
                name="code"
                required
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={8}
                pattern="[0-9 ]*"
                {...fieldProps(errors, 'code')}
              />
            </label>
            <FieldProblem problems={errors} field="code" />
            <button type="submit">{t('lostCode.confirm')}</button>
          </form>
          <p>
            <a href={`/status/lost-code?case=${caseParam(props.caseNumber)}`}>{t('lostCode.askAgain')}</a>
          </p>
        </>
      ) : null}
      {step === 'issued' ? (
        <>
          <section className="keep-this" aria-labelledby="keep-this-title">
            <h2 id="keep-this-title">{t('receipt.keepThis')}</h2>
            <dl className="receipt">
              <dt>{t('receipt.caseNumber')}</dt>
              <dd id="case-number">{props.caseNumber}</dd>
              <dt>{t('receipt.accessCode')}</dt>
              <dd id="access-code">{props.accessCode}</dd>
            </dl>
            <p className="warning">{t('lostCode.issued')}</p>
          </section>
          <p className="no-print">
            <a className="button" href={`/status?case=${caseParam(props.caseNumber)}`}>
              {t('receipt.checkStatus')}
            </a>
          </p>
        </>
      ) : null}
    </Layout>
  );
}
