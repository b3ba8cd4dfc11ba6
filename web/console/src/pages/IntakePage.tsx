import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Space,
  TreeSelect,
  Typography,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import {
  ApiError,
  categories,
  noticeChannels,
  officeChannels,
  registerPetition,
  type OfficePetition,
  type Registration,
} from '../api';
import { useMe } from '../session';
import { useCodeLabel } from '../useCodeLabel';
import { RequiredChoice } from '../components/RequiredChoice';
import { queryKeys } from '../queries';
import { useUnitTree } from '../useUnitTree';

type IntakeValues = Omit<OfficePetition, 'complainant' | 'accused'> & {
  complainant?: { name?: string; phone?: string; email?: string; idNumber?: string; address?: string };
  accusedUnitCode?: string;
  /** 检举控告: the accused person, as far as the complainant knows. */
  accusedName?: string;
  accusedPosition?: string;
  accusedIsHead?: boolean;
};

/** Whom the petition accuses: for a report, the person in the named unit (the place, unless another is chosen). */
function accusedOf(values: IntakeValues): OfficePetition['accused'] {
  if (values.kind !== 'report') {
    return values.accusedUnitCode ? { unitCode: values.accusedUnitCode } : undefined;
  }
  const name = values.accusedName?.trim();
  const position = values.accusedPosition?.trim();
  return {
    unitCode: values.accusedUnitCode ?? values.unitCode,
    ...(name ? { name } : {}),
    ...(position ? { position } : {}),
    isHead: values.accusedIsHead === true,
  };
}

/** The optional identity fields, sent only when filled in. */
const optionalText = (key: 'email' | 'idNumber' | 'address', value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? { [key]: trimmed } : {};
};

/** What the form holds, as the API wants it: trimmed, and no identity for an anonymous petition. */
/** 32 random hex digits (getRandomValues works over plain http too, unlike randomUUID). */
const newSubmissionKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

function petitionOf(form: IntakeValues, submissionKey: string): OfficePetition {
  const {
    complainant,
    accusedUnitCode: _unit,
    accusedName: _name,
    accusedPosition: _position,
    accusedIsHead: _head,
    ...values
  } = form;
  const accused = accusedOf(form);
  const petition: OfficePetition = {
    ...values,
    submissionKey,
    ...(accused ? { accused } : {}),
    place: values.place.trim(),
    summary: values.summary.trim(),
    request: values.request.trim(),
  };
  if (values.anonymous || !complainant) {
    const { notifyBy: _notifyBy, ...anonymous } = petition;
    return anonymous;
  }
  return {
    ...petition,
    complainant: {
      name: complainant.name?.trim() ?? '',
      phone: complainant.phone?.trim() ?? '',
      ...optionalText('email', complainant.email),
      ...optionalText('idNumber', complainant.idNumber),
      ...optionalText('address', complainant.address),
    },
  };
}

/** The case number and the one-time access code, to hand to the complainant now. */
function Registered({ registration, onNext }: { registration: Registration; onNext: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="success"
      title={t('intake.registered')}
      subTitle={
        <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 560 }}>
          <div>
            <Typography.Text>{t('intake.caseNumber')}</Typography.Text>
            <Typography.Title level={2} id="case-number" copyable style={{ margin: 0 }}>
              {registration.caseNumber}
            </Typography.Title>
          </div>
          <div>
            <Typography.Text>{t('intake.accessCode')}</Typography.Text>
            <Typography.Title level={2} id="access-code" copyable code style={{ margin: 0 }}>
              {registration.accessCode}
            </Typography.Title>
          </div>
          <Alert type="warning" showIcon message={t('intake.shownOnce')} />
        </Space>
      }
      extra={[
        <Button
          key="case"
          type="primary"
          onClick={() => navigate(`/cases/${encodeURIComponent(registration.caseNumber)}`)}
        >
          {t('intake.openCase')}
        </Button>,
        <Button key="next" onClick={onNext}>
          {t('intake.next')}
        </Button>,
      ]}
    />
  );
}

