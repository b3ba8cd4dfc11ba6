import { Alert, App, Form, Input, InputNumber, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCalendarYear, saveCalendarYear } from '../api';
import { parseCalendarDays } from './calendarDays';

interface EditorValues {
  year: number;
  source: string;
  days: string;
}

interface CalendarEditorProps {
  /** The year to load or replace; its current days are filled in to edit. */
  year: number;
  onClose: () => void;
  onSaved: (year: number) => void;
}

const example = (year: number) =>
  JSON.stringify(
    [
      { day: `${year}-01-01`, kind: 'holiday', name: '元旦' },
      { day: `${year}-02-15`, kind: 'workday', name: '春节' },
    ],
    null,
    2,
  );

/** Load or replace one year's holidays and make-up working days (放假调休安排) by pasting JSON. */
export function CalendarEditor({ year, onClose, onSaved }: CalendarEditorProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    fetchCalendarYear(year).then(
      ({ days }) => {
        // Fill in what is loaded, unless the administrator has started pasting already.
        if (current && days.length > 0 && !form.getFieldValue('days')) {
          form.setFieldValue('days', JSON.stringify(days, null, 2));
        }
      },
      // Nothing loaded for the year yet: start from the empty form.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [year, form]);

  const submit = async (values: EditorValues) => {
    const parsed = parseCalendarDays(values.days, values.year);
    if ('problem' in parsed) return;
    setBusy(true);
    setFailure(null);
    try {
      const { recomputing } = await saveCalendarYear(values.year, values.source.trim(), parsed.days);
      void message.success(t('calendar.saved', { year: values.year, count: recomputing }));
      onSaved(values.year);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('calendar.editTitle')}
      okText={t('calendar.save')}
      cancelText={t('actions.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
    >
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
      <Form<EditorValues>
        form={form}
        name="calendar"
        layout="vertical"
        onFinish={submit}
        disabled={busy}
        initialValues={{ year, source: t('calendar.defaultSource', { year }), days: '' }}
      >
        <Form.Item
          name="year"
          label={t('calendar.year')}
          rules={[{ required: true, message: t('actions.required', { field: t('calendar.year') }) }]}
        >
          <InputNumber min={2000} max={2100} precision={0} />
        </Form.Item>
        <Form.Item
          name="source"
          label={t('calendar.source')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('actions.required', { field: t('calendar.source') }),
            },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="days"
          label={t('calendar.days')}
          required
          extra={t('calendar.daysHint')}
          dependencies={['year']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_, text: string) => {
                const parsed = parseCalendarDays(text ?? '', Number(getFieldValue('year')));
                if ('problem' in parsed) {
                  const { key, entry, day } = parsed.problem;
                  throw new Error(t(`calendar.problems.${key}`, { entry, day }));
                }
              },
            }),
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 10, maxRows: 24 }}
            placeholder={example(year)}
            spellCheck={false}
            style={{ fontFamily: 'monospace' }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
