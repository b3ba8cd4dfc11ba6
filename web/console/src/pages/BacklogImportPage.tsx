import { Alert, Button, Card, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  importBacklog,
  importTemplateUrl,
  type ImportedCaseRow,
  type ImportResult,
  type RowProblem,
} from '../api';
import { CaseLink } from '../components/CaseLink';

/** What the server answered to the upload: the batch, or the reasons nothing was imported. */
type Answer =
  { kind: 'imported'; result: ImportResult } | { kind: 'refused'; message: string; rows: RowProblem[] };

function RowProblems({ message, rows }: { message: string; rows: RowProblem[] }) {
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
        columns={[
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
        ]}
      />
    </Space>
  );
}

/** 集中排查导入: an office's existing backlog from its old ledger, all rows or none. */
export default function BacklogImportPage() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setAnswer(null);
    try {
      setAnswer({ kind: 'imported', result: await importBacklog(file) });
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
        <Typography.Paragraph>{t('backlogImport.templateHint')}</Typography.Paragraph>
        <Space wrap>
          <a href={importTemplateUrl('xlsx')} download>
            {t('backlogImport.downloadXlsx')}
          </a>
          <a href={importTemplateUrl('csv')} download>
            {t('backlogImport.downloadCsv')}
          </a>
        </Space>
      </Card>
      <Card title={t('nav.backlogImport')} size="small">
        <Typography.Paragraph>{t('backlogImport.uploadHint')}</Typography.Paragraph>
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
            <RowProblems message={answer.message} rows={answer.rows} />
          )}
        </Card>
      )}
    </Space>
  );
}
