import { Alert, Modal, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchSecondFactor } from './api';
import { SecondFactorEnrolment } from './SecondFactorEnrolment';
import { useReportError } from './useReportError';
import { useSession } from './session';

/** 双因素认证 from the account menu: enrol an authenticator, or see that one is enrolled. */
export function SecondFactorDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { enrolled } = useSession();
  const reportError = useReportError();
  const [status, setStatus] = useState<{ enrolled: boolean; required: boolean } | null>(null);

  useEffect(() => {
    fetchSecondFactor().then(setStatus, reportError);
  }, [reportError]);

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
