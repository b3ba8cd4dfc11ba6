import { DatePicker, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { LookBackCampaign } from '../api';
import { todayShanghai } from '../time';
import { dayAfter, dayBefore, periodKinds, type Period, type PeriodKind } from './period';

/** What the picker changes in the page's address: the kind, and the dates or campaign it needs. */
export type PeriodChoice =
  | { period: Exclude<PeriodKind, 'since' | 'range' | 'campaign'> }
  | { period: 'since'; from: string }
  | { period: 'range'; from: string; to: string }
  | { period: 'campaign'; campaign: string };

const dateOf = (value: Dayjs | null | undefined) => value?.format('YYYY-MM-DD');

/**
 * 统计期间: a calendar period around today, since a date, a range of days (both ends
 * included, as people say them), or a look-back campaign's dates.
 */
export function PeriodPicker({
  kind,
  period,
  campaignId,
  campaigns,
  onChoose,
}: {
  kind: PeriodKind;
  period: Period | undefined;
  campaignId: string | null;
  campaigns: LookBackCampaign[];
  onChoose: (choice: PeriodChoice) => void;
}) {
  const { t } = useTranslation();
  const chooseKind = (next: PeriodKind) => {
    // A kind that needs more keeps the period on show as its starting point.
    const from = period?.from ?? todayShanghai();
    if (next === 'since') onChoose({ period: 'since', from });
    else if (next === 'range') onChoose({ period: 'range', from, to: period?.to ?? dayAfter(from) });
    else if (next === 'campaign') {
      const first = campaigns[0];
      if (first) onChoose({ period: 'campaign', campaign: String(first.id) });
    } else onChoose({ period: next });
  };
  return (
    <Space wrap>
      <Select<PeriodKind>
        aria-label={t('statistics.period')}
        value={kind}
        onChange={chooseKind}
        style={{ minWidth: 140 }}
        options={periodKinds.map((value) => ({
          value,
          label: t(`statistics.periodKind.${value}`),
          disabled: value === 'campaign' && campaigns.length === 0,
        }))}
      />
      {kind === 'since' && (
        <DatePicker
          aria-label={t('statistics.since')}
          allowClear={false}
          value={period && dayjs(period.from)}
          onChange={(value) => {
            const from = dateOf(value);
            if (from) onChoose({ period: 'since', from });
          }}
        />
      )}
      {kind === 'range' && (
        <DatePicker.RangePicker
          aria-label={t('statistics.range')}
          allowClear={false}
          value={period && [dayjs(period.from), dayjs(dayBefore(period.to))]}
          onChange={(range) => {
            const [start, end] = (range ?? []) as [Dayjs | null, Dayjs | null];
            const from = dateOf(start);
            const last = dateOf(end);
            if (from && last) onChoose({ period: 'range', from, to: dayAfter(last) });
          }}
        />
      )}
      {kind === 'campaign' && (
        <Select
          aria-label={t('statistics.campaign')}
          value={campaignId ?? undefined}
          onChange={(campaign: string) => onChoose({ period: 'campaign', campaign })}
          style={{ minWidth: 220 }}
          options={campaigns.map((campaign) => ({
            value: String(campaign.id),
            label: t('statistics.campaignOption', campaign),
          }))}
        />
      )}
    </Space>
  );
}
