import { Card, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCalendarYear, type CalendarDay } from '../api';
import type { Columns } from '../columns';
import { queryKeys } from '../queries';
import { useReportError } from '../useReportError';

/** One year's holidays and make-up working days, as the deadline clocks use them. */
export function CalendarYearDays({ year }: { year: number }) {
  const { t } = useTranslation();
  const reportError = useReportError();
  // Saving a year invalidates it (queryKeys.calendar), and it loads again.
  const yearDays = useQuery({
    queryKey: queryKeys.calendarYear(year),
    queryFn: () => fetchCalendarYear(year),
  });
  useEffect(() => {
    if (yearDays.error) reportError(yearDays.error);
  }, [yearDays.error, reportError]);
  const loaded = yearDays.data ?? null;

  const columns: Columns<CalendarDay> = [
    { title: t('calendar.day'), dataIndex: 'day' },
    {
      title: t('calendar.kind'),
      dataIndex: 'kind',
      render: (kind) => <Tag color={kind === 'holiday' ? 'red' : 'blue'}>{t(`calendar.kinds.${kind}`)}</Tag>,
    },
    { title: t('calendar.name'), dataIndex: 'name' },
  ];

  return (
    <Card
      size="small"
      title={t('calendar.yearDays', { year })}
      extra={
        loaded &&
        (loaded.covered ? (
          <Tag color="success">{t('calendar.covered')}</Tag>
        ) : (
          <Tag color="warning">{t('calendar.notCovered')}</Tag>
        ))
      }
    >
      <Table<CalendarDay>
        rowKey="day"
        size="small"
        loading={loaded === null}
        columns={columns}
        dataSource={loaded?.days ?? []}
        pagination={{ defaultPageSize: 40, hideOnSinglePage: true }}
      />
    </Card>
  );
}
