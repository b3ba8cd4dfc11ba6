import { App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchLikelyRepeats, takeAction, type CaseRecord, type RepeatCandidate } from '../../api';
import { BacklogTag } from '../../components/BacklogTags';
import { CaseLink } from '../../components/CaseLink';
import { StatusTag } from '../../components/CaseTags';
import { queryKeys } from '../../queries';
import { formatShanghai } from '../../time';
import { useReportError, useReportFailure } from '../../useReportError';
import { checkedColumns } from '../../columns';

interface Row {
  key: string;
  label: string;
  mine: string;
  theirs: string;
}

/** This petition and an open case, field by field, with how alike they are and the button to join. */
function Candidate({
  record,
  candidate,
  onJoin,
}: {
  record: CaseRecord;
  candidate: RepeatCandidate;
  onJoin: () => void;
}) {
  const { t } = useTranslation();
  const rows: Row[] = [
    { key: 'unit', label: t('ledger.unit'), mine: record.unit.name, theirs: candidate.unit.name },
    { key: 'place', label: t('case.place'), mine: record.place, theirs: candidate.place },
    { key: 'summary', label: t('case.summary'), mine: record.summary, theirs: candidate.summary },
    { key: 'request', label: t('case.request'), mine: record.request, theirs: candidate.request },
    {
      key: 'receivedAt',
      label: t('ledger.receivedAt'),
      mine: formatShanghai(record.receivedAt),
      theirs: formatShanghai(candidate.receivedAt),
    },
  ];
  return (
    <Card
      size="small"
      type="inner"
      aria-label={t('repeats.candidate', { caseNumber: candidate.caseNumber })}
      title={
        <Space wrap>
          <CaseLink caseNumber={candidate.caseNumber} />
          <StatusTag status={candidate.status} />
          {candidate.backlog && <BacklogTag />}
          <Tag color="blue">{t('repeats.score', { percent: Math.round(candidate.score * 100) })}</Tag>
          <Tag color={candidate.sameComplainant ? 'green' : 'default'}>
            {candidate.sameComplainant ? t('repeats.sameComplainant') : t('repeats.otherComplainant')}
          </Tag>
          {candidate.reasons
            .filter((reason) => reason !== 'same_complainant')
            .map((reason) => (
              <Tag key={reason}>{t(`repeats.reason.${reason}`, { defaultValue: reason })}</Tag>
            ))}
          {candidate.repeatCount > 0 && (
            <span>{t('repeats.repeatCount', { count: candidate.repeatCount })}</span>
          )}
        </Space>
      }
      extra={
        <Button type="primary" danger onClick={onJoin}>
          {t('repeats.join')}
        </Button>
      }
    >
      <Table<Row>
        size="small"
        pagination={false}
        dataSource={rows}
        columns={checkedColumns<Row>([
          { title: '', dataIndex: 'label', width: 96 },
          {
            title: t('repeats.thisPetition'),
            dataIndex: 'mine',
            render: (text: string) => <Cell text={text} />,
          },
          {
            title: t('repeats.openCase', { caseNumber: candidate.caseNumber }),
            dataIndex: 'theirs',
            render: (text: string) => <Cell text={text} />,
          },
        ])}
      />
    </Card>
  );
}

const Cell = ({ text }: { text: string }) => <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>;

/**
 * 重复信访: open cases this petition may repeat, found by the complainant and by
 * similar text; joining one ends this petition and counts it on the open case.
 */
export function LikelyRepeatsPanel({ record, onChanged }: { record: CaseRecord; onChanged: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const reportError = useReportError();
  // Under the case's key: joining (a command on the case) reloads it with the case.
  const found = useQuery({
    queryKey: queryKeys.likelyRepeats(record.caseNumber),
    queryFn: () => fetchLikelyRepeats(record.caseNumber),
  });
  useReportFailure(found.error);
  const candidates: RepeatCandidate[] | null = found.error ? [] : (found.data ?? null);
  const joining = useMutation({
    mutationFn: (openCaseNumber: string) => takeAction(record.caseNumber, 'joinOpenCase', { openCaseNumber }),
    onSuccess: (_, openCaseNumber) => {
      void message.success(t('repeats.joined', { caseNumber: openCaseNumber }));
      onChanged();
    },
    onError: reportError,
  });

  const join = (openCaseNumber: string) =>
    modal.confirm({
      title: t('repeats.confirmTitle', { caseNumber: openCaseNumber }),
      content: t('repeats.confirmText'),
      okText: t('repeats.join'),
      cancelText: t('actions.cancel'),
      onOk: () => joining.mutateAsync(openCaseNumber).catch(() => undefined),
    });

  return (
    <Card title={t('repeats.title')} size="small" loading={candidates === null}>
      {candidates?.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('repeats.none')} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('repeats.hint')}</Typography.Text>
          {candidates?.map((candidate) => (
            <Candidate
              key={candidate.caseNumber}
              record={record}
              candidate={candidate}
              onJoin={() => join(candidate.caseNumber)}
            />
          ))}
        </Space>
      )}
    </Card>
  );
}
