import { Button, Form, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { acceptAttribute } from '../../../../../domain/complainant-files';
import { uploadAttachment, type AttachmentRef } from '../../api';
import { useReportError } from '../../useReportError';

const maxBytes = 10 * 1024 * 1024;

interface AttachmentsInputProps {
  value?: UploadFile<AttachmentRef>[];
  onChange?: (files: UploadFile<AttachmentRef>[]) => void;
}

/** Each file is uploaded as soon as it is chosen; the action then sends the ids. */
function AttachmentsInput({ value = [], onChange }: AttachmentsInputProps) {
  const { t } = useTranslation();
  const reportError = useReportError();
  return (
    <Upload<AttachmentRef>
      multiple
      accept={acceptAttribute}
      fileList={value}
      beforeUpload={(file) => {
        if (file.size <= maxBytes) return true;
        reportError(new Error(t('backlog.attachmentTooLarge', { name: file.name })));
        return Upload.LIST_IGNORE;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        uploadAttachment(file as File).then(
          (stored) => onSuccess?.(stored),
          (error: unknown) => {
            reportError(error);
            onError?.(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }}
      onChange={({ fileList }) => onChange?.(fileList)}
    >
      <Button>{t('backlog.chooseFiles')}</Button>
    </Upload>
  );
}

/** Attachments of a field visit: photos, minutes, recordings (image, PDF or audio, 10 MB each). */
export function AttachmentsField({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={t('backlog.attachmentsHint')}
      rules={[
        {
          validator: async (_, files?: UploadFile[]) => {
            if (files?.some((file) => file.status === 'uploading'))
              throw new Error(t('backlog.stillUploading'));
            if (files?.some((file) => file.status === 'error')) throw new Error(t('backlog.uploadFailed'));
          },
        },
      ]}
    >
      <AttachmentsInput />
    </Form.Item>
  );
}
