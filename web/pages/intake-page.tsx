import { categories } from '../../domain/petition';
import { ErrorList, Layout, type PageContext } from './layout';

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
  submissionKey: string;
}

/** 网上信访: the public intake form, a plain HTML form that works without JavaScript. */
export function IntakePage(props: {
  ctx: PageContext;
  units: UnitOption[];
  values: IntakeFormValues;
  errors: string[];
}) {
  const { ctx, units, values, errors } = props;
  const { t } = ctx;
  const anonymous = values.identity === 'anonymous';
  return (
    <Layout ctx={ctx} title={t('intake.title')}>
      <p>{t('intake.intro')}</p>
      <ErrorList ctx={ctx} messages={errors} />
      <form method="post" action="/petition" className="form">
        <input type="hidden" name="submissionKey" value={values.submissionKey} />
        <label>
          {t('fields.unitCode')} <small>{t('intake.unitHint')}</small>
          <select name="unitCode" required defaultValue={values.unitCode ?? ''}>
            <option value="">{t('intake.chooseUnit')}</option>
            {units.map((unit) => (
              <option key={unit.code} value={unit.code}>
                {unit.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fields.category')}
          <select name="category" required defaultValue={values.category ?? ''}>
            <option value="">{t('intake.chooseCategory')}</option>
            {categories.map((category) => (
              <option key={category} value={category}>
                {t(`categories.${category}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fields.place')}
          <input name="place" required minLength={2} maxLength={200} defaultValue={values.place} />
        </label>
        <label>
          {t('fields.summary')} <small>{t('intake.summaryHint')}</small>
          <textarea
            name="summary"
            required
            minLength={10}
            maxLength={5000}
            rows={6}
            defaultValue={values.summary}
          />
        </label>
        <label>
          {t('fields.request')} <small>{t('intake.requestHint')}</small>
          <textarea
            name="request"
            required
            minLength={2}
            maxLength={2000}
            rows={3}
            defaultValue={values.request}
          />
        </label>
        <fieldset>
          <legend>{t('fields.anonymous')}</legend>
          <label className="inline">
            <input type="radio" name="identity" value="named" defaultChecked={!anonymous} />{' '}
            {t('intake.named')}
          </label>
          <p className="notice">{t('intake.namedNotice')}</p>
          <label className="inline">
            <input type="radio" name="identity" value="anonymous" defaultChecked={anonymous} />{' '}
            {t('intake.anonymous')}
          </label>
          <p className="notice">{t('intake.anonymousNotice')}</p>
        </fieldset>
        <fieldset>
          <legend>{t('intake.identityLegend')}</legend>
          <label>
            {t('fields.complainant.name')}
            <input name="name" maxLength={64} autoComplete="name" defaultValue={values.name} />
          </label>
          <label>
            {t('fields.complainant.phone')}
            <input name="phone" type="tel" maxLength={20} autoComplete="tel" defaultValue={values.phone} />
          </label>
          <label>
            {t('fields.complainant.email')}
            <input
              name="email"
              type="email"
              maxLength={254}
              autoComplete="email"
              defaultValue={values.email}
            />
          </label>
        </fieldset>
        <button type="submit">{t('intake.submit')}</button>
      </form>
    </Layout>
  );
}
