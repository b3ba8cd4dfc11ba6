import { Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Cluster } from '../api';
import { CaseLink } from '../components/CaseLink';
import { formatShanghai } from '../time';
import { checkedColumns } from '../columns';

/** Clusters of one kind (people or units), most complainants first. People are never named here. */
export function ClusterTable({ clusters, of }: { clusters: Cluster[]; of: 'people' | 'units' }) {
  const { t } = useTranslation();
  return (
    <Table<Cluster>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={clusters}
      locale={{ emptyText: t(`autoTriage.clusters.none.${of}`) }}
      columns={checkedColumns<Cluster>([
        {
          title: t(`autoTriage.clusters.who.${of}`),
          key: 'who',
          render: (_: unknown, cluster: Cluster, index: number) => (
            <Space direction="vertical" size={0}>
              {of === 'people' && <strong>{t('autoTriage.clusters.person', { n: index + 1 })}</strong>}
              {cluster.positions.length > 0 && <span>{cluster.positions.join('、')}</span>}
              {cluster.units.length > 0 && <span>{cluster.units.map((u) => u.name).join('、')}</span>}
            </Space>
          ),
        },
        { title: t('autoTriage.clusters.complainants'), dataIndex: 'complainants' },
        { title: t('autoTriage.clusters.reports'), dataIndex: 'reports' },
        {
          title: t('autoTriage.clusters.period'),
          key: 'period',
          render: (_: unknown, cluster: Cluster) =>
            `${formatShanghai(cluster.firstReceivedAt)} – ${formatShanghai(cluster.lastReceivedAt)}`,
        },
        {
          title: t('autoTriage.clusters.cases'),
          dataIndex: 'caseNumbers',
          render: (caseNumbers: string[]) => (
            <Space size={[4, 4]} wrap>
              {caseNumbers.map((caseNumber) => (
                <Tag key={caseNumber}>
                  <CaseLink caseNumber={caseNumber} />
                </Tag>
              ))}
            </Space>
          ),
        },
      ])}
    />
  );
}
