import { Descriptions, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatShanghai } from '../../time';
import { AttachmentLinks } from './AttachmentLinks';
import type { VisitRecord } from './backlogEvents';

/** 带件下访、下沉接访: where the leader went, whom they met and what was agreed. */
export function FieldVisits({ visits }: { visits: VisitRecord[] }) {
  const { t } = useTranslation();
  if (visits.length === 0) return <Typography.Text type="secondary">{t('backlog.noVisits')}</Typography.Text>;
  return (
    <List
      itemLayout="vertical"
      size="small"
      dataSource={visits}
      rowKey="seq"
      renderItem={(visit) => (
        <List.Item>
          <Typography.Text strong>
            {t('backlog.visitHeading', {
              kind: t(`backlog.visitKind.${visit.kind}`, { defaultValue: visit.kind }),
              date: visit.date,
              place: visit.place,
            })}
          </Typography.Text>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'met', label: t('backlog.visit.met'), children: visit.met },
              {
                key: 'agreed',
                label: t('backlog.visit.agreed'),
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{visit.agreed}</span>,
              },
              ...(visit.attachments.length > 0
                ? [
                    {
                      key: 'attachments',
                      label: t('backlog.visit.attachments'),
                      children: <AttachmentLinks attachments={visit.attachments} />,
                    },
                  ]
                : []),
              {
                key: 'recorded',
                label: t('backlog.visit.recorded'),
                children: `${formatShanghai(visit.recordedAt)} · ${visit.by ?? '—'}`,
              },
            ]}
          />
        </List.Item>
      )}
    />
  );
}
