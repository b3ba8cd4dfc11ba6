import { Checkbox, Form, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { backlogFlagNames } from '../../api';

/** «三多»: three boxes that make up the `flags` object the API takes. */
export function FlagsField({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} extra={t('backlog.flagsHint')}>
      <Space wrap>
        {backlogFlagNames.map((flag) => (
          <Form.Item key={flag} name={['flags', flag]} valuePropName="checked" initialValue={false} noStyle>
            <Checkbox>{t(`backlog.flagChoice.${flag}`)}</Checkbox>
          </Form.Item>
        ))}
      </Space>
    </Form.Item>
  );
}
