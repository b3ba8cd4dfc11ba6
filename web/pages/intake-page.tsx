import { categories } from '../../domain/petition';
import { acceptAttribute } from '../../domain/complainant-files';
import {
  ErrorList,
  FieldProblem,
  fieldProps,
  groupProps,
  Layout,
  type PageContext,
  type Problem,
} from './layout';

export interface UnitOption {
  code: string;
  label: string;
}

/** What the person typed, kept when the form comes back with errors. */
export interface IntakeFormValues {
  unitCode?: string;
  category?: string;
  place?: string;
  summary?: string;
  request?: string;
  identity?: string;
  name?: string;
  phone?: string;
  email?: string;
  /** How the complainant wants to hear of the case (告知方式): `sms`, `email` or `both`. */
  notifyBy?: string;
  /** `qr` when the form was opened from a unit's QR code (码上举报). */
  via?: string;
  qrUnitCode?: string;
  /** `petition` (信访诉求) or `report` (检举控告), asked first. */
  kind?: string;
  accusedName?: string;
  accusedPosition?: string;
  /** `yes` when the accused heads the unit. */
  accusedIsHead?: string;
  submissionKey: string;
}

/**
 * 网上信访: the public intake form, a plain HTML form that works without JavaScript,
 * laid out for a phone first. The named/anonymous choice shows only its own part
 * through CSS (radio `:checked ~`), so there is still no script.
 */
