import { Alert, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { CaseLink } from '../../components/CaseLink';
import type { CaseRecord } from '../../api';

/** How often the matter came back, and the petitions that joined this case (重复信访). */
export function RepeatLinks({ repeats }: { repeats: CaseRecord['repeats'] }) {
  const { t } = useTranslation();
  return (
    <Space size={[8, 4]} wrap>
      <span>{t('backlog.repeatCount', { count: repeats.count })}</span>
      {repeats.caseNumbers.map((caseNumber) => (
        <CaseLink key={caseNumber} caseNumber={caseNumber} />
      ))}
    </Space>
  );
}

/** The petitions linked to the case and the open case it joined, whichever apply. */
export function CaseLinksNotice({ record }: { record: CaseRecord }) {
  const { t } = useTranslation();
  return (
    <>
      {record.joinedCaseNumber && (
        <Alert
          type="info"
          showIcon
          message={
            <Space size={4} wrap>
              {t('backlog.joinedCase')}
              <CaseLink caseNumber={record.joinedCaseNumber} />
            </Space>
          }
        />
      )}
      {!record.backlog && record.repeats.count > 0 && (
        <Alert type="warning" showIcon message={<RepeatLinks repeats={record.repeats} />} />
      )}
    </>
  );
}
