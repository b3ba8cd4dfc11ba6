import { Alert, Button, Card, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type RowProblem } from '../api';
import { importOrgChart, orgChartTemplateUrl, type OrgChartImportResult } from './administrationApi';

type Answer =
  | { kind: 'imported'; result: OrgChartImportResult }
  | { kind: 'refused'; message: string; rows: RowProblem[] };

function Refused({ message, rows }: { message: string; rows: RowProblem[] }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="error" showIcon message={message} />
      {rows.length > 0 && (
        <Table<RowProblem>
          aria-label={t('backlogImport.rowProblems')}
          size="small"
          rowKey={(row) => `${row.line}/${row.column}/${row.message}`}
          dataSource={rows}
          pagination={rows.length > 50 ? { pageSize: 50 } : false}
          columns={[
            { title: t('backlogImport.line'), dataIndex: 'line', width: 80 },
            { title: t('backlogImport.column'), dataIndex: 'column', width: 160 },
            { title: t('backlogImport.problem'), dataIndex: 'message' },
          ]}
        />
      )}
    </Space>
  );
}

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
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setAnswer(null);
    try {
      setAnswer({ kind: 'imported', result: await importOrgChart(file) });
    } catch (error) {
      setAnswer({
        kind: 'refused',
        message: error instanceof Error ? error.message : String(error),
        rows: error instanceof ApiError ? error.rows : [],
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 1000 }}>
      <Card title={t('backlogImport.template')} size="small">
        <Typography.Paragraph>{t('administration.orgChart.templateHint')}</Typography.Paragraph>
        <Space wrap>
          <a href={orgChartTemplateUrl('xlsx')} download>
            {t('backlogImport.downloadXlsx')}
          </a>
          <a href={orgChartTemplateUrl('csv')} download>
            {t('backlogImport.downloadCsv')}
          </a>
        </Space>
      </Card>
      <Card title={t('nav.orgChartImport')} size="small">
        <Typography.Paragraph>{t('administration.orgChart.uploadHint')}</Typography.Paragraph>
        <Upload
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button type="primary" loading={busy}>
            {t('backlogImport.upload')}
          </Button>
        </Upload>
      </Card>
      {answer && (
        <Card title={t('backlogImport.outcomeTitle')} size="small">
          {answer.kind === 'imported' ? (
            <Imported result={answer.result} />
          ) : (
            <Refused message={answer.message} rows={answer.rows} />
          )}
        </Card>
      )}
    </Space>
  );
}
