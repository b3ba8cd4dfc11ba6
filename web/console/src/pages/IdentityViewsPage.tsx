import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchIdentityViews, type IdentityView } from '../api';
import { CaseLink } from '../components/CaseLink';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';

/** 身份查看记录: every look at a complainant's identity in the office head's reach, refused ones and grants too. */
export default function IdentityViewsPage() {
  const { t } = useTranslation();
  const reportError = useReportError();

  const columns = useMemo(
    (): ProColumns<IdentityView>[] => [
      {
        title: t('identity.at'),
        dataIndex: 'at',
        valueType: 'dateRange',
        render: (_, { at }) => formatShanghai(at),
        search: { transform: ([from, to]: [string, string]) => ({ from, to }) },
      },
      {
        title: t('ledger.caseNumber'),
        dataIndex: 'caseNumber',
        render: (_, { caseNumber }) => <CaseLink caseNumber={caseNumber} />,
      },
      {
        title: t('identity.who'),
        dataIndex: 'staff',
        search: false,
        render: (_, { staff }) => `${staff.unitName} ${staff.name}（${t(`role.${staff.role}`)}）`,
      },
      {
        title: t('identity.action'),
        dataIndex: 'action',
        search: false,
        render: (_, { action }) => (
          <Tag color={action === 'identity_view_refused' ? 'error' : 'default'}>
            {t(`identity.actions.${action}`)}
          </Tag>
        ),
      },
      { title: t('identity.reason'), dataIndex: 'reason', search: false },
      { title: t('identity.ip'), dataIndex: 'ip', search: false },
    ],
    [t],
  );

  return (
    <ProTable<IdentityView>
      headerTitle={t('nav.identityViews')}
      rowKey="id"
      columns={columns}
      request={async ({ current = 1, pageSize = 20, caseNumber, from, to }) => {
        try {
          const page = await fetchIdentityViews(current, pageSize, {
            caseNumber: caseNumber ? String(caseNumber).trim() : undefined,
            from: from ? String(from).slice(0, 10) : undefined,
            to: to ? String(to).slice(0, 10) : undefined,
          });
          return { data: page.items, total: page.total, success: true };
        } catch (error) {
          reportError(error);
          return { data: [], total: 0, success: false };
        }
      }}
      search={{ labelWidth: 'auto' }}
      pagination={{ defaultPageSize: 20, showSizeChanger: true }}
      options={{ density: false, setting: false }}
      scroll={{ x: 'max-content' }}
    />
  );
}
