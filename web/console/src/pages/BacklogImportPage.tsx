import { Alert, Space, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { importBacklog, importTemplateUrl, type ImportedCaseRow, type ImportResult } from '../api';
import { CaseLink } from '../components/CaseLink';
import { SpreadsheetImport } from '../components/SpreadsheetImport';
import { checkedColumns } from '../columns';

type Outcome = 'imported' | 'alreadyImported' | 'unchanged';
type ResultRow = ImportedCaseRow & { outcome: Outcome };

/** Every row of the file with its case: new now, the same file before, or imported before from another file. */
function resultRows(result: ImportResult): ResultRow[] {
  const own: Outcome = result.unchanged ? 'unchanged' : 'imported';
  return [
    ...result.cases.map((row) => ({ ...row, outcome: own })),
    ...(result.skipped ?? []).map((row) => ({ ...row, outcome: 'alreadyImported' as const })),
  ].sort((a, b) => a.line - b.line);
}

function Imported({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  const rows = resultRows(result);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type={result.unchanged ? 'info' : 'success'}
        showIcon
        message={result.unchanged ? t('backlogImport.sameFile') : t('backlogImport.done')}
      />
      <Space size="large" wrap>
        <Statistic
          title={t('backlogImport.outcome.imported')}
          value={result.unchanged ? 0 : result.imported}
        />
        <Statistic title={t('backlogImport.outcome.alreadyImported')} value={result.alreadyImported} />
        <Statistic
          title={t('backlogImport.outcome.unchanged')}
          value={result.unchanged ? result.imported : 0}
        />
      </Space>
      <Table<ResultRow>
        aria-label={t('backlogImport.cases')}
        size="small"
        rowKey="line"
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        columns={checkedColumns<ResultRow>([
          { title: t('backlogImport.line'), dataIndex: 'line', width: 80 },
          { title: t('backlogImport.externalRef'), dataIndex: 'externalRef' },
          {
            title: t('ledger.caseNumber'),
            dataIndex: 'caseNumber',
            render: (caseNumber: string) => <CaseLink caseNumber={caseNumber} />,
          },
          {
            title: t('backlogImport.result'),
            dataIndex: 'outcome',
            render: (outcome: Outcome) => t(`backlogImport.outcome.${outcome}`),
          },
        ])}
      />
    </Space>
  );
}

/** 集中排查导入: an office's existing backlog from its old ledger, all rows or none. */
export default function BacklogImportPage() {
  const { t } = useTranslation();
  return (
    <SpreadsheetImport
      title={t('nav.backlogImport')}
      templateHint={t('backlogImport.templateHint')}
      uploadHint={t('backlogImport.uploadHint')}
      templateUrl={importTemplateUrl}
      upload={importBacklog}
      imported={(result) => <Imported result={result} />}
    />
  );
}
