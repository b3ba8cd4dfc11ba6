import { App, Button, Card, Col, Form, Input, Modal, Row, Space, Table, Tag, Tree, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { checkedColumns } from '../columns';
import { queryKeys } from '../queries';
import { useReportError } from '../useReportError';
import {
  createDepartment,
  createUnit,
  changeUnit,
  deactivateDepartment,
  deactivateUnit,
  fetchAdminUnits,
  levelBelow,
  renameDepartment,
  type AdminDepartment,
  type AdminUnit,
} from './api';

interface TreeNode {
  key: number;
  title: string;
  children: TreeNode[];
}

function treeOf(units: AdminUnit[], parentId: number | null, t: (key: string) => string): TreeNode[] {
  const roots =
    parentId === null
      ? units.filter((u) => !units.some((p) => p.id === u.parentId))
      : units.filter((u) => u.parentId === parentId);
  return roots.map((u) => ({
    key: u.id,
    title: `${u.name}（${t(`administration.levels.${u.level}`)} ${u.code}）${u.active ? '' : ` · ${t('administration.inactive')}`}`,
    children: treeOf(units, u.id, t),
  }));
}

type Editing =
  | { kind: 'unit'; parent: AdminUnit }
  | { kind: 'rename'; unit: AdminUnit }
  | { kind: 'department'; unit: AdminUnit }
  | { kind: 'renameDepartment'; department: AdminDepartment };

/** 组织机构: the administered unit tree, each unit's departments, and their changes. */
export default function UnitsPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  // Every unit opens once it appears (a new one shows at once); the person may close them again.
  const [expanded, setExpanded] = useState<number[]>([]);
  const seen = useRef(new Set<number>());
  const [form] = Form.useForm<{ name: string; code: string }>();

  const loaded = useQuery({ queryKey: queryKeys.adminUnits, queryFn: fetchAdminUnits });
  const units = useMemo(() => loaded.data ?? [], [loaded.data]);
  useEffect(() => {
    if (loaded.error) reportError(loaded.error);
  }, [loaded.error, reportError]);
  useEffect(() => {
    const fresh = units.map((u) => u.id).filter((id) => !seen.current.has(id));
    fresh.forEach((id) => seen.current.add(id));
    if (fresh.length > 0) setExpanded((ids) => [...ids, ...fresh]);
    setSelectedId((id) => id ?? units[0]?.id ?? null);
  }, [units]);

  const tree = useMemo(() => treeOf(units, null, t), [units, t]);
  const selected = units.find((u) => u.id === selectedId) ?? null;

  const change = useMutation({
    mutationFn: (work: () => Promise<unknown>) => work(),
    onSuccess: async () => {
      message.success(t('administration.saved'));
      setEditing(null);
      form.resetFields();
      // The tree, the staff list (their units) and the log all show the change.
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
  const run = (work: () => Promise<unknown>) => change.mutateAsync(work).catch(() => undefined);

  const save = ({ name, code }: { name: string; code: string }) => {
    if (!editing) return;
    switch (editing.kind) {
      case 'unit':
        return run(() =>
          createUnit({ parentId: editing.parent.id, name, code, level: levelBelow(editing.parent.level)! }),
        );
      case 'rename':
        return run(() => changeUnit(editing.unit.id, { name, code }));
      case 'department':
        return run(() => createDepartment(editing.unit.id, { name, code }));
      case 'renameDepartment':
        return run(() => renameDepartment(editing.department.id, name));
    }
  };

  const open = (next: Editing, values: Partial<{ name: string; code: string }> = {}) => {
    form.setFieldsValue({ name: '', code: '', ...values });
    setEditing(next);
  };

  return (
    <Row gutter={16}>
      <Col xs={24} md={10}>
        <Card title={t('administration.units.title')}>
          {tree.length > 0 && (
            <Tree
              treeData={tree}
              expandedKeys={expanded}
              onExpand={(keys) => setExpanded(keys.map(Number))}
              selectedKeys={selectedId === null ? [] : [selectedId]}
              onSelect={(keys) => keys[0] !== undefined && setSelectedId(Number(keys[0]))}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={14}>
        {selected && (
          <Card
            title={selected.name}
            extra={
              <Space wrap>
                {levelBelow(selected.level) && selected.active && (
                  <Button type="primary" onClick={() => open({ kind: 'unit', parent: selected })}>
                    {t('administration.units.add', {
                      level: t(`administration.levels.${levelBelow(selected.level)}`),
                    })}
                  </Button>
                )}
                {selected.administered && (
                  <Button
                    onClick={() =>
                      open({ kind: 'rename', unit: selected }, { name: selected.name, code: selected.code })
                    }
                  >
                    {t('administration.units.rename')}
                  </Button>
                )}
                {selected.administered && selected.active && (
                  <Button danger onClick={() => run(() => deactivateUnit(selected.id))}>
                    {t('administration.deactivate')}
                  </Button>
                )}
              </Space>
            }
          >
            <Typography.Paragraph>
              {t(`administration.levels.${selected.level}`)} · {selected.code} ·{' '}
              {t('administration.units.openCases', { count: selected.openCases })}
            </Typography.Paragraph>
            <Table<AdminDepartment>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={selected.departments}
              title={() => (
                <Space>
                  <Typography.Text strong>{t('administration.departments.title')}</Typography.Text>
                  {selected.active && (
                    <Button size="small" onClick={() => open({ kind: 'department', unit: selected })}>
                      {t('administration.departments.add')}
                    </Button>
                  )}
                </Space>
              )}
              columns={checkedColumns<AdminDepartment>([
                { title: t('administration.fields.name'), dataIndex: 'name' },
                { title: t('administration.fields.code'), dataIndex: 'code' },
                {
                  title: t('administration.fields.status'),
                  dataIndex: 'active',
                  render: (active) =>
                    active ? (
                      <Tag color="green">{t('administration.active')}</Tag>
                    ) : (
                      <Tag>{t('administration.inactive')}</Tag>
                    ),
                },
                {
                  key: 'operations',
                  render: (_, department) =>
                    department.active && (
                      <Space>
                        <Button
                          size="small"
                          onClick={() =>
                            open({ kind: 'renameDepartment', department }, { name: department.name })
                          }
                        >
                          {t('administration.units.rename')}
                        </Button>
                        <Button
                          size="small"
                          danger
                          onClick={() => run(() => deactivateDepartment(department.id))}
                        >
                          {t('administration.deactivate')}
                        </Button>
                      </Space>
                    ),
                },
              ])}
            />
          </Card>
        )}
      </Col>
      <Modal
        open={editing !== null}
        title={editing && t(`administration.units.dialog.${editing.kind}`)}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('administration.save')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="unitForm" onFinish={save}>
          <Form.Item
            name="name"
            label={t('administration.fields.name')}
            rules={[{ required: true, message: t('administration.required') }]}
          >
            <Input />
          </Form.Item>
          {editing?.kind !== 'renameDepartment' && (
            <Form.Item
              name="code"
              label={t(
                editing?.kind === 'department'
                  ? 'administration.fields.departmentCode'
                  : 'administration.fields.divisionCode',
              )}
              rules={[{ required: true, message: t('administration.required') }]}
            >
              <Input />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Row>
  );
}
