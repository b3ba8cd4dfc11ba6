import { Alert, Space, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { SpreadsheetImport } from '../components/SpreadsheetImport';
import { importOrgChart, orgChartTemplateUrl, type OrgChartImportResult } from './administrationApi';

function Imported({ result }: { result: OrgChartImportResult }) {
  const { t } = useTranslation();
  const nothing = result.importId === null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type={nothing ? 'info' : 'success'}
        showIcon
        message={nothing ? t('administration.orgChart.nothingNew') : t('administration.orgChart.done')}
      />
      <Space size="large" wrap>
        <Statistic title={t('administration.orgChart.units')} value={result.created.units} />
        <Statistic title={t('administration.orgChart.departments')} value={result.created.departments} />
        <Statistic title={t('administration.orgChart.staff')} value={result.created.staff} />
        <Statistic title={t('administration.orgChart.unchanged')} value={result.unchanged} />
        <Statistic title={t('administration.orgChart.invitations')} value={result.invitations} />
      </Space>
    </Space>
  );
}

/** 组织机构导入: units, departments and staff of the administrator's subtree from one file, all rows or none. */
export default function OrgChartImportPage() {
  const { t } = useTranslation();
  return (
    <SpreadsheetImport
      title={t('nav.orgChartImport')}
      templateHint={t('administration.orgChart.templateHint')}
      uploadHint={t('administration.orgChart.uploadHint')}
      templateUrl={orgChartTemplateUrl}
      upload={importOrgChart}
      imported={(result) => <Imported result={result} />}
    />
  );
}
