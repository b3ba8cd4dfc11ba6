import type { ReactNode } from 'react';
import { formatOfficeTime } from '../../domain/time-zone';
import { acceptAttribute } from '../../domain/complainant-files';
import type { CaseStatusView } from '../../api/case-status';
import {
  ErrorList,
  FieldProblem,
  fieldProps,
  groupProps,
  Layout,
  type PageContext,
  type Problem,
} from './layout';
import { WrittenNoticeDownloads, type DownloadableNotice } from './written-notice-downloads';

/** The case number and access code, carried in every form's body (never in a URL). */
function CaseForm(props: {
  action: string;
  view: CaseStatusView;
  accessCode: string;
  multipart?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      method="post"
      action={props.action}
      className="form"
      autoComplete="off"
      encType={props.multipart ? 'multipart/form-data' : undefined}
    >
      <input type="hidden" name="caseNumber" value={props.view.caseNumber} />
      <input type="hidden" name="accessCode" value={props.accessCode} />
      {props.children}
    </form>
  );
}

/** 查询办理进度: the case in plain words, the office's replies, and what the complainant may do now. */
export function StatusPage(props: {
  ctx: PageContext;
  caseNumber?: string;
  view?: CaseStatusView;
  /** Written notices (文书) the complainant may download. */
  notices?: DownloadableNotice[];
  /** The code the case was opened with, carried on to the action forms. */
  accessCode?: string;
  /** What was just done, on the page shown after an action. */
  confirmation?: string | undefined;
  errors: Problem[];
  /** What was typed, shown again when an action failed. */
  form?: Record<string, unknown>;
}) {
  const { ctx, view, errors } = props;
  const { t } = ctx;
  const typed = (name: string) => {
    const value = props.form?.[name];
    return typeof value === 'string' ? value : undefined;
  };
  return (
    <Layout ctx={ctx} title={t('status_page.title')}>
      {view ? (
        <section className="case-status">
          {props.confirmation ? (
            <p className="notice confirmation" role="status" id="confirmation">
              {props.confirmation}
            </p>
          ) : null}
          <ErrorList ctx={ctx} problems={errors} />
          <dl>
            <dt>{t('fields.caseNumber')}</dt>
            <dd id="case-number">{view.caseNumber}</dd>
            <dt>{t('status_page.current')}</dt>
            <dd id="case-status">{view.statusLabel}</dd>
            <dt>{t('status_page.next')}</dt>
            <dd id="next-step">{view.nextStep}</dd>
            {view.byWhen ? (
              <>
                <dt>{t('status_page.byWhen')}</dt>
                <dd id="by-when">{view.byWhen}</dd>
              </>
            ) : null}
            <dt>{t('status_page.received')}</dt>
            <dd>{formatOfficeTime(view.receivedAt)}</dd>
            {view.unitName ? (
              <>
                <dt>{t('status_page.unit')}</dt>
                <dd>{view.unitName}</dd>
              </>
            ) : null}
          </dl>

          {view.replies.length > 0 ? (
            <>
              <h2>{t('status_page.replies')}</h2>
              {view.replies.map((reply) => (
                <article key={reply.seq} className="reply" id={`reply-${reply.seq}`}>
                  <h3>
                    {reply.label}
                    {reply.office ? ` · ${reply.office}` : ''}
                  </h3>
                  <p>
                    <time dateTime={reply.occurredAt}>{formatOfficeTime(reply.occurredAt)}</time>
                  </p>
                  <p className="reply-text">{reply.text}</p>
                </article>
              ))}
            </>
          ) : null}

          {view.canEvaluate ? (
            <>
              <h2>{t('status_page.evaluateTitle')}</h2>
              <p id="evaluate-question">{t('status_page.evaluateIntro')}</p>
              <CaseForm action="/status/evaluation" view={view} accessCode={props.accessCode ?? ''}>
                <fieldset aria-labelledby="evaluate-question">
                  <label>
                    <input type="radio" name="satisfied" value="yes" required /> {t('status_page.satisfied')}
                  </label>
                  <label>
                    <input
                      type="radio"
                      name="satisfied"
                      value="no"
                      required
                      defaultChecked={typed('satisfied') === 'no'}
                    />{' '}
                    {t('status_page.notSatisfied')}
                  </label>
                </fieldset>
                <label>
                  {t('status_page.evaluateReason')}
                  <textarea
                    name="comment"
                    rows={3}
                    maxLength={2000}
                    defaultValue={typed('comment')}
                    {...fieldProps(errors, 'evaluation-comment')}
                  />
                </label>
                <FieldProblem problems={errors} field="evaluation-comment" />
                <button type="submit">{t('status_page.evaluateSubmit')}</button>
              </CaseForm>
            </>
          ) : null}

          {view.canRequestReview && view.reviewWindowEndsOn ? (
            <>
              <h2>{t('status_page.reviewTitle')}</h2>
              <p id="review-window">{t('status_page.reviewHow', { date: view.reviewWindowEndsOn })}</p>
              {view.status === 'unsatisfied' ? (
                <CaseForm action="/status/review-request" view={view} accessCode={props.accessCode ?? ''}>
                  <label>
                    {t('status_page.reviewReason')}
                    <textarea
                      name="reason"
                      rows={4}
                      required
                      maxLength={5000}
                      defaultValue={typed('reason')}
                      {...fieldProps(errors, 'review-reason')}
                    />
                  </label>
                  <FieldProblem problems={errors} field="review-reason" />
                  <button type="submit">{t('status_page.reviewSubmit')}</button>
                </CaseForm>
              ) : null}
            </>
          ) : null}

          {view.reReviewWindowEndsOn ? (
            <p id="re-review-window">{t('status_page.reReviewHow', { date: view.reReviewWindowEndsOn })}</p>
          ) : null}

          {view.lookBackOpen ? (
            <>
              <h2>{t('status_page.lookBackTitle')}</h2>
              <p id="look-back-question">{t('status_page.lookBackQuestion')}</p>
              <CaseForm action="/status/look-back" view={view} accessCode={props.accessCode ?? ''}>
                <fieldset aria-labelledby="look-back-question" {...groupProps(errors, 'look-back-holds')}>
                  <FieldProblem problems={errors} field="look-back-holds" />
                  <label>
                    <input type="radio" name="holds" value="yes" required /> {t('status_page.lookBackHolds')}
                  </label>
                  <label>
                    <input type="radio" name="holds" value="no" required />{' '}
                    {t('status_page.lookBackNotHolds')}
                  </label>
                </fieldset>
                <label>
                  {t('status_page.lookBackComment')}
                  <textarea
                    name="comment"
                    rows={3}
                    maxLength={2000}
                    defaultValue={typed('comment')}
                    {...fieldProps(errors, 'look-back-comment')}
                  />
                </label>
                <FieldProblem problems={errors} field="look-back-comment" />
                <button type="submit">{t('status_page.lookBackSubmit')}</button>
              </CaseForm>
            </>
          ) : null}

          <WrittenNoticeDownloads
            ctx={ctx}
            caseNumber={view.caseNumber}
            accessCode={props.accessCode ?? ''}
            notices={props.notices ?? []}
          />

          <h2>{t('status_page.messages')}</h2>
          {view.messages.length > 0 ? (
            <ol className="messages">
              {view.messages.map((message) => (
                <li key={message.seq}>
                  <time dateTime={message.occurredAt}>{formatOfficeTime(message.occurredAt)}</time>
                  {message.recordedByOffice ? ` (${t('status_page.recordedByOffice')})` : ''}
                  <p>{message.text}</p>
                  {message.attachments.length > 0 ? (
                    <ul>
                      {message.attachments.map((a, i) => (
                        <li key={i}>{a.fileName}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('status_page.noMessages')}</p>
          )}
          {view.canSendMessage ? (
            <CaseForm action="/status/message" view={view} accessCode={props.accessCode ?? ''} multipart>
              <label>
                {t('status_page.messageText')}
                <textarea
                  name="text"
                  rows={4}
                  required
                  maxLength={5000}
                  defaultValue={typed('text')}
                  {...fieldProps(errors, 'message-text')}
                />
              </label>
              <FieldProblem problems={errors} field="message-text" />
              <label>
                {t('status_page.messageFiles')}
                <input type="file" name="files" multiple accept={acceptAttribute} />
              </label>
              <p className="hint">{t('status_page.messageFilesHint')}</p>
              <button type="submit">{t('status_page.messageSubmit')}</button>
            </CaseForm>
          ) : null}

          <h2>{t('status_page.timeline')}</h2>
          <ol className="timeline">
            {view.timeline.map((entry) => (
              <li key={entry.seq}>
                <time dateTime={entry.occurredAt}>{formatOfficeTime(entry.occurredAt)}</time> {entry.label}
              </li>
            ))}
          </ol>
          <CaseForm action="/status" view={view} accessCode={props.accessCode ?? ''}>
            <button type="submit">{t('status_page.refresh')}</button>
          </CaseForm>
        </section>
      ) : (
        <>
          <p>{t('status_page.intro')}</p>
          <ErrorList ctx={ctx} problems={errors} />
          <form method="post" action="/status" className="form" autoComplete="off">
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
              {t('fields.accessCode')}
              <input name="accessCode" required inputMode="numeric" {...fieldProps(errors, 'accessCode')} />
            </label>
            <FieldProblem problems={errors} field="accessCode" />
            <button type="submit">{t('status_page.lookup')}</button>
          </form>
          <p className="notice">
            <a href="/status/lost-code" id="lost-code">
              {t('status_page.lostCode')}
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}

/** A form sent too often from one address: the page says when to try again. */
export function TooManyRequestsPage(props: { ctx: PageContext; message: string }) {
  return (
    <Layout ctx={props.ctx} title={props.ctx.t('status_page.tooManyTitle')}>
      <ErrorList ctx={props.ctx} problems={[{ message: props.message }]} />
    </Layout>
  );
}
