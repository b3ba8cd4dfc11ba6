import { Alert, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type RowProblem } from '../api';
import { checkedColumns } from '../columns';

/** What the server answered to the upload: what it imported, or the reasons nothing was. */
type Answer<Result> =
  { kind: 'imported'; result: Result } | { kind: 'refused'; message: string; rows: RowProblem[] };

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
          columns={checkedColumns<RowProblem>([
            { title: t('backlogImport.line'), dataIndex: 'line', width: 80 },
            { title: t('backlogImport.column'), dataIndex: 'column', width: 160 },
            { title: t('backlogImport.problem'), dataIndex: 'message' },
          ])}
        />
      )}
    </Space>
  );
}

/**
 * An import from one CSV or XLSX file, all rows or none (the backlog, the org chart): the
 * template to fill in, the upload, and what came of it — or every row's problem, so the
 * office fixes the file in one go.
 */
export function SpreadsheetImport<Result>(props: {
  title: string;
  templateHint: string;
  uploadHint: string;
  templateUrl: (format: 'xlsx' | 'csv') => string;
  upload: (file: File) => Promise<Result>;
  imported: (result: Result) => ReactNode;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer<Result> | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setAnswer(null);
    try {
      setAnswer({ kind: 'imported', result: await props.upload(file) });
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
        <Typography.Paragraph>{props.templateHint}</Typography.Paragraph>
        <Space wrap>
          <a href={props.templateUrl('xlsx')} download>
            {t('backlogImport.downloadXlsx')}
          </a>
          <a href={props.templateUrl('csv')} download>
            {t('backlogImport.downloadCsv')}
          </a>
        </Space>
      </Card>
      <Card title={props.title} size="small">
        <Typography.Paragraph>{props.uploadHint}</Typography.Paragraph>
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
            props.imported(answer.result)
          ) : (
            <RowProblems message={answer.message} rows={answer.rows} />
          )}
        </Card>
      )}
    </Space>
  );
}
