import { Card, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCalendarYear, type CalendarDay, type CalendarYearDays as YearDays } from '../api';
import { useReportError } from '../useReportError';

/** One year's holidays and make-up working days, as the deadline clocks use them. */
export function CalendarYearDays({ year, generation }: { year: number; generation: number }) {
  const { t } = useTranslation();
  const reportError = useReportError();
  const [loaded, setLoaded] = useState<YearDays | null>(null);

  useEffect(() => {
    let current = true;
    setLoaded(null);
    fetchCalendarYear(year).then((days) => current && setLoaded(days), reportError);
    return () => {
      current = false;
    };
  }, [year, generation, reportError]);

  const columns: TableColumnsType<CalendarDay> = [
    { title: t('calendar.day'), dataIndex: 'day' },
    {
      title: t('calendar.kind'),
      dataIndex: 'kind',
      render: (kind: CalendarDay['kind']) => (
        <Tag color={kind === 'holiday' ? 'red' : 'blue'}>{t(`calendar.kinds.${kind}`)}</Tag>
      ),
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
