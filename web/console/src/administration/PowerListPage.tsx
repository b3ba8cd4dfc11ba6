import { Alert, Button, Card, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categories, type Category } from '../api';
import { queryKeys } from '../queries';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError, useReportFailure } from '../useReportError';
import { useUnitTree } from '../useUnitTree';
import { fetchPowerList, savePowerList, type PowerList } from './administrationApi';
import { checkedColumns } from '../columns';

/**
 * 权力清单: for a unit of the administrator's subtree, which department (or discipline
 * body) handles each category of petition. Dispatch proposes the department from it.
 */
export default function PowerListPage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const reportError = useReportError();
  const queryClient = useQueryClient();
  const [unitCode, setUnitCode] = useState<string | undefined>();
  const [choices, setChoices] = useState<Partial<Record<Category, number>>>({});
  const [saved, setSaved] = useState(false);

  const units = useUnitTree();
  const loaded = useQuery({
    queryKey: queryKeys.powerList(unitCode ?? ''),
    queryFn: () => fetchPowerList(unitCode!),
    enabled: unitCode !== undefined,
  });
  const list: PowerList | null = loaded.data ?? null;
  useReportFailure(loaded.error);
  // The choices start from the list as loaded (or saved) for the unit.
  useEffect(() => {
    if (list) setChoices(Object.fromEntries(list.entries.map((e) => [e.category, e.department.id])));
  }, [list]);
  useEffect(() => setSaved(false), [unitCode]);

  const saving = useMutation({
    mutationFn: ({
      unit,
      entries,
    }: {
      unit: string;
      entries: { category: Category; departmentId: number }[];
    }) => savePowerList(unit, entries),
    onSuccess: (answer, { unit }) => {
      queryClient.setQueryData(queryKeys.powerList(unit), answer);
      setSaved(true);
    },
    onError: reportError,
  });
  const save = async () => {
    if (!unitCode) return;
    const entries = categories.flatMap((category) => {
      const departmentId = choices[category];
      return departmentId === undefined ? [] : [{ category, departmentId }];
    });
    await saving.mutateAsync({ unit: unitCode, entries }).catch(() => undefined);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 1000 }}>
      <Card size="small" title={t('nav.powerList')}>
        <Typography.Paragraph>{t('administration.powerList.hint')}</Typography.Paragraph>
        <TreeSelect
          aria-label={t('administration.powerList.unit')}
          placeholder={t('administration.powerList.chooseUnit')}
          style={{ width: 360 }}
          treeData={units}
          value={unitCode}
          onChange={setUnitCode}
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
        />
      </Card>
      {unitCode && (
        <Card
          size="small"
          loading={list === null}
          title={list ? t('administration.powerList.of', { unit: list.unit.name }) : ''}
          extra={
            <Button type="primary" loading={saving.isPending} onClick={() => void save()}>
              {t('administration.save')}
            </Button>
          }
        >
          {saved && (
            <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('administration.saved')} />
          )}
          {list && (
            <Table<{ category: Category }>
              aria-label={t('nav.powerList')}
              size="small"
              rowKey="category"
              pagination={false}
              dataSource={categories.map((category) => ({ category }))}
              columns={checkedColumns<{ category: Category }>([
                {
                  title: t('administration.powerList.category'),
                  dataIndex: 'category',
                  render: (category: Category) => label('category', category),
                },
                {
                  title: t('administration.powerList.department'),
                  key: 'department',
                  render: (_, { category }) => (
                    <Select<number>
                      aria-label={`${label('category', category)} ${t('administration.powerList.department')}`}
                      allowClear
                      placeholder={t('administration.powerList.none')}
                      style={{ width: 360 }}
                      value={choices[category]}
                      onChange={(departmentId) => setChoices((c) => ({ ...c, [category]: departmentId }))}
                      options={list.targets.map((d) => ({
                        value: d.id,
                        label: `${d.name}（${d.unit.name}）`,
                      }))}
                    />
                  ),
                },
              ])}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
