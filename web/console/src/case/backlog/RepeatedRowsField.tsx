import { Button, Col, Form, Row } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface RepeatedRowsFieldProps {
  name: string;
  label: string;
  /** The columns of row `n` (1-based), whose fields are named under `row`. */
  columns: (row: number, n: number) => ReactNode;
  /** Shown when there is no row: at least one is needed. */
  emptyMessage: string;
  addLabel: string;
  removeLabel: (n: number) => string;
}

/** A list of rows (milestones, task-force members) with at least one, at most thirty. */
export function RepeatedRowsField({
  name,
  label,
  columns,
  emptyMessage,
  addLabel,
  removeLabel,
}: RepeatedRowsFieldProps) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} required>
      <Form.List
        name={name}
        rules={[
          {
            validator: async (_, rows?: unknown[]) => {
              if (!rows?.length) throw new Error(emptyMessage);
            },
          },
        ]}
      >
        {(rows, { add, remove }, { errors }) => (
          <>
            {rows.map(({ key, name: row }, index) => (
              <Row key={key} gutter={8} align="bottom" wrap={false}>
                {columns(row, index + 1)}
                <Col>
                  <Form.Item>
                    <Button onClick={() => remove(row)} aria-label={removeLabel(index + 1)}>
                      {t('backlog.remove')}
                    </Button>
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button type="dashed" onClick={() => add({})} disabled={rows.length >= 30} block>
              {addLabel}
            </Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
