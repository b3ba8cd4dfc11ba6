import { Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseActions, type CaseAction, type CaseDetail } from '../api';
import { ActionModal } from './ActionModal';

interface ActionsPanelProps {
  detail: CaseDetail;
  onChanged: () => void;
}

/** Only what this person may do to the case now, as the server says (`allowedActions`). */
export function ActionsPanel({ detail, onChanged }: ActionsPanelProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<CaseAction | null>(null);
  const allowed = caseActions.filter((action) => detail.allowedActions.includes(action));

  return (
    <Card title={t('case.actions')} size="small">
      {allowed.length === 0 ? (
        <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {allowed.map((action, index) => (
            <Button key={action} type={index === 0 ? 'primary' : 'default'} onClick={() => setOpen(action)}>
              {t(`command.${action}`)}
            </Button>
          ))}
        </Space>
      )}
      {open && (
        <ActionModal detail={detail} action={open} onClose={() => setOpen(null)} onChanged={onChanged} />
      )}
    </Card>
  );
}
