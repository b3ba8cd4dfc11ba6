import { Col, DatePicker, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { RepeatedRowsField } from './RepeatedRowsField';

/** The milestones of a plan: what is to be done and by when, at least one. */
export function MilestonesField({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  const required = (field: string) => ({ required: true, message: t('actions.required', { field }) });
  return (
    <RepeatedRowsField
      name={name}
      label={label}
      emptyMessage={t('backlog.milestoneRequired')}
      addLabel={t('backlog.addMilestone')}
      removeLabel={(n) => t('backlog.removeMilestone', { n })}
      columns={(row, n) => (
        <>
          <Col flex="2">
            <Form.Item
              name={[row, 'title']}
              label={t('backlog.milestoneTitle', { n })}
              rules={[{ ...required(t('backlog.milestoneTitle', { n })), whitespace: true }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col flex="1">
            <Form.Item
              name={[row, 'dueDate']}
              label={t('backlog.milestoneDate', { n })}
              rules={[required(t('backlog.milestoneDate', { n }))]}
            >
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </>
      )}
    />
  );
}