function ComplainantFields() {
  const { t } = useTranslation();
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('actions.required', { field }) },
  ];
  return (
    <Form.Item noStyle dependencies={['anonymous']}>
      {({ getFieldValue }) =>
        getFieldValue('anonymous') ? null : (
          <>
            <Form.Item
              name={['complainant', 'name']}
              label={t('intake.name')}
              rules={required(t('intake.name'))}
            >
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name={['complainant', 'phone']}
              label={t('intake.phone')}
              rules={required(t('intake.phone'))}
            >
              <Input maxLength={30} autoComplete="off" inputMode="tel" />
            </Form.Item>
            <Form.Item name="notifyBy" label={t('intake.notifyBy')}>
              <Radio.Group
                options={noticeChannels.map((channel) => ({
                  value: channel,
                  label: t(`intake.notifyBy_${channel}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name={['complainant', 'email']}
              label={t('intake.email')}
              extra={t('intake.emailHint')}
              dependencies={['notifyBy']}
              rules={[
                { type: 'email', message: t('intake.emailInvalid') },
                // Most villagers have a phone and no e-mail: the address is asked for only when mail was chosen.
                ({ getFieldValue: valueOf }) => ({
                  required: valueOf('notifyBy') !== 'sms',
                  whitespace: true,
                  message: t('intake.emailForNotices'),
                }),
              ]}
            >
              <Input maxLength={200} autoComplete="off" type="email" />
            </Form.Item>
            <Form.Item
              name={['complainant', 'idNumber']}
              label={t('intake.idNumber')}
              rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('intake.idNumberInvalid') }]}
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
            <Form.Item name={['complainant', 'address']} label={t('intake.address')}>
              <Input maxLength={200} autoComplete="off" />
            </Form.Item>
          </>
        )
      }
    </Form.Item>
  );
}

/** 登记来访来信来电: the office enters a petition that came in person, by letter or by phone. */
export default function IntakePage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const me = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<IntakeValues>();
  const units = useUnitTree();
  const [registration, setRegistration] = useState<Registration | null>(null);
  const [submissionKey, setSubmissionKey] = useState(newSubmissionKey);

  const registering = useMutation({
    mutationFn: (values: IntakeValues) => registerPetition(petitionOf(values, submissionKey)),
    onSuccess: async (registered) => {
      setRegistration(registered);
      form.resetFields();
      setSubmissionKey(newSubmissionKey());
      // A new case: the ledger's counts change.
      await queryClient.invalidateQueries({ queryKey: queryKeys.statusCounts });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        // Field paths come as the API names them ("complainant.phone"), which is how the form names them too.
        const fields = error.details.map(({ field, message }) => ({
          name: field.split('.'),
          errors: [message],
        }));
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
      }
    },
  });
  const busy = registering.isPending;
  const failure = registering.error ? registering.error.message : null;
  const submit = (values: IntakeValues) => registering.mutateAsync(values).catch(() => undefined);

  if (registration) return <Registered registration={registration} onNext={() => setRegistration(null)} />;

  const required = (field: string) => [{ required: true, message: t('actions.required', { field }) }];
  const requiredText = (field: string) => [{ ...required(field)[0], whitespace: true }];

  return (
    <Card title={t('nav.intake')} style={{ maxWidth: 800 }}>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
      <Form<IntakeValues>
        form={form}
        name="intake"
        layout="vertical"
        onFinish={submit}
        disabled={busy}
        initialValues={{
          kind: 'petition',
          unitCode: me.unit.code,
          channel: 'visit',
          anonymous: false,
          notifyBy: 'sms',
        }}
      >
        <Form.Item name="kind" label={t('discipline.intake.kind')}>
          <Radio.Group
            options={[
              ...(['petition', 'report'] as const).map((value) => ({
                value,
                label: t(`discipline.intake.${value}`),
              })),
              { value: 'consultation', label: t('intake.consultation') },
            ]}
          />
        </Form.Item>
        <Form.Item name="unitCode" label={t('intake.unit')} rules={required(t('intake.unit'))}>
          <RequiredChoice>
            <TreeSelect
              treeData={units}
              treeDefaultExpandedKeys={units.map(({ value }) => value)}
              showSearch
              treeNodeFilterProp="title"
            />
          </RequiredChoice>
        </Form.Item>
        <Form.Item name="channel" label={t('intake.channel')} rules={required(t('intake.channel'))}>
          <RequiredChoice>
            <Radio.Group
              options={officeChannels.map((value) => ({ value, label: label('channel', value) }))}
            />
          </RequiredChoice>
        </Form.Item>
        <Form.Item name="category" label={t('ledger.category')} rules={required(t('ledger.category'))}>
          <RequiredChoice>
            <Select
              showSearch
              optionFilterProp="label"
              options={categories.map((value) => ({ value, label: label('category', value) }))}
            />
          </RequiredChoice>
        </Form.Item>
        <Form.Item name="place" label={t('case.place')} rules={requiredText(t('case.place'))}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="summary" label={t('case.summary')} rules={requiredText(t('case.summary'))}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item name="request" label={t('case.request')} rules={requiredText(t('case.request'))}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="accusedUnitCode" label={t('intake.accusedUnit')} extra={t('intake.accusedUnitHint')}>
          <TreeSelect
            treeData={units}
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('intake.accusedUnitNone')}
          />
        </Form.Item>
        <Form.Item noStyle dependencies={['kind']}>
          {({ getFieldValue }) =>
            getFieldValue('kind') === 'report' ? (
              <>
                <Alert
                  type="info"
                  showIcon
                  message={t('discipline.intake.reportNotice')}
                  style={{ marginBottom: 16 }}
                />
                <Form.Item name="accusedName" label={t('discipline.intake.accusedName')}>
                  <Input maxLength={64} autoComplete="off" />
                </Form.Item>
                <Form.Item name="accusedPosition" label={t('discipline.intake.accusedPosition')}>
                  <Input maxLength={64} autoComplete="off" />
                </Form.Item>
                <Form.Item name="accusedIsHead" valuePropName="checked">
                  <Checkbox>{t('discipline.intake.accusedIsHead')}</Checkbox>
                </Form.Item>
              </>
            ) : null
          }
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked">
          <Checkbox>{t('intake.anonymous')}</Checkbox>
        </Form.Item>
        <ComplainantFields />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('intake.submit')}
        </Button>
      </Form>
    </Card>
  );
}
