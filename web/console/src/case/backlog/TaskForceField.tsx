import { AutoComplete, Button, Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';

/** Roles a task force usually has; any other may be typed. */
const usualRoles = ['lead', 'policy', 'legal', 'mediation', 'support'] as const;

/** 工作专班: one row per member, at least one. */
export function TaskForceField({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('actions.required', { field }) },
  ];
  const roleOptions = usualRoles.map((role) => ({ value: t(`backlog.usualRole.${role}`) }));
  return (
    <Form.Item label={label} required>
      <Form.List
        name={name}
        rules={[
          {
            validator: async (_, members?: unknown[]) => {
              if (!members?.length) throw new Error(t('backlog.memberRequired'));
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
                  <Col flex="1">
                    <Form.Item
                      name={[row, 'name']}
                      label={t('backlog.memberName', { n })}
                      rules={required(t('backlog.memberName', { n }))}
                    >
                      <Input maxLength={64} />
                    </Form.Item>
                  </Col>
                  <Col flex="1">
                    <Form.Item
                      name={[row, 'role']}
                      label={t('backlog.memberRole', { n })}
                      rules={required(t('backlog.memberRole', { n }))}
                    >
                      <AutoComplete options={roleOptions} maxLength={64} />
                    </Form.Item>
                  </Col>
                  <Col flex="1">
                    <Form.Item name={[row, 'organisation']} label={t('backlog.memberOrganisation', { n })}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col>
                    <Form.Item>
                      <Button onClick={() => remove(row)} aria-label={t('backlog.removeMember', { n })}>
                        {t('backlog.remove')}
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              );
            })}
            <Button type="dashed" onClick={() => add({})} disabled={rows.length >= 30} block>
              {t('backlog.addMember')}
            </Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
