import { AutoComplete, Col, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { RepeatedRowsField } from './RepeatedRowsField';

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
    <RepeatedRowsField
      name={name}
      label={label}
      emptyMessage={t('backlog.memberRequired')}
      addLabel={t('backlog.addMember')}
      removeLabel={(n) => t('backlog.removeMember', { n })}
      columns={(row, n) => (
        <>
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
        </>
      )}
    />
  );
}
