import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { backlogFlagNames, fetchLedger, type LedgerEntry, type StaffRole } from '../api';
import { BacklogTag, FlagTags, OwnerTag } from '../components/BacklogTags';
import { caseColumns, nextDueColumn } from '../components/caseColumns';
import { dueRowClass, dueTone } from '../deadlineTone';
import { holds, useMe } from '../session';
import { formatShanghai, todayShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';

/** The search form's values: the three flags to require, and whose cases. */
interface BacklogSearch {
  flags?: string[];
  ownership?: 'unowned' | 'mine';
}

const importers: readonly StaffRole[] = ['clerk', 'office_head'];

function useBacklogColumns(): ProColumns<LedgerEntry>[] {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const me = useMe();
  return useMemo(() => {
    const today = todayShanghai();
    const ownership = {
      unowned: { text: t('backlog.unowned') },
      ...(holds(me, 'leader') ? { mine: { text: t('backlog.mine') } } : {}),
    };
    return [
      ...caseColumns<LedgerEntry>(t).map((column) => ({ ...column, search: false as const })),
      {
        title: t('ledger.category'),
        dataIndex: 'category',
        search: false,
        render: (_, { category }) => label('category', category),
      },
      {
        title: t('backlog.flagsLabel'),
        dataIndex: 'flags',
        valueType: 'checkbox',
        valueEnum: Object.fromEntries(
          backlogFlagNames.map((flag) => [flag, { text: t(`backlog.flags.${flag}`) }]),
        ),
        render: (_, { flags }) => <FlagTags flags={flags} />,
      },
      {
        title: t('backlog.owner'),
        dataIndex: 'ownership',
        valueType: 'select',
        valueEnum: ownership,
        render: (_, { owner }) => <OwnerTag owner={owner} />,
      },
      { title: t('backlog.repeats'), dataIndex: 'repeatCount', search: false },
      {
        title: t('backlog.planVersionShort'),
        dataIndex: 'planVersion',
        search: false,
        render: (_, { planVersion }) =>
          planVersion ? t('backlog.versionNumber', { version: planVersion }) : '—',
      },
      {
        title: t('backlog.nextMilestone'),
        dataIndex: 'nextMilestoneDate',
        search: false,
        render: (_, { nextMilestoneDate }) =>
          nextMilestoneDate ? (
            <Typography.Text type={nextMilestoneDate < today ? 'danger' : undefined}>
              {nextMilestoneDate}
            </Typography.Text>
          ) : (
            '—'
          ),
      },
      nextDueColumn(t),
      {
        title: t('backlog.designatedAt'),
        dataIndex: 'backlogAt',
        search: false,
        render: (_, { backlogAt }) => (backlogAt ? formatShanghai(backlogAt) : '—'),
      },
    ];
  }, [t, label, me]);
}

/** 积案台账: every backlog case in the person's jurisdiction, by «三多» and by who owns it. */
export default function BacklogPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const reportError = useReportError();
  const columns = useBacklogColumns();

  return (
    <ProTable<LedgerEntry, BacklogSearch>
      headerTitle={
        <>
          <BacklogTag />
          {t('nav.backlog')}
        </>
      }
      rowKey="caseNumber"
      columns={columns}
      rowClassName={(entry) => dueRowClass(dueTone(entry.nextDueAt, entry.overdue))}
      toolBarRender={() =>
        holds(me, ...importers)
          ? [
              <Button key="import" onClick={() => navigate('/backlog/import')}>
                {t('nav.backlogImport')}
              </Button>,
            ]
          : []
      }
      request={async ({ current = 1, pageSize = 20, flags, ownership }) => {
        try {
          const page = await fetchLedger(current, pageSize, {
            backlog: true,
            flags: flags?.length ? flags.join(',') : undefined,
            unowned: ownership === 'unowned' || undefined,
            ownerLeaderId: ownership === 'mine' ? me.id : undefined,
          });
          return { data: page.items, total: page.total, success: true };
        } catch (error) {
          reportError(error);
          return { data: [], total: 0, success: false };
        }
      }}
      pagination={{ defaultPageSize: 20, showSizeChanger: true }}
      search={{ labelWidth: 'auto' }}
      options={{ density: false }}
      scroll={{ x: 'max-content' }}
    />
  );
}
