import type { PageContext } from './layout';

/** A written notice the complainant may download from the status page. */
export interface DownloadableNotice {
  id: number;
  title: string;
  documentNumber: string;
  issuedOn: string;
}

/**
 * 文书下载: the notices addressed to the complainant, each a small form that carries the
 * case number and access code in its body (never in a URL) and answers with the file.
 */
export function WrittenNoticeDownloads(props: {
  ctx: PageContext;
  caseNumber: string;
  accessCode: string;
  notices: DownloadableNotice[];
}) {
  const { t } = props.ctx;
  if (props.notices.length === 0) return null;
  return (
    <>
      <h2>{t('writtenNotices.statusPage.title')}</h2>
      <ul className="written-notices">
        {props.notices.map((notice) => (
          <li key={notice.id} id={`written-notice-${notice.id}`}>
            <form method="post" action="/status/written-notice" autoComplete="off">
              <input type="hidden" name="caseNumber" value={props.caseNumber} />
              <input type="hidden" name="accessCode" value={props.accessCode} />
              <input type="hidden" name="noticeId" value={notice.id} />
              <span className="notice-title">
                {notice.title}（{notice.documentNumber}，{notice.issuedOn}）
              </span>{' '}
              <button type="submit" name="format" value="pdf">
                {t('writtenNotices.statusPage.downloadPdf')}
              </button>{' '}
              <button type="submit" name="format" value="docx">
                {t('writtenNotices.statusPage.downloadDocx')}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}
