import { Button, Select, Space, Table } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkedColumns } from '../columns';
import { queryKeys } from '../queries';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';
import { fetchAdminLog, type AdminLogEntry, type LogQuery } from './api';

const pageSize = 50;
const shown = (value: Record<string, unknown> | null) => (value ? JSON.stringify(value) : '');

/** 系统管理日志: every change of the administered units, newest first, and its spreadsheet. */
export default function LogPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const [page, setPage] = useState(1);
  const [entity, setEntity] = useState<LogQuery['entity']>();
  const query = { page, pageSize, ...(entity ? { entity } : {}) };
  const log = useQuery({
    queryKey: queryKeys.adminLog(query),
    queryFn: () => fetchAdminLog(query),
    // The page on show stays while the next one loads.
    placeholderData: keepPreviousData,
  });
  useEffect(() => {
    if (log.error) reportError(log.error);
  }, [log.error, reportError]);
  const data = log.data ?? { total: 0, entries: [] };

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('administration.log.entity')}
          aria-label={t('administration.log.entity')}
          style={{ width: 160 }}
          options={(['unit', 'department', 'staff'] as const).map((value) => ({
            value,
            label: t(`administration.log.entities.${value}`),
          }))}
          onChange={(value?: LogQuery['entity']) => {
            setEntity(value);
            setPage(1);
          }}
        />
        <Button href={`/api/v1/admin/log.xlsx${entity ? `?entity=${entity}` : ''}`}>
          {t('administration.log.export')}
        </Button>
      </Space>
      <Table<AdminLogEntry>
        rowKey="id"
        dataSource={data.entries}
        pagination={{ current: page, pageSize, total: data.total, onChange: setPage, showSizeChanger: false }}
        columns={checkedColumns<AdminLogEntry>([
          { title: t('administration.log.at'), dataIndex: 'at', render: (at) => formatShanghai(at) },
          { title: t('administration.log.actor'), dataIndex: 'actorName' },
          { title: t('administration.fields.unit'), dataIndex: 'unitName' },
          {
            title: t('administration.log.action'),
            dataIndex: 'action',
            render: (a) => t(`administration.actions.${a}`, { defaultValue: a }),
          },
          { title: t('administration.log.before'), dataIndex: 'before', render: shown, ellipsis: true },
          { title: t('administration.log.after'), dataIndex: 'after', render: shown, ellipsis: true },
        ])}
      />
    </>
  );
}
