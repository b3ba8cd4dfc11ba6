import { Alert, List, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportUnit } from '../api';

/** 每周一报: the units of the subtree still behind with this week's close-out. */
export function NotClosedList({ units }: { units: ReportUnit[] }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('closeOut.notClosed')}>
      {units.length === 0 ? (
        <Alert type="success" showIcon message={t('closeOut.everyoneClosed')} />
      ) : (
        <List
          size="small"
          dataSource={units}
          renderItem={(unit) => (
            <List.Item>
              {unit.name}
              <Tag>{t(`closeOut.level.${unit.level}`, { defaultValue: unit.level })}</Tag>
            </List.Item>
          )}
        />
      )}
    </section>
  );
}
