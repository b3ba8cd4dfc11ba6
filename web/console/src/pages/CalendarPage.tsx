import { Alert, Button, Card, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CalendarEditor } from '../admin/CalendarEditor';
import { CalendarYearDays } from '../admin/CalendarYearDays';
import { fetchCalendar, type AdminAlert, type CalendarYearSummary } from '../api';
import type { Columns } from '../columns';
import { queryKeys } from '../queries';
import { formatShanghai } from '../time';
import { useReportError } from '../useReportError';

/** The year an alert is about, if it is about one: its key, or `details.year`. */
function alertYear({ key, details }: AdminAlert): number | null {
  if (/^\d{4}$/.test(key)) return Number(key);
  return typeof details.year === 'number' ? details.year : null;
}

function CalendarAlerts({ alerts, onLoad }: { alerts: AdminAlert[]; onLoad: (year: number) => void }) {
  const { t } = useTranslation();
  return (
    <>
      {alerts.map((alert) => {
        const year = alertYear(alert);
        return (
          <Alert
            key={`${alert.kind}/${alert.key}`}
            type="warning"
            showIcon
            message={
              year === null
                ? t('calendar.alerts.other', { kind: alert.kind, key: alert.key })
                : t('calendar.alerts.missingYear', { year })
            }
            description={t('calendar.alerts.raisedAt', { at: formatShanghai(alert.raisedAt) })}
            action={
              year !== null && (
                <Button size="small" type="primary" onClick={() => onLoad(year)}>
                  {t('calendar.loadYear', { year })}
                </Button>
              )
            }
          />
        );
      })}
    </>
  );
}

/** 节假日日历: which years' holiday calendars are loaded, and loading the next one. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const loaded = useQuery({ queryKey: queryKeys.calendarOverview, queryFn: fetchCalendar });
  useEffect(() => {
    if (loaded.error) reportError(loaded.error);
  }, [loaded.error, reportError]);
  const overview = loaded.data ?? null;
  const [viewing, setViewing] = useState<number | null>(null);
  const [editing, setEditing] = useState<number | null>(null);

  const saved = (year: number) => {
    setViewing(year);
    setEditing(null);
  };

  const lastYear = overview?.years.reduce((max, { year }) => Math.max(max, year), 0) ?? 0;
  const nextYear = Math.max(lastYear + 1, new Date().getFullYear());

  const columns: Columns<CalendarYearSummary> = [
    { title: t('calendar.year'), dataIndex: 'year' },
    { title: t('calendar.holidays'), dataIndex: 'holidays' },
    { title: t('calendar.workdays'), dataIndex: 'workdays' },
    { title: t('calendar.source'), dataIndex: 'source' },
    { title: t('calendar.loadedAt'), dataIndex: 'loadedAt', render: (at) => formatShanghai(at) },
    { title: t('calendar.loadedBy'), dataIndex: 'loadedBy' },
    {
      title: t('calendar.operations'),
      key: 'operations',
      render: (_, { year }) => (
        <Space>
          <Button size="small" onClick={() => setViewing(year)}>
            {t('calendar.view', { year })}
          </Button>
          <Button size="small" onClick={() => setEditing(year)}>
            {t('calendar.replace', { year })}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {overview && <CalendarAlerts alerts={overview.alerts} onLoad={setEditing} />}
      <Card
        title={t('nav.calendar')}
        size="small"
        extra={
          <Button type="primary" onClick={() => setEditing(nextYear)}>
            {t('calendar.loadYear', { year: nextYear })}
          </Button>
        }
      >
        <Table<CalendarYearSummary>
          rowKey="year"
          size="small"
          loading={overview === null}
          columns={columns}
          dataSource={overview?.years ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      {viewing !== null && <CalendarYearDays year={viewing} />}
      {editing !== null && <CalendarEditor year={editing} onClose={() => setEditing(null)} onSaved={saved} />}
    </Space>
  );
}
