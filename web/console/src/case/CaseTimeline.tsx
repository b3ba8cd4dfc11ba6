import { Card, Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../api';
import { formatShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import { AttachmentLinks } from './backlog/AttachmentLinks';
import { describeEvent } from './describeEvent';

const eventColours: Record<string, string> = {
  deadline_warning: 'orange',
  deadline_escalated: 'red',
  deadline_lapsed: 'gray',
  not_accepted: 'gray',
  closed_out: 'green',
  evaluated: 'green',
  designated_backlog: 'red',
  joined_open_case: 'gray',
};

/** 全程留痕: every event of the case, oldest first, in Beijing time. */
export function CaseTimeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const ordered = [...events].sort((a, b) => a.seq - b.seq);

  return (
    <Card title={t('case.timeline')} size="small">
      {ordered.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={ordered.map((event) => {
            const { actor, sentence, details, attachments } = describeEvent(t, label, event);
            return {
              key: event.seq,
              color: eventColours[event.type] ?? 'blue',
              children: (
                <>
                  <Typography.Text type="secondary">
                    <time dateTime={event.occurredAt}>{formatShanghai(event.occurredAt)}</time> · {actor}
                  </Typography.Text>
                  <div>{sentence}</div>
                  {details.map(({ label: field, text }) => (
                    <Typography.Paragraph
                      key={field}
                      type="secondary"
                      style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}
                    >
                      {t('timeline.detail', { label: field, text })}
                    </Typography.Paragraph>
                  ))}
                  <AttachmentLinks attachments={attachments} />
                </>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
