import type { ProColumns } from '@ant-design/pro-components';
import type { TFunction } from 'i18next';
import type { CaseStatus } from '../api';
import { CaseLink } from './CaseLink';
import { StatusTag } from './CaseTags';

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
