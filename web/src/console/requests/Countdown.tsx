// The countdown to the due time that counts now, in working time on the official calendar
// (GET /calendar/between asks the server, which holds the calendar): "剩余 2 个工作日 3 小时",
// or "已超时 …" once it has passed. Urgent categories count wall-clock hours.
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import type { RequestDetail } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { nextDue, shanghaiTime, type Span } from './model';

/** Asked again every minute, so a page left open stays right. */
const REFRESH_MS = 60_000;

/** "2 个工作日 3 小时" from minutes; working days only when the time counts working days. */
export function spanText(t: TFunction, minutes: number, dayMinutes: number | null): string {
  const total = Math.abs(minutes);
  const days = dayMinutes ? Math.floor(total / dayMinutes) : 0;
  const rest = total - days * (dayMinutes ?? 0);
  const hours = Math.floor(rest / 60);
  const mins = rest % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(t('requests:span.workingDays', { count: days }));
  if (hours > 0) parts.push(t(dayMinutes ? 'requests:span.workingHours' : 'requests:span.hours', { count: hours }));
  if (days === 0 && mins > 0) parts.push(t('requests:span.minutes', { count: mins }));
  return parts.length > 0 ? parts.join(t('requests:span.separator')) : t('requests:span.lessThanMinute');
}

export function Countdown({ request }: { request: RequestDetail }) {
  const { t } = useTranslation('requests');
  const due = nextDue(request);
  const span = useApi(() => (due ? api.get<Span>('/calendar/between', { to: due.at }) : Promise.resolve(null)), [due?.at]);
  const { reload } = span;
  useEffect(() => {
    if (!due) return;
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [due?.at, reload]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!due) return null;
  const urgent = request.category.urgent;
  const s = span.data;
  let body;
  if (span.error && !s) {
    body = <Typography.Text type="secondary">{t('countdown.failed')}</Typography.Text>;
  } else if (!s) {
    body = <Typography.Text type="secondary">{t('common:status.loading')}</Typography.Text>;
  } else {
    const minutes = urgent ? s.calendarMinutes : s.workingMinutes;
    const text = spanText(t, minutes, urgent ? null : s.workingDayMinutes);
    const soon = !s.overdue && minutes < (urgent ? 60 : s.workingDayMinutes);
    body = (
      <Typography.Text
        strong
        style={{ fontSize: 20 }}
        type={s.overdue ? 'danger' : soon ? 'warning' : 'success'}
        data-testid="countdown"
      >
        {s.overdue ? t('countdown.overdue', { span: text }) : t('countdown.left', { span: text })}
      </Typography.Text>
    );
  }
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        <ClockCircleOutlined /> {t(`due.${due.limit}`)}
        {t('colon')}
        {shanghaiTime(due.at)}
        {t('paren', { text: t(urgent ? 'countdown.calendarHours' : 'countdown.workingTime') })}
      </Typography.Text>
      {body}
      {(request.dueUncertain || s?.uncertain) && (
        <Alert type="warning" showIcon icon={<WarningOutlined />} title={t('countdown.uncertain')} />
      )}
    </Space>
  );
}
