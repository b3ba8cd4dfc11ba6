import type { ProColumns } from '@ant-design/pro-components';
import type { TFunction } from 'i18next';
import type { CaseStatus } from '../api';
import { CaseLink } from './CaseLink';
import { dueTone } from '../deadlineTone';
import { NextDue, StatusTag } from './CaseTags';

interface CaseRow {
  caseNumber: string;
  unit: { name: string };
  status: CaseStatus;
}

/** The columns every case list starts with: the case number (a link to its page), its unit and its status. */
export function caseColumns<Row extends CaseRow>(t: TFunction): ProColumns<Row>[] {
  return [
    {
      title: t('ledger.caseNumber'),
      dataIndex: 'caseNumber',
      render: (_, { caseNumber }) => <CaseLink caseNumber={caseNumber} />,
    },
    { title: t('ledger.unit'), dataIndex: ['unit', 'name'] },
    {
      title: t('ledger.status'),
      dataIndex: 'status',
      render: (_, { status }) => <StatusTag status={status} />,
    },
  ];
}

interface DueRow {
  nextDueAt: string | null;
  nextDueClock: string | null;
  overdue: boolean;
  deadlineProvisional: boolean;
}

/** The case's next due date, coloured as it nears (not a search field). */
export function nextDueColumn<Row extends DueRow>(t: TFunction): ProColumns<Row> {
  return {
    title: t('ledger.nextDue'),
    dataIndex: 'nextDueAt',
    search: false,
    render: (_, entry) => (
      <NextDue
        clock={entry.nextDueClock}
        dueAt={entry.nextDueAt}
        tone={dueTone(entry.nextDueAt, entry.overdue)}
        provisional={entry.deadlineProvisional}
      />
    ),
  };
}
