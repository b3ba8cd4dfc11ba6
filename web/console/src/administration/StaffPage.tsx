import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, staffRoles, type StaffRole } from '../api';
import { checkedColumns } from '../columns';
import { queryKeys } from '../queries';
import { useReportError } from '../useReportError';
import {
  deactivateStaff,
  fetchAdminStaff,
  fetchAdminUnits,
  fetchHeldWork,
  inviteStaff,
  resetPassword,
  resetSecondFactor,
  setRoles,
  unlockStaff,
  type AdminStaff,
  type HeldWork,
  type StaffQuery,
} from './api';

interface PersonForm {
  email: string;
  name: string;
  title: string;
  unitId: number;
  departmentId: number | null;
  roles: StaffRole[];
}

/** 人员管理: staff of the administered units, invitations, roles, resets, unlocking and leavers. */
export default function StaffPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<StaffQuery>({});
  const [editing, setEditing] = useState<AdminStaff | 'new' | null>(null);
  const [leaving, setLeaving] = useState<{ person: AdminStaff; held: HeldWork } | null>(null);
  const [form] = Form.useForm<PersonForm>();
  const [handover] = Form.useForm<Record<string, number>>();
  const unitId = Form.useWatch('unitId', form);

  const staffList = useQuery({
    queryKey: queryKeys.adminStaff(filter),
    queryFn: () => fetchAdminStaff(filter),
    placeholderData: keepPreviousData,
  });
  const unitList = useQuery({ queryKey: queryKeys.adminUnits, queryFn: fetchAdminUnits });
  const failure = staffList.error ?? unitList.error;
  useEffect(() => {
    if (failure) reportError(failure);
  }, [failure, reportError]);
  const staff = staffList.data ?? [];
  const units = unitList.data ?? [];

  const unitOptions = units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  const roleOptions = staffRoles.map((role) => ({ value: role, label: t(`role.${role}`) }));
  const departmentOptions = (units.find((u) => u.id === unitId)?.departments ?? [])
    .filter((d) => d.active)
    .map((d) => ({ value: d.id, label: d.name }));
  const leaders = staff.filter((p) => p.active && p.roles.includes('leader') && p.id !== leaving?.person.id);
  const successors = staff.filter((p) => p.active && p.id !== leaving?.person.id);

  const change = useMutation({
    mutationFn: ({ work }: { work: () => Promise<unknown>; done?: () => void }) => work(),
    onSuccess: async (_, { done }) => {
      message.success(t('administration.saved'));
      done?.();
      // The staff list, the units' open work and the log all show the change.
      await queryClient.invalidateQueries({ queryKey: queryKeys.administration });
    },
    onError: (error) => {
      reportError(error);
      // The fields the server named show what was wrong with them.
      if (error instanceof ApiError) {
        form.setFields(
          error.details.map(({ field, message: problem }) => ({ name: field as never, errors: [problem] })),
        );
      }
    },
  });
  const run = (work: () => Promise<unknown>, done?: () => void) =>
    change.mutateAsync({ work, done }).catch(() => undefined);

  const save = (values: PersonForm) =>
    run(
      () =>
        editing === 'new'
          ? inviteStaff({ ...values, title: values.title ?? '', departmentId: values.departmentId ?? null })
          : setRoles((editing as AdminStaff).id, {
              roles: values.roles,
              departmentId: values.departmentId ?? null,
            }),
      () => setEditing(null),
    );

  const startLeaving = async (person: AdminStaff) => {
    try {
      handover.resetFields();
      const held = await queryClient.fetchQuery({
        queryKey: queryKeys.heldWork(person.id),
        queryFn: () => fetchHeldWork(person.id),
        // What they hold now, not when the dialog was last opened.
        staleTime: 0,
      });
      setLeaving({ person, held });
    } catch (error) {
      reportError(error);
    }
  };

  const leave = (values: Record<string, number>) => {
    if (!leaving) return;
    const { held, person } = leaving;
    return run(
      () =>
        deactivateStaff(person.id, {
          backlogCases: Object.fromEntries(
            held.backlogCases.map((c) => [c.caseNumber, values[`case:${c.caseNumber}`]!]),
          ),
          escalations: Object.fromEntries(held.escalations.map((e) => [e.id, values[`escalation:${e.id}`]!])),
          departmentSuccessorId: held.department ? (values.department ?? null) : null,
        }),
      () => setLeaving(null),
    );
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('administration.fields.unit')}
          aria-label={t('administration.fields.unit')}
          style={{ width: 200 }}
          options={unitOptions}
          onChange={(v?: number) => setFilter((f) => ({ ...f, unitId: v }))}
        />
        <Select
          allowClear
          placeholder={t('administration.fields.roles')}
          aria-label={t('administration.fields.roles')}
          style={{ width: 160 }}
          options={roleOptions}
          onChange={(v?: StaffQuery['role']) => setFilter((f) => ({ ...f, role: v }))}
        />
        <Input.Search
          allowClear
          placeholder={t('administration.staff.search')}
          onSearch={(q) => setFilter((f) => ({ ...f, q }))}
        />
        <Button
          type="primary"
          onClick={() => {
            form.resetFields();
            setEditing('new');
          }}
        >
          {t('administration.staff.invite')}
        </Button>
      </Space>
      <Table<AdminStaff>
        rowKey="id"
        dataSource={staff}
        columns={checkedColumns<AdminStaff>([
          { title: t('administration.fields.name'), dataIndex: 'name' },
          { title: t('administration.fields.email'), dataIndex: 'email' },
          { title: t('administration.fields.unit'), render: (_, p) => p.unit.name },
          { title: t('administration.fields.department'), render: (_, p) => p.department?.name ?? '' },
          {
            title: t('administration.fields.roles'),
            render: (_, p) => p.roles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>),
          },
          {
            title: t('administration.fields.status'),
            render: (_, p) => (
              <>
                {p.active ? (
                  <Tag color="green">{t('administration.active')}</Tag>
                ) : (
                  <Tag>{t('administration.inactive')}</Tag>
                )}
                {p.locked && <Tag color="red">{t('administration.staff.locked')}</Tag>}
                {p.secondFactor && <Tag color="blue">{t('administration.staff.secondFactor')}</Tag>}
              </>
            ),
          },
          {
            key: 'operations',
            render: (_, p) =>
              p.active && (
                <Space wrap>
                  <Button
                    size="small"
                    onClick={() => {
                      form.setFieldsValue({
                        ...p,
                        unitId: p.unit.id,
                        departmentId: p.department?.id ?? null,
                      });
                      setEditing(p);
                    }}
                  >
                    {t('administration.staff.roles')}
                  </Button>
                  <Button size="small" onClick={() => run(() => resetPassword(p.id))}>
                    {t('administration.staff.reset')}
                  </Button>
                  {/* Only a bound authenticator can be reset; one merely begun is replaced at the next sign-in. */}
                  {p.secondFactor && (
                    <Button
                      size="small"
                      onClick={() =>
                        modal.confirm({
                          title: t('administration.staff.resetSecondFactor'),
                          content: t('administration.staff.resetSecondFactorConfirm', { name: p.name }),
                          okText: t('administration.staff.resetSecondFactor'),
                          cancelText: t('actions.cancel'),
                          onOk: () => run(() => resetSecondFactor(p.id)),
                        })
                      }
                    >
                      {t('administration.staff.resetSecondFactor')}
                    </Button>
                  )}
                  {p.locked && (
                    <Button size="small" onClick={() => run(() => unlockStaff(p.id))}>
                      {t('administration.staff.unlock')}
                    </Button>
                  )}
                  <Button size="small" danger onClick={() => void startLeaving(p)}>
                    {t('administration.deactivate')}
                  </Button>
                </Space>
              ),
          },
        ])}
      />
      <Modal
        open={editing !== null}
        title={t(editing === 'new' ? 'administration.staff.invite' : 'administration.staff.roles')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('administration.save')}
      >
        <Form form={form} layout="vertical" name="staffForm" onFinish={save}>
          <Form.Item
            name="email"
            label={t('administration.fields.email')}
            rules={[{ required: true, type: 'email', message: t('administration.required') }]}
          >
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('administration.fields.name')}
            rules={[{ required: true, message: t('administration.required') }]}
          >
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="title" label={t('administration.fields.title')}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item
            name="unitId"
            label={t('administration.fields.unit')}
            rules={[{ required: true, message: t('administration.required') }]}
          >
            <Select options={unitOptions} disabled={editing !== 'new'} showSearch optionFilterProp="label" />
          </Form.Item>
          <Form.Item
            name="roles"
            label={t('administration.fields.roles')}
            rules={[{ required: true, message: t('administration.required') }]}
          >
            <Select mode="multiple" options={roleOptions} />
          </Form.Item>
          <Form.Item name="departmentId" label={t('administration.fields.department')}>
            <Select allowClear options={departmentOptions} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={leaving !== null}
        title={leaving && t('administration.staff.leaving', { name: leaving.person.name })}
        onCancel={() => setLeaving(null)}
        onOk={() => handover.submit()}
        okText={t('administration.deactivate')}
        okButtonProps={{ danger: true }}
      >
        {leaving && (
          <Form form={handover} layout="vertical" name="handover" onFinish={leave}>
            {leaving.held.backlogCases.length + leaving.held.escalations.length === 0 &&
              !leaving.held.department && (
                <Typography.Paragraph>{t('administration.staff.nothingHeld')}</Typography.Paragraph>
              )}
            {leaving.held.backlogCases.map((c) => (
              <Form.Item
                key={c.caseNumber}
                name={`case:${c.caseNumber}`}
                label={t('administration.staff.backlogCase', { caseNumber: c.caseNumber })}
                rules={[{ required: true, message: t('administration.required') }]}
              >
                <Select options={leaders.map((p) => ({ value: p.id, label: `${p.unit.name} ${p.name}` }))} />
              </Form.Item>
            ))}
            {leaving.held.escalations.map((e) => (
              <Form.Item
                key={e.id}
                name={`escalation:${e.id}`}
                label={t('administration.staff.escalation', { caseNumber: e.caseNumber })}
                rules={[{ required: true, message: t('administration.required') }]}
              >
                <Select
                  options={successors.map((p) => ({ value: p.id, label: `${p.unit.name} ${p.name}` }))}
                />
              </Form.Item>
            ))}
            {leaving.held.department && (
              <Form.Item
                name="department"
                label={t('administration.staff.department', { name: leaving.held.department.name })}
                rules={[{ required: true, message: t('administration.required') }]}
              >
                <Select
                  options={successors.map((p) => ({ value: p.id, label: `${p.unit.name} ${p.name}` }))}
                />
              </Form.Item>
            )}
          </Form>
        )}
      </Modal>
    </>
  );
}
