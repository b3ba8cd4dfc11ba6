import { Button, DatePicker, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkedColumns } from '../columns';
import { queryKeys } from '../queries';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';
import {
  auditActions,
  auditExportUrl,
  auditOutcomes,
  fetchAudit,
  type AuditEntry,
  type AuditFilter,
} from './api';

const pageSize = 50;
const outcomeColours = { success: 'green', failure: 'orange', refused: 'red' } as const;

/** 安全审计日志: the staff actions of the administered units, searched and exported. */
export default function AuditPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<AuditFilter>({});
  const audit = useQuery({
    queryKey: queryKeys.audit({ ...filter, page }),
    queryFn: () => fetchAudit({ ...filter, page, pageSize }),
    // The page on show stays while the next one loads.
    placeholderData: keepPreviousData,
  });
  useEffect(() => {
    if (audit.error) reportError(audit.error);
  }, [audit.error, reportError]);
  const data = audit.data ?? { total: 0, items: [] };

  const choose = (next: AuditFilter) => {
    setFilter((current) => ({ ...current, ...next }));
    setPage(1);
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('audit.person')}
          style={{ width: 200 }}
          onSearch={(value) => choose({ person: value.trim() || undefined })}
        />
        <Select
          allowClear
          placeholder={t('audit.action')}
          aria-label={t('audit.action')}
          style={{ width: 180 }}
          options={auditActions.map((value) => ({ value, label: t(`audit.actions.${value}`) }))}
          onChange={(value?: AuditFilter['action']) => choose({ action: value })}
        />
        <Select
          allowClear
          placeholder={t('audit.outcome')}
          aria-label={t('audit.outcome')}
          style={{ width: 120 }}
          options={auditOutcomes.map((value) => ({ value, label: t(`audit.outcomes.${value}`) }))}
          onChange={(value?: AuditFilter['outcome']) => choose({ outcome: value })}
        />
        <DatePicker.RangePicker
          onChange={(range) => {
            const [start, end] = (range ?? []) as [Dayjs | null, Dayjs | null];
            choose({ from: start?.format('YYYY-MM-DD'), to: end?.format('YYYY-MM-DD') });
          }}
        />
        <Button href={auditExportUrl('xlsx', filter)}>{t('audit.exportXlsx')}</Button>
        <Button href={auditExportUrl('csv', filter)}>{t('audit.exportCsv')}</Button>
      </Space>
      <Table<AuditEntry>
        rowKey="id"
        dataSource={data.items}
        pagination={{ current: page, pageSize, total: data.total, onChange: setPage, showSizeChanger: false }}
        columns={checkedColumns<AuditEntry>([
          { title: t('audit.at'), dataIndex: 'at', render: (at) => formatShanghai(at) },
          { title: t('audit.staff'), dataIndex: 'staffName' },
          { title: t('audit.unit'), dataIndex: 'unitName' },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (action) => t(`audit.actions.${action}`, { defaultValue: action }),
          },
          { title: t('audit.target'), dataIndex: 'target', ellipsis: true },
          {
            title: t('audit.outcome'),
            dataIndex: 'outcome',
            render: (outcome) => <Tag color={outcomeColours[outcome]}>{t(`audit.outcomes.${outcome}`)}</Tag>,
          },
          { title: t('audit.ip'), dataIndex: 'ip' },
          { title: t('audit.userAgent'), dataIndex: 'userAgent', ellipsis: true },
        ])}
      />
    </>
  );
}
