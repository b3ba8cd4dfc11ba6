import {
  Alert,
  Button,
  Card,
  DatePicker,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem } from '../api';
import type { ClockName } from '../../../../domain/policy';
import { queryKeys } from '../queries';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';
import {
  discardPolicyDraft,
  publishPolicyDraft,
  savePolicyDraft,
  type ClockSetting,
  type Counting,
  type DraftView,
  type PolicyBody,
  type PolicyCategory,
  type PolicyDifference,
} from './administrationApi';
import { checkedColumns, type Columns } from '../columns';

const countings: Counting[] = ['calendar_days', 'working_days'];
const escalationTargets = ['office_head', 'unit_leader', 'level_above', 'leader_superior'] as const;

type ClockRow = ClockSetting & { clock: ClockName };

const show = (value: unknown) =>
  value === null || value === undefined ? '—' : Array.isArray(value) ? value.join('、') : String(value);

/** The differences to the version in force, each setting by its name. */
function DifferencesTable({ differences }: { differences: PolicyDifference[] }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const name = (path: string) => {
    const [group, key, field] = path.split('.');
    if (group === 'clocks') return `${label('clock', key!)} · ${t(`administration.policy.fields.${field}`)}`;
    if (group === 'categories')
      return `${label('category', key!)} · ${t(`administration.policy.fields.${field}`)}`;
    return t(`administration.policy.fields.${group}.${key}`);
  };
  return differences.length === 0 ? (
    <Typography.Text type="secondary">{t('administration.policy.noDifferences')}</Typography.Text>
  ) : (
    <Table<PolicyDifference>
      aria-label={t('administration.policy.differences')}
      size="small"
      rowKey="path"
      pagination={false}
      dataSource={differences}
      columns={checkedColumns<PolicyDifference>([
        { title: t('administration.policy.setting'), dataIndex: 'path', render: name },
        { title: t('administration.policy.inForce'), dataIndex: 'current', render: show },
        {
          title: t('administration.policy.draftValue'),
          dataIndex: 'draft',
          render: (value: unknown) => <Typography.Text strong>{show(value)}</Typography.Text>,
        },
      ])}
    />
  );
}

/**
 * A policy draft (时限政策草案): each clock's length, counting, warnings and escalation,
 * the extension limit, the categories' names; saved only within the regulations' limits
 * (the server names the article of each refusal); then the differences and publishing.
 */
