import { Space, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { backlogFlagNames, type BacklogFlags } from '../api';

/** 积案: the case is a backlog case. */
export function BacklogTag() {
  const { t } = useTranslation();
  return <Tag color="volcano">{t('backlog.tag')}</Tag>;
}

interface FlagTagsProps {
  flags: BacklogFlags | null | undefined;
  /** Shown when no flag is set. */
  empty?: ReactNode;
}

/** The «三多» flags that are set (多年、多层、多头). */
export function FlagTags({ flags, empty = '—' }: FlagTagsProps) {
  const { t } = useTranslation();
  const set = backlogFlagNames.filter((flag) => flags?.[flag]);
  if (set.length === 0) return <>{empty}</>;
  return (
    <Space size={4} wrap>
      {set.map((flag) => (
        <Tag key={flag} color="orange">
          {t(`backlog.flags.${flag}`)}
        </Tag>
      ))}
    </Space>
  );
}

/** Who owns the case (包案领导), or a red "no leader yet". */
export function OwnerTag({ owner }: { owner: { name: string } | null }) {
  const { t } = useTranslation();
  return owner ? <>{owner.name}</> : <Tag color="error">{t('backlog.unowned')}</Tag>;
}
