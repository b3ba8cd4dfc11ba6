import { Button, Col, DatePicker, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';

/** The milestones of a plan: what is to be done and by when, at least one. */
export function MilestonesField({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  const required = (field: string) => [{ required: true, message: t('actions.required', { field }) }];
  return (
    <Form.Item label={label} required>
      <Form.List
        name={name}
        rules={[
          {
            validator: async (_, milestones?: unknown[]) => {
              if (!milestones?.length) throw new Error(t('backlog.milestoneRequired'));
            },
          },
        ]}
      >
        {(rows, { add, remove }, { errors }) => (
          <>
            {rows.map(({ key, name: row }, index) => {
              const n = index + 1;
              return (
                <Row key={key} gutter={8} align="bottom" wrap={false}>
                  <Col flex="2">
                    <Form.Item
                      name={[row, 'title']}
                      label={t('backlog.milestoneTitle', { n })}
                      rules={[{ ...required(t('backlog.milestoneTitle', { n }))[0], whitespace: true }]}
                    >
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col flex="1">
                    <Form.Item
                      name={[row, 'dueDate']}
                      label={t('backlog.milestoneDate', { n })}
                      rules={required(t('backlog.milestoneDate', { n }))}
                    >
                      <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col>
                    <Form.Item>
                      <Button onClick={() => remove(row)} aria-label={t('backlog.removeMilestone', { n })}>
                        {t('backlog.remove')}
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              );
            })}
            <Button type="dashed" onClick={() => add({})} disabled={rows.length >= 30} block>
              {t('backlog.addMilestone')}
            </Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
