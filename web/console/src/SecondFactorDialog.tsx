import { Alert, Modal, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchSecondFactor } from './api';
import { SecondFactorEnrolment } from './SecondFactorEnrolment';
import { queryKeys } from './queries';
import { useReportFailure } from './useReportError';
import { useSession } from './session';

/** 双因素认证 from the account menu: enrol an authenticator, or see that one is enrolled. */
export function SecondFactorDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { enrolled } = useSession();
  // Read afresh each time the dialog opens: an administrator may have reset it meanwhile.
  const secondFactor = useQuery({ queryKey: queryKeys.secondFactor, queryFn: fetchSecondFactor, gcTime: 0 });
  useReportFailure(secondFactor.error);
  const status = secondFactor.data ?? null;

  return (
    <Modal
      open
      title={t('secondFactor.title')}
      footer={null}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
    >
      {!status && <Spin />}
      {status?.enrolled && <Alert type="success" showIcon message={t('secondFactor.alreadyEnrolled')} />}
      {status && !status.enrolled && (
        <SecondFactorEnrolment
          onDone={(staff) => {
            enrolled(staff);
            onClose();
          }}
        />
      )}
    </Modal>
  );
}
