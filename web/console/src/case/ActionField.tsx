import { Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseAction, CaseDetail } from '../api';
import type { FieldSpec } from './actionFields';
import { AttachmentsField } from './backlog/AttachmentsField';
import { FlagsField } from './backlog/FlagsField';
import { MilestonesField } from './backlog/MilestonesField';
import { TaskForceField } from './backlog/TaskForceField';

interface ActionFieldProps {
  action: CaseAction;
  spec: FieldSpec;
  detail: CaseDetail;
}

/** One labelled input of an action form; the label is its accessible name. */
function FieldInput({ action, spec, detail }: ActionFieldProps) {
  const { t } = useTranslation();
  const label = t(`actions.${action}.fields.${spec.name}`);
  const required = { required: true, message: t('actions.required', { field: label }) };
  const rules = spec.required ? [required] : [];
  // Text that is only spaces is no answer either.
  const textRules = spec.required ? [{ ...required, whitespace: true }] : [];

  switch (spec.kind) {
    case 'check':
      return (
        <Form.Item name={spec.name} valuePropName="checked" initialValue={false}>
          <Checkbox>{label}</Checkbox>
        </Form.Item>
      );
    case 'choice':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <Radio.Group
            options={(spec.choices ?? []).map((value) => ({
              value,
              label: t(`actions.${action}.choices.${String(value)}`),
            }))}
          />
        </Form.Item>
      );
    case 'department':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('actions.chooseDepartment')}
            options={detail.dispatchTargets.map(({ id, name, unit }) => ({
              value: id,
              label:
                id === detail.proposedDepartmentId
                  ? `${name}（${unit.name}）${t('actions.dispatch.proposed')}`
                  : `${name}（${unit.name}）`,
            }))}
          />
        </Form.Item>
      );
    case 'unit':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <Select
            placeholder={t('actions.chooseUnit')}
            options={detail.handOverTargets.map(({ id, name }) => ({ value: id, label: name }))}
          />
        </Form.Item>
      );
    case 'leader':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('actions.chooseLeader')}
            options={(detail.leaders ?? []).map(({ id, name, title, unit }) => ({
              value: id,
              label: `${name}（${title} · ${unit.name}）`,
            }))}
          />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <DatePicker format="YYYY-MM-DD" disabledDate={(day: Dayjs) => day.isAfter(new Date(), 'day')} />
        </Form.Item>
      );
    case 'completedMilestones': {
      const milestones = detail.case.backlog?.plan?.milestones ?? [];
      const open = milestones.flatMap((milestone, index) =>
        milestone.doneAt ? [] : [{ ...milestone, index }],
      );
      if (open.length === 0) return null;
      return (
        <Form.Item name={spec.name} label={label}>
          <Checkbox.Group
            style={{ flexDirection: 'column', gap: 4 }}
            options={open.map(({ title, dueDate, index }) => ({
              value: index,
              label: t('backlog.milestoneLine', { title, dueDate }),
            }))}
          />
        </Form.Item>
      );
    }
    case 'flags':
      return <FlagsField label={label} />;
    case 'attachments':
      return <AttachmentsField name={spec.name} label={label} />;
    case 'taskForce':
      return <TaskForceField name={spec.name} label={label} />;
    case 'milestones':
      return <MilestonesField name={spec.name} label={label} />;
    case 'days':
      return (
        <Form.Item name={spec.name} label={label} rules={rules}>
          <InputNumber min={1} max={spec.max} precision={0} addonAfter={t('actions.daysUnit')} />
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item name={spec.name} label={label} rules={textRules}>
          <Input maxLength={200} />
        </Form.Item>
      );
    case 'textarea':
      return (
        <Form.Item name={spec.name} label={label} rules={textRules}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} showCount />
        </Form.Item>
      );
  }
}

/** A field that may depend on another (triage: a reason only for 不予受理 and 转送). */
export function ActionField(props: ActionFieldProps) {
  const { showWhen, showWhenNotProposed } = props.spec;
  const proposed = props.detail.proposedDepartmentId;
  if (showWhenNotProposed) {
    // 权力清单: another department than the proposed one needs a reason.
    return (
      <Form.Item noStyle dependencies={[showWhenNotProposed]}>
        {({ getFieldValue }) => {
          const chosen = getFieldValue(showWhenNotProposed) as number | undefined;
          return proposed !== null && chosen !== undefined && chosen !== proposed ? (
            <FieldInput {...props} />
          ) : null;
        }}
      </Form.Item>
    );
  }
  if (!showWhen) return <FieldInput {...props} />;
  return (
    <Form.Item noStyle dependencies={[showWhen.field]}>
      {({ getFieldValue }) =>
        showWhen.values.includes(getFieldValue(showWhen.field) as string | boolean) ? (
          <FieldInput {...props} />
        ) : null
      }
    </Form.Item>
  );
}