export function PolicyDraftEditor({
  view,
  onChanged,
  onClosed,
}: {
  view: DraftView;
  onChanged: (view: DraftView) => void;
  onClosed: (published: boolean) => void;
}) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const reportError = useReportError();
  const [body, setBody] = useState<PolicyBody>(view.draft.body);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [effectiveFrom, setEffectiveFrom] = useState<Dayjs | null>(null);
  const dirty = JSON.stringify(body) !== JSON.stringify(view.draft.body);

  const setClock = (clock: ClockName, change: Partial<ClockSetting>) =>
    setBody((b) => ({ ...b, clocks: { ...b.clocks, [clock]: { ...b.clocks[clock], ...change } } }));
  const setCategory = (index: number, change: Partial<PolicyCategory>) =>
    setBody((b) => ({
      ...b,
      categories: b.categories.map((c, i) => (i === index ? { ...c, ...change } : c)),
    }));

  const queryClient = useQueryClient();
  const saving = useMutation({
    mutationFn: (changed: PolicyBody) => savePolicyDraft(view.draft.id, changed),
    onSuccess: async (saved) => {
      setProblems([]);
      setBody(saved.draft.body);
      onChanged(saved);
      // The drafts list shows when each was last changed.
      await queryClient.invalidateQueries({ queryKey: queryKeys.policies });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.details.length > 0) setProblems(error.details);
      else reportError(error);
    },
  });
  const save = () => saving.mutateAsync(body).catch(() => undefined);

  // Publishing or discarding changes the list of versions and drafts.
  const closing = useMutation({
    mutationFn: ({ publishOn }: { publishOn?: string }) =>
      publishOn
        ? publishPolicyDraft(view.draft.id, publishOn).then(() => true)
        : discardPolicyDraft(view.draft.id).then(() => false),
    onSuccess: async (published) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.policies });
      onClosed(published);
    },
    onError: reportError,
  });
  const publish = async () => {
    if (!effectiveFrom) return;
    await closing.mutateAsync({ publishOn: effectiveFrom.format('YYYY-MM-DD') }).catch(() => undefined);
  };
  const discard = () => closing.mutateAsync({}).catch(() => undefined);

  const problemOf = (field: string) => problems.find((p) => p.field === field);
  const status = (field: string) => (problemOf(field) ? ('error' as const) : undefined);
  const rows: ClockRow[] = (Object.entries(body.clocks) as [ClockName, ClockSetting][]).map(
    ([clock, setting]) => ({
      clock,
      ...setting,
    }),
  );
  const columns: Columns<ClockRow> = [
    { title: t('policy.clock'), dataIndex: 'clock', render: (clock: string) => label('clock', clock) },
    {
      title: t('policy.length'),
      key: 'length',
      render: (_, row) => (
        <InputNumber
          aria-label={`${label('clock', row.clock)} ${t('policy.length')}`}
          min={0}
          max={366}
          value={row.length}
          status={status(`clocks.${row.clock}.length`)}
          onChange={(value) => setClock(row.clock, { length: value ?? 0 })}
        />
      ),
    },
    {
      title: t('administration.policy.counting'),
      key: 'counting',
      render: (_, row) => (
        <Select<Counting>
          aria-label={`${label('clock', row.clock)} ${t('administration.policy.counting')}`}
          value={row.counting}
          status={status(`clocks.${row.clock}.counting`)}
          style={{ width: 120 }}
          options={countings.map((c) => ({ value: c, label: t(`administration.policy.countings.${c}`) }))}
          onChange={(counting) => setClock(row.clock, { counting })}
        />
      ),
    },
    {
      title: t('policy.warnings'),
      key: 'warnBeforeDays',
      render: (_, row) => (
        <Select<string[]>
          aria-label={`${label('clock', row.clock)} ${t('policy.warnings')}`}
          mode="tags"
          value={row.warnBeforeDays.map(String)}
          status={status(`clocks.${row.clock}.warnBeforeDays`)}
          style={{ minWidth: 120 }}
          tokenSeparators={[',', '，', '、', ' ']}
          onChange={(values) =>
            setClock(row.clock, {
              warnBeforeDays: values
                .map(Number)
                .filter((n) => Number.isInteger(n) && n > 0)
                .sort((a, b) => b - a),
            })
          }
        />
      ),
    },
    {
      title: t('policy.escalateTo'),
      key: 'escalateTo',
      render: (_, row) =>
        row.escalateTo ? (
          <Select
            aria-label={`${label('clock', row.clock)} ${t('policy.escalateTo')}`}
            value={row.escalateTo}
            style={{ width: 160 }}
            options={escalationTargets.map((target) => ({
              value: target,
              label: label('escalationTarget', target),
            }))}
            onChange={(escalateTo) => setClock(row.clock, { escalateTo })}
          />
        ) : (
          '—'
        ),
    },
  ];

  const tomorrow = dayjs().add(1, 'day').startOf('day');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('administration.policy.editing', { version: view.draft.version })}
        extra={
          <Space>
            <Popconfirm title={t('administration.policy.discardConfirm')} onConfirm={() => void discard()}>
              <Button danger>{t('administration.policy.discard')}</Button>
            </Popconfirm>
            <Button onClick={() => onClosed(false)}>{t('administration.close')}</Button>
            <Button type="primary" loading={saving.isPending} disabled={!dirty} onClick={() => void save()}>
              {t('administration.save')}
            </Button>
          </Space>
        }
      >
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('administration.policy.refused')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {problems.map((p) => (
                  <li key={`${p.field}/${p.message}`}>{p.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <Table<ClockRow>
          aria-label={t('administration.policy.clocks')}
          rowKey="clock"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
        <Space wrap size="large" style={{ marginTop: 12 }}>
          <Space>
            {t('administration.policy.fields.extension.maxDays')}
            <InputNumber
              aria-label={t('administration.policy.fields.extension.maxDays')}
              min={0}
              max={366}
              value={body.extension.maxDays}
              status={status('extension.maxDays')}
              onChange={(maxDays) =>
                setBody((b) => ({ ...b, extension: { ...b.extension, maxDays: maxDays ?? 0 } }))
              }
            />
          </Space>
          <Space>
            {t('administration.policy.fields.extension.maxCount')}
            <InputNumber
              aria-label={t('administration.policy.fields.extension.maxCount')}
              min={0}
              max={10}
              value={body.extension.maxCount}
              status={status('extension.maxCount')}
              onChange={(maxCount) =>
                setBody((b) => ({ ...b, extension: { ...b.extension, maxCount: maxCount ?? 0 } }))
              }
            />
          </Space>
          <Space>
            {t('policy.disciplineNotice')}
            <InputNumber
              aria-label={t('policy.disciplineNotice')}
              min={1}
              max={366}
              value={body.disciplineRealNameNotice.length}
              status={status('disciplineRealNameNotice.length')}
              onChange={(length) =>
                setBody((b) => ({
                  ...b,
                  disciplineRealNameNotice: { ...b.disciplineRealNameNotice, length: length ?? 1 },
                }))
              }
            />
            <Select<Counting>
              aria-label={`${t('policy.disciplineNotice')} ${t('administration.policy.counting')}`}
              value={body.disciplineRealNameNotice.counting}
              style={{ width: 120 }}
              options={countings.map((c) => ({ value: c, label: t(`administration.policy.countings.${c}`) }))}
              onChange={(counting) =>
                setBody((b) => ({
                  ...b,
                  disciplineRealNameNotice: { ...b.disciplineRealNameNotice, counting },
                }))
              }
            />
          </Space>
        </Space>
      </Card>
      <Card size="small" title={t('administration.policy.categories')}>
        <Table<PolicyCategory>
          aria-label={t('administration.policy.categories')}
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={body.categories}
          columns={checkedColumns<PolicyCategory>([
            { title: t('administration.policy.code'), dataIndex: 'code' },
            {
              title: t('administration.policy.nameZh'),
              key: 'zh',
              render: (_, row, index) => (
                <Input
                  aria-label={`${row.code} ${t('administration.policy.nameZh')}`}
                  value={row.zh}
                  maxLength={32}
                  onChange={(e) => setCategory(index, { zh: e.target.value })}
                />
              ),
            },
            {
              title: t('administration.policy.nameEn'),
              key: 'en',
              render: (_, row, index) => (
                <Input
                  aria-label={`${row.code} ${t('administration.policy.nameEn')}`}
                  value={row.en}
                  maxLength={64}
                  onChange={(e) => setCategory(index, { en: e.target.value })}
                />
              ),
            },
          ])}
        />
      </Card>
      <Card size="small" title={t('administration.policy.differencesTo', { version: view.inForce })}>
        {dirty && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('administration.policy.unsaved')}
          />
        )}
        <DifferencesTable differences={view.differences} />
      </Card>
      <Card size="small" title={t('administration.policy.publish')}>
        <Typography.Paragraph>{t('administration.policy.publishHint')}</Typography.Paragraph>
        <Space>
          <DatePicker
            aria-label={t('policy.effectiveFrom')}
            value={effectiveFrom}
            onChange={setEffectiveFrom}
            disabledDate={(day) => day.isBefore(tomorrow, 'day')}
            format="YYYY-MM-DD"
          />
          <Popconfirm
            title={t('administration.policy.publishConfirm', {
              version: view.draft.version,
              date: effectiveFrom?.format('YYYY-MM-DD') ?? '',
            })}
            disabled={!effectiveFrom || dirty}
            onConfirm={() => void publish()}
          >
            <Button type="primary" disabled={!effectiveFrom || dirty}>
              {t('administration.policy.publish')}
            </Button>
          </Popconfirm>
        </Space>
      </Card>
    </Space>
  );
}
