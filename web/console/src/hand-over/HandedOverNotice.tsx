import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseRecord } from '../api';
import { formatShanghai } from '../time';

/** 上报/移交: the office reads a case it handed on, up to the hand-over; the new unit acts on it now. */
export function HandedOverNotice({ record }: { record: CaseRecord }) {
  const { t } = useTranslation();
  if (!record.handedOver) return null;
  return (
    <Alert
      type="info"
      showIcon
      message={t('handOver.readOnly', {
        unit: record.handedOver.toUnit,
        at: formatShanghai(record.handedOver.at),
      })}
    />
  );
}
