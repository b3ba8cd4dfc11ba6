import { Space } from 'antd';
import { attachmentUrl, type AttachmentRef } from '../../api';

const sizeText = (size: number) =>
  size >= 1024 * 1024
    ? `${(size / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(size / 1024))} KB`;

/** Files recorded with an event, each a download link. */
export function AttachmentLinks({ attachments }: { attachments: readonly AttachmentRef[] }) {
  if (attachments.length === 0) return null;
  return (
    <Space size={[12, 4]} wrap>
      {attachments.map(({ id, fileName, size }) => (
        <a key={id} href={attachmentUrl(id)} download={fileName}>
          {fileName} ({sizeText(size)})
        </a>
      ))}
    </Space>
  );
}
