// The period selector: this year, the last 12 months, this month, or a range of days.
import { DatePicker, Segmented, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { MAX_PERIOD_DAYS, type Period, type PeriodKind, presetPeriod } from './period';

export function PeriodPicker({ period, today, onChange }: { period: Period; today: string; onChange: (period: Period) => void }) {
  const { t } = useTranslation('dashboard');
  const choose = (kind: PeriodKind) => {
    if (kind === 'custom') onChange({ kind, from: period.from, to: period.to });
    else onChange(presetPeriod(kind, today));
  };
  const tooFar = (day: Dayjs, info: { from?: Dayjs }) =>
    day.format('YYYY-MM-DD') > today || (info.from !== undefined && Math.abs(day.diff(info.from, 'day')) >= MAX_PERIOD_DAYS);
  return (
    <Space wrap>
      <Segmented<PeriodKind>
        aria-label={t('period.label')}
        value={period.kind}
        onChange={choose}
        options={(['year', 'last12', 'month', 'custom'] as const).map((kind) => ({ label: t(`period.${kind}`), value: kind }))}
      />
      {period.kind === 'custom' && (
        <DatePicker.RangePicker
          aria-label={t('period.custom')}
          allowClear={false}
          value={[dayjs(period.from), dayjs(period.to)]}
          disabledDate={tooFar}
          onChange={(range) => {
            const [from, to] = range ?? [];
            if (from && to) onChange({ kind: 'custom', from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
          }}
        />
      )}
    </Space>
  );
}
