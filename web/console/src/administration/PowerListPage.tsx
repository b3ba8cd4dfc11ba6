import { Alert, Button, Card, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categories, fetchUnits, type Category } from '../api';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';
import { unitTree, type UnitNode } from '../unitTree';
import { fetchPowerList, savePowerList, type PowerList } from './administrationApi';

/**
 * 权力清单: for a unit of the administrator's subtree, which department (or discipline
 * body) handles each category of petition. Dispatch proposes the department from it.
 */
export default function PowerListPage() {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const reportError = useReportError();
  const [units, setUnits] = useState<UnitNode[]>([]);
  const [unitCode, setUnitCode] = useState<string | undefined>();
  const [list, setList] = useState<PowerList | null>(null);
  const [choices, setChoices] = useState<Partial<Record<Category, number>>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    fetchUnits().then((all) => setUnits(unitTree(all)), reportError);
  }, [reportError]);

  useEffect(() => {
    if (!unitCode) return;
    setList(null);
    setSaved(false);
    fetchPowerList(unitCode).then((answer) => {
      setList(answer);
      setChoices(Object.fromEntries(answer.entries.map((e) => [e.category, e.department.id])));
    }, reportError);
  }, [unitCode, reportError]);

  const save = async () => {
    if (!unitCode) return;
    setSaving(true);
    try {
      const entries = categories.flatMap((category) => {
        const departmentId = choices[category];
        return departmentId === undefined ? [] : [{ category, departmentId }];
      });
      const answer = await savePowerList(unitCode, entries);
      setList(answer);
      setSaved(true);
    } catch (error) {
      reportError(error);
    } finally {
      setSaving(false);
    }
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
            <Button type="primary" loading={saving} onClick={() => void save()}>
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
              columns={[
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
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
