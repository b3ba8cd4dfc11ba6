import { Card, Empty, Table, Tag, Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { answer, api, type Answer } from '../api';
import { queryKeys } from '../queries';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';
import type { Columns } from '../columns';

/** One e-mail or SMS the case caused, with the SMS centre's delivery receipt when one came. */
export type CaseMail = Answer<'/api/v1/staff/cases/{caseNumber}/mails', 'get'>['mails'][number];

const fetchCaseMails = async (caseNumber: string): Promise<CaseMail[]> =>
  (await answer(api.GET('/api/v1/staff/cases/{caseNumber}/mails', { params: { path: { caseNumber } } })))
    .mails;

/** The case's e-mails; they load again with the case after every command on it. */
function useCaseMails(caseNumber: string) {
  const reportError = useReportError();
  const mails = useQuery({
    queryKey: queryKeys.caseMails(caseNumber),
    queryFn: () => fetchCaseMails(caseNumber),
  });
  useEffect(() => {
    if (mails.error) reportError(mails.error);
  }, [mails.error, reportError]);
  return mails.error ? [] : (mails.data ?? null);
}

/** 告知 by e-mail and SMS: what went out, and what is still being retried, with its last error. */
export function CaseMailsCard({ caseNumber }: { caseNumber: string }) {
  const { t } = useTranslation();
  const mails = useCaseMails(caseNumber);

  const columns: Columns<CaseMail> = [
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
