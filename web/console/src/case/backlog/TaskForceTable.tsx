import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseBacklog } from '../../api';
import { checkedColumns } from '../../columns';

type Member = CaseBacklog['taskForce'][number];

/** 工作专班: who works on the case, and what each does. */
export function TaskForceTable({ members }: { members: Member[] }) {
  const { t } = useTranslation();
  if (members.length === 0) {
    return <Typography.Text type="secondary">{t('backlog.noTaskForce')}</Typography.Text>;
  }
  return (
    <Table<Member>
      size="small"
      pagination={false}
      rowKey={(member) => `${member.name}/${member.role}`}
      dataSource={members}
      columns={checkedColumns<Member>([
        { title: t('backlog.member.name'), dataIndex: 'name' },
        { title: t('backlog.member.role'), dataIndex: 'role' },
        {
          title: t('backlog.member.organisation'),
          dataIndex: 'organisation',
          render: (organisation?: string) => organisation || '—',
        },
      ])}
    />
  );
}
