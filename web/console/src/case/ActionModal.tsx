import { Alert, App, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, takeAction, type CaseAction, type CaseDetail, type FieldProblem } from '../api';
import { ActionField } from './ActionField';
import { actionBody, actionFields } from './actionFields';
import { actionDefaults } from './backlog/actionDefaults';

/** Forms with a row per member or milestone need the room. */
const wideKinds = new Set(['taskForce', 'milestones']);

interface ActionModalProps {
  detail: CaseDetail;
  action: CaseAction;
  onClose: () => void;
  /** The case changed (or the server says it is not what the page shows): load it again. */
  onChanged: () => void;
}

const fieldPath = (field: string): (string | number)[] =>
  field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

interface Failure {
  message: string;
  unplaced: FieldProblem[];
}

/** The form of one action; the server's refusal is shown in it, field problems next to the fields. */
export function ActionModal({ detail, action, onClose, onChanged }: ActionModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const fields = actionFields[action];
  const caseNumber = detail.case.caseNumber;

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await takeAction(caseNumber, action, actionBody(fields, values));
      void message.success(t('actions.done', { action: t(`command.${action}`) }));
      onClose();
      onChanged();
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setFailure({ message: String(error), unplaced: [] });
        return;
      }
      // The API names nested fields as paths ("members.0.name"), which is how the form names them too.
      const shown = new Set(Object.keys(form.getFieldsValue()));
      const placed = error.details.filter(({ field }) => shown.has(fieldPath(field)[0] as string));
      form.setFields(placed.map(({ field, message: text }) => ({ name: fieldPath(field), errors: [text] })));
      setFailure({ message: error.message, unplaced: error.details.filter((d) => !placed.includes(d)) });
      // Refused by the case's state: someone else acted first, so the page is out of date.
      if (error.httpStatus === 409) onChanged();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(`actions.${action}.title`)}
      okText={t('actions.submit')}
      cancelText={t('actions.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={fields.some(({ kind }) => wideKinds.has(kind)) ? 800 : undefined}
      maskClosable={false}
      destroyOnHidden
    >
      {failure && (
        <Alert
          type="error"
          showIcon
          message={failure.message}
          description={
            failure.unplaced.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                {failure.unplaced.map(({ field, message: text }) => (
                  <li key={field}>{text}</li>
                ))}
              </ul>
            )
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {fields.length === 0 && <Typography.Paragraph>{t(`actions.${action}.confirm`)}</Typography.Paragraph>}
      <Form
        form={form}
        name={action}
        layout="vertical"
        preserve={false}
        initialValues={actionDefaults(action, detail)}
        onFinish={submit}
        disabled={busy}
      >
        {fields.map((spec) => (
          <ActionField key={spec.name} action={action} spec={spec} detail={detail} />
        ))}
      </Form>
    </Modal>
  );
}
