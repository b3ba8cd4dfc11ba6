import { formatOfficeTime } from '../../domain/time';
import type { CaseStatusView } from '../../api/case-status';
import { ErrorList, Layout, type PageContext } from './layout';

/** 查询办理进度: look a case up by number and access code (sent by POST, never in a URL). */
export function StatusPage(props: {
  ctx: PageContext;
  caseNumber?: string;
  view?: CaseStatusView;
  errors: string[];
}) {
  const { ctx, view, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('status_page.title')}>
      {view ? (
        <section className="case-status">
          <dl>
            <dt>{t('fields.caseNumber')}</dt>
            <dd id="case-number">{view.caseNumber}</dd>
            <dt>{t('status_page.current')}</dt>
            <dd id="case-status">{view.statusLabel}</dd>
            <dt>{t('status_page.next')}</dt>
            <dd>{view.nextStep}</dd>
            <dt>{t('status_page.received')}</dt>
            <dd>{formatOfficeTime(view.receivedAt)}</dd>
            {view.unitName ? (
              <>
                <dt>{t('status_page.unit')}</dt>
                <dd>{view.unitName}</dd>
              </>
            ) : null}
          </dl>
          <h2>{t('status_page.timeline')}</h2>
          <ol className="timeline">
            {view.timeline.map((entry) => (
              <li key={entry.seq}>
                <time dateTime={entry.occurredAt}>{formatOfficeTime(entry.occurredAt)}</time> {entry.label}
              </li>
            ))}
          </ol>
        </section>
      ) : (
        <>
          <p>{t('status_page.intro')}</p>
          <ErrorList ctx={ctx} messages={errors} />
          <form method="post" action="/status" className="form" autoComplete="off">
            <label>
              {t('fields.caseNumber')}
              <input name="caseNumber" required defaultValue={props.caseNumber} placeholder="QL2026-000001" />
            </label>
            <label>
              {t('fields.accessCode')}
              <input name="accessCode" required inputMode="numeric" />
            </label>
            <button type="submit">{t('status_page.lookup')}</button>
          </form>
          <p className="notice">{t('status_page.lostCode')}</p>
        </>
      )}
    </Layout>
  );
}
