import { Button, Select, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';
import { fetchAdminLog, type AdminLogEntry } from './api';

const pageSize = 50;
const shown = (value: Record<string, unknown> | null) => (value ? JSON.stringify(value) : '');

/** 系统管理日志: every change of the administered units, newest first, and its spreadsheet. */
export default function LogPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const [page, setPage] = useState(1);
  const [entity, setEntity] = useState<string | undefined>();
  const [data, setData] = useState<{ total: number; entries: AdminLogEntry[] }>({ total: 0, entries: [] });

  const load = useCallback(() => {
    fetchAdminLog({ page, pageSize, ...(entity ? { entity } : {}) }).then(setData, reportError);
  }, [page, entity, reportError]);
  useEffect(load, [load]);

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('administration.log.entity')}
          aria-label={t('administration.log.entity')}
          style={{ width: 160 }}
          options={['unit', 'department', 'staff'].map((value) => ({
            value,
            label: t(`administration.log.entities.${value}`),
          }))}
          onChange={(value?: string) => {
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
        columns={[
          { title: t('administration.log.at'), dataIndex: 'at', render: (at: string) => formatShanghai(at) },
          { title: t('administration.log.actor'), dataIndex: 'actorName' },
          { title: t('administration.fields.unit'), dataIndex: 'unitName' },
          {
            title: t('administration.log.action'),
            dataIndex: 'action',
            render: (a: string) => t(`administration.actions.${a}`, { defaultValue: a }),
          },
          { title: t('administration.log.before'), dataIndex: 'before', render: shown, ellipsis: true },
          { title: t('administration.log.after'), dataIndex: 'after', render: shown, ellipsis: true },
        ]}
      />
    </>
  );
}
