import { Alert, App, Form, Input, InputNumber, Modal } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCalendarYear, saveCalendarYear } from '../api';
import { queryKeys } from '../queries';
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
  const queryClient = useQueryClient();
  // Nothing loaded for the year yet (or a failure): start from the empty form.
  const loaded = useQuery({ queryKey: queryKeys.calendarYear(year), queryFn: () => fetchCalendarYear(year) });
  const loadedDays = loaded.data?.days;
  useEffect(() => {
    // Fill in what is loaded, unless the administrator has started pasting already.
    if (loadedDays && loadedDays.length > 0 && !form.getFieldValue('days')) {
      form.setFieldValue('days', JSON.stringify(loadedDays, null, 2));
    }
  }, [loadedDays, form]);

  const saving = useMutation({
    mutationFn: ({ values, days }: { values: EditorValues; days: Parameters<typeof saveCalendarYear>[2] }) =>
      saveCalendarYear(values.year, values.source.trim(), days),
    onSuccess: async ({ recomputing }, { values }) => {
      void message.success(t('calendar.saved', { year: values.year, count: recomputing }));
      onSaved(values.year);
      // The overview, its alerts and the year's days all change with a saved year.
      await queryClient.invalidateQueries({ queryKey: queryKeys.calendar });
    },
  });
  const busy = saving.isPending;
  const failure = saving.error ? saving.error.message : null;

  const submit = async (values: EditorValues) => {
    const parsed = parseCalendarDays(values.days, values.year);
    if ('problem' in parsed) return;
    await saving.mutateAsync({ values, days: parsed.days }).catch(() => undefined);
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
