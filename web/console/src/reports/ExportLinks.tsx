import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportFormat } from '../api';

/** The report as a file to pass on: a spreadsheet to work with, a PDF to print and file. */
export function ExportLinks({
  urlOf,
  keys,
}: {
  urlOf: (format: ReportFormat) => string;
  /** The page's locale group, which names its own files. */
  keys: 'closeOut' | 'bulletin' | 'statistics';
}) {
  const { t } = useTranslation();
  return (
    <Space>
      {(['xlsx', 'pdf'] as const).map((format) => (
        <Button key={format} href={urlOf(format)} icon={<DownloadOutlined />} download>
          {t(`${keys}.export.${format}`)}
        </Button>
      ))}
    </Space>
  );
}