export function IntakePage(props: {
  ctx: PageContext;
  units: UnitOption[];
  values: IntakeFormValues;
  errors: Problem[];
}) {
  const { ctx, units, values, errors } = props;
  const { t } = ctx;
  const anonymous = values.identity === 'anonymous';
  const report = values.kind === 'report';
  return (
    <Layout ctx={ctx} title={t('intake.title')}>
      <p>{t('intake.intro')}</p>
      <ErrorList ctx={ctx} problems={errors} />
      <form method="post" action="/petition" encType="multipart/form-data" className="form intake-form">
        <input type="hidden" name="submissionKey" value={values.submissionKey} />
        {values.via === 'qr' && values.qrUnitCode ? (
          <>
            <input type="hidden" name="via" value="qr" />
            <input type="hidden" name="qrUnitCode" value={values.qrUnitCode} />
            <p className="via-qr">{t('intake.viaQr')}</p>
          </>
        ) : null}
        <fieldset className="kind" {...groupProps(errors, 'kind')}>
          <legend>{t('discipline.intake.kindLegend')}</legend>
          <FieldProblem problems={errors} field="kind" />
          <input type="radio" id="kind-petition" name="kind" value="petition" defaultChecked={!report} />
          <label htmlFor="kind-petition" className="choice">
            {t('discipline.intake.petition')}
          </label>
          <input type="radio" id="kind-report" name="kind" value="report" defaultChecked={report} />
          <label htmlFor="kind-report" className="choice">
            {t('discipline.intake.report')}
          </label>
          <div className="report-part">
            <p className="notice">{t('discipline.intake.reportNotice')}</p>
            <label>
              {t('discipline.intake.accusedName')} <small>{t('discipline.intake.ifKnown')}</small>
              <input
                name="accusedName"
                maxLength={64}
                autoComplete="off"
                defaultValue={values.accusedName}
                {...fieldProps(errors, 'accusedName')}
              />
            </label>
            <FieldProblem problems={errors} field="accusedName" />
            <label>
              {t('discipline.intake.accusedPosition')} <small>{t('discipline.intake.ifKnown')}</small>
              <input
                name="accusedPosition"
                maxLength={64}
                autoComplete="off"
                defaultValue={values.accusedPosition}
                {...fieldProps(errors, 'accusedPosition')}
              />
            </label>
            <FieldProblem problems={errors} field="accusedPosition" />
            <label className="check">
              <input
                type="checkbox"
                name="accusedIsHead"
                value="yes"
                defaultChecked={values.accusedIsHead === 'yes'}
              />{' '}
              {t('discipline.intake.accusedIsHead')}
            </label>
          </div>
        </fieldset>
        <label>
          {report ? t('discipline.intake.placeLabel') : t('fields.unitCode')}{' '}
          <small>{t('intake.unitHint')}</small>
          <select
            name="unitCode"
            required
            defaultValue={values.unitCode ?? ''}
            {...fieldProps(errors, 'unitCode')}
          >
            <option value="">{t('intake.chooseUnit')}</option>
            {units.map((unit) => (
              <option key={unit.code} value={unit.code}>
                {unit.label}
              </option>
            ))}
          </select>
        </label>
        <FieldProblem problems={errors} field="unitCode" />
        <label>
          {t('fields.category')}
          <select
            name="category"
            required
            defaultValue={values.category ?? ''}
            {...fieldProps(errors, 'category')}
          >
            <option value="">{t('intake.chooseCategory')}</option>
            {categories.map((category) => (
              <option key={category} value={category}>
                {t(`category.${category}`)}
              </option>
            ))}
          </select>
        </label>
        <FieldProblem problems={errors} field="category" />
        <label>
          {t('fields.place')}
          <input
            name="place"
            required
            minLength={2}
            maxLength={200}
            defaultValue={values.place}
            {...fieldProps(errors, 'place')}
          />
        </label>
        <FieldProblem problems={errors} field="place" />
        <label>
          {t('fields.summary')} <small>{t('intake.summaryHint')}</small>
          <textarea
            name="summary"
            required
            minLength={10}
            maxLength={5000}
            rows={6}
            defaultValue={values.summary}
            {...fieldProps(errors, 'summary')}
          />
        </label>
        <FieldProblem problems={errors} field="summary" />
        <label>
          {t('fields.request')} <small>{t('intake.requestHint')}</small>
          <textarea
            name="request"
            required
            minLength={2}
            maxLength={2000}
            rows={3}
            defaultValue={values.request}
            {...fieldProps(errors, 'request')}
          />
        </label>
        <FieldProblem problems={errors} field="request" />
        <fieldset className="identity" {...groupProps(errors, 'identity')}>
          <legend>{t('fields.anonymous')}</legend>
          <FieldProblem problems={errors} field="identity" />
          <input type="radio" id="identity-named" name="identity" value="named" defaultChecked={!anonymous} />
          <label htmlFor="identity-named" className="choice">
            {t('intake.named')}
          </label>
          <input
            type="radio"
            id="identity-anonymous"
            name="identity"
            value="anonymous"
            defaultChecked={anonymous}
          />
          <label htmlFor="identity-anonymous" className="choice">
            {t('intake.anonymous')}
          </label>
          <div className="named-part">
            <p className="notice">{t('intake.namedNotice')}</p>
            <label>
              {t('fields.complainant.name')}
              <input
                name="name"
                maxLength={64}
                autoComplete="name"
                defaultValue={values.name}
                {...fieldProps(errors, 'name')}
              />
            </label>
            <FieldProblem problems={errors} field="name" />
            <label>
              {t('fields.complainant.phone')}
              <input
                name="phone"
                type="tel"
                inputMode="tel"
                maxLength={20}
                autoComplete="tel"
                defaultValue={values.phone}
                {...fieldProps(errors, 'phone')}
              />
            </label>
            <FieldProblem problems={errors} field="phone" />
            <label>
              {t('fields.complainant.email')} <small>{t('intake.emailHint')}</small>
              <input
                name="email"
                type="email"
                maxLength={254}
                autoComplete="email"
                defaultValue={values.email}
                {...fieldProps(errors, 'email')}
              />
            </label>
            <FieldProblem problems={errors} field="email" />
            <fieldset className="notify-by" {...groupProps(errors, 'notifyBy')}>
              <legend>{t('intake.notifyBy')}</legend>
              <FieldProblem problems={errors} field="notifyBy" />
              {(['sms', 'email', 'both'] as const).map((channel) => (
                <label key={channel} className="choice">
                  <input
                    type="radio"
                    name="notifyBy"
                    value={channel}
                    defaultChecked={(values.notifyBy ?? 'sms') === channel}
                  />{' '}
                  {t(`intake.notifyBy_${channel}`)}
                </label>
              ))}
            </fieldset>
          </div>
          <div className="anonymous-part">
            <p className="notice">{t('intake.anonymousNotice')}</p>
          </div>
        </fieldset>
        <label>
          {t('intake.attachments')} <small>{t('intake.attachmentsHint')}</small>
          <input
            type="file"
            name="attachments"
            multiple
            accept={acceptAttribute}
            {...fieldProps(errors, 'attachments')}
          />
        </label>
        <FieldProblem problems={errors} field="attachments" />
        <button type="submit">{t('intake.submit')}</button>
      </form>
    </Layout>
  );
}
