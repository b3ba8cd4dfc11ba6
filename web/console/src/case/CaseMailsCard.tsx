import { Card, Empty, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import i18n from '../i18n';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';

/** One e-mail or SMS the case caused, as `GET /api/v1/staff/cases/:n/mails` lists it. */
export interface CaseMail {
  channel: 'email' | 'sms';
  /** The e-mail's subject, or `sms:<template>`. */
  subject: string;
  /** Masked, e.g. `w***@example.cn` or `138****1234`. */
  recipient: string;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  lastAttemptAt: string | null;
  lastError: string | null;
  /** The SMS centre's delivery receipt (DELIVRD, UNDELIV …), when one came. */
  receipt: string | null;
}

async function fetchCaseMails(caseNumber: string): Promise<CaseMail[]> {
  const response = await fetch(`/api/v1/staff/cases/${encodeURIComponent(caseNumber)}/mails`, {
    headers: { Accept: 'application/json', 'Accept-Language': i18n.language },
  });
  const body = (await response.json().catch(() => undefined)) as
    { mails?: CaseMail[]; error?: { code: string; message: string } } | undefined;
  if (!response.ok || !body?.mails) {
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'http',
      body?.error?.message ?? i18n.t('errors.http', { status: response.status }),
    );
  }
  return body.mails;
}

/** The case's e-mails, fetched when the case changes. */
function useCaseMails(caseNumber: string, version: unknown) {
  const reportError = useReportError();
  const [mails, setMails] = useState<CaseMail[] | null>(null);
  useEffect(() => {
    let current = true;
    fetchCaseMails(caseNumber).then(
      (found) => current && setMails(found),
      (error: unknown) => {
        reportError(error);
        if (current) setMails([]);
      },
    );
    return () => {
      current = false;
    };
  }, [caseNumber, version, reportError]);
  return mails;
}

/** 告知 by e-mail and SMS: what went out, and what is still being retried, with its last error. */
export function CaseMailsCard({ caseNumber, version }: { caseNumber: string; version?: unknown }) {
  const { t } = useTranslation();
  const mails = useCaseMails(caseNumber, version);

  const columns: TableColumnsType<CaseMail> = [
    {
      title: t('notices.channel'),
      dataIndex: 'channel',
      render: (channel: CaseMail['channel']) => <Tag>{t(`notices.channel_${channel}`)}</Tag>,
    },
    { title: t('caseMails.subject'), dataIndex: 'subject' },
    { title: t('caseMails.recipient'), dataIndex: 'recipient' },
    {
      title: t('caseMails.createdAt'),
      dataIndex: 'createdAt',
      render: (createdAt: string) => formatShanghai(createdAt),
    },
    {
      title: t('caseMails.sentAt'),
      dataIndex: 'sentAt',
      render: (sentAt: string | null, mail) =>
        sentAt ? (
          formatShanghai(sentAt)
        ) : (
          <Tag color={mail.lastError ? 'error' : 'processing'}>
            {mail.lastError ? t('caseMails.retrying') : t('caseMails.pending')}
          </Tag>
        ),
    },
    { title: t('caseMails.attempts'), dataIndex: 'attempts', align: 'right' },
    {
      title: t('notices.receipt'),
      dataIndex: 'receipt',
      render: (receipt: string | null) =>
        receipt ? <Tag color={receipt === 'DELIVRD' ? 'success' : 'warning'}>{receipt}</Tag> : '—',
    },
    {
      title: t('caseMails.lastError'),
      dataIndex: 'lastError',
      render: (lastError: string | null, mail) =>
        lastError ? (
          <Tooltip title={mail.lastAttemptAt ? formatShanghai(mail.lastAttemptAt) : undefined}>
            <span style={{ wordBreak: 'break-word' }}>{lastError}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card title={t('caseMails.title')} size="small" loading={mails === null}>
      {mails?.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseMails.none')} />
      ) : (
        <Table<CaseMail>
          size="small"
          pagination={false}
          rowKey={(mail) => `${mail.createdAt}/${mail.channel}/${mail.subject}/${mail.recipient}`}
          dataSource={mails ?? []}
          columns={columns}
          scroll={{ x: true }}
        />
      )}
    </Card>
  );
}
