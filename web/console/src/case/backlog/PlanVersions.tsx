import { Collapse, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatShanghai } from '../../time';
import type { PlanVersion } from './backlogEvents';

/** Every version of the plan, newest first: a change never overwrites what was agreed before. */
export function PlanVersions({ versions }: { versions: PlanVersion[] }) {
  const { t } = useTranslation();
  if (versions.length === 0) return null;
  return (
    <Collapse
      size="small"
      items={versions.map((version, index) => ({
        key: version.seq,
        label: t(index === 0 ? 'backlog.versionCurrent' : 'backlog.version', {
          version: version.version,
          setAt: formatShanghai(version.setAt),
          by: version.by ?? '—',
        }),
        children: (
          <>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{version.summary}</Typography.Paragraph>
            <List
              size="small"
              dataSource={version.milestones}
              renderItem={({ title, dueDate }) => (
                <List.Item>{t('backlog.milestoneLine', { title, dueDate })}</List.Item>
              )}
            />
          </>
        ),
      }))}
    />
  );
}
