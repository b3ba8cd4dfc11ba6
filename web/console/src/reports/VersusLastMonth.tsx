import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface VersusLastMonthProps {
  now: number | null;
  before: number | null | undefined;
  /** Which way is progress: fewer overdue cases, higher rates. */
  better: 'lower' | 'higher';
  format: (value: number | null) => string;
}

/** ↑ or ↓ beside a figure, green when it moved the right way, with last month's value on hover. */
export function VersusLastMonth({ now, before, better, format }: VersusLastMonthProps) {
  const { t } = useTranslation();
  if (before === undefined || before === null || now === null || now === before) return null;
  const rose = now > before;
  const label = t(rose ? 'bulletin.rose' : 'bulletin.fell', { before: format(before) });
  return <Arrow up={rose} good={rose === (better === 'higher')} label={label} />;
}

/** A place in the ranking against last month's: a smaller number is a place gained, shown as ↑. */
export function RankVersusLastMonth({ now, before }: { now: number; before: number | undefined }) {
  const { t } = useTranslation();
  if (before === undefined || now === before) return null;
  const gained = now < before;
  const label = t(gained ? 'bulletin.rankUp' : 'bulletin.rankDown', { before });
  return <Arrow up={gained} good={gained} label={label} />;
}

function Arrow({ up, good, label }: { up: boolean; good: boolean; label: string }) {
  return (
    <Tooltip title={label}>
      <Typography.Text type={good ? 'success' : 'danger'} aria-label={label} style={{ marginInlineStart: 4 }}>
        {up ? '↑' : '↓'}
      </Typography.Text>
    </Tooltip>
  );
}
