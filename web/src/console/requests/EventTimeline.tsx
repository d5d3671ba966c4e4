// The request's timeline (GET /requests/:id/events): each event named, who and when, and what
// it carried — a reason, a note, the new handler, a rating, an extension.
import { Space, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { spanText } from './Countdown';
import { type RequestEvent, shanghaiTime } from './model';

const COLOR: Record<string, string> = {
  'request.submitted': 'blue',
  'request.accepted': 'blue',
  'request.resolved': 'green',
  'request.rated': 'green',
  'request.closed': 'green',
  'request.returned': 'orange',
  'request.reopened': 'orange',
  'request.overdue': 'red',
  'request.escalated': 'red',
  'request.supervised': 'red',
  'request.cancelled': 'gray',
  'request.merged': 'gray',
};

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/** The lines an event shows under its title, by type. */
function details(t: TFunction, event: RequestEvent, dayMinutes: number): ReactNode[] {
  const d = event.data;
  const lines: ReactNode[] = [];
  const line = (label: string, value: ReactNode) =>
    lines.push(
      <div key={lines.length}>
        <Typography.Text type="secondary">
          {label}
          {t('colon')}
        </Typography.Text>
        {value}
      </div>,
    );
  const handler = d.handler as { kind?: string } | undefined;
  if (handler?.kind) line(t('event.handler'), t(`common:handlers.${handler.kind}`));
  if (text(d.reason) && d.reason !== 'unrated') line(t('event.reason'), String(d.reason));
  if (text(d.note)) line(t('event.note'), String(d.note));
  if (typeof d.workingMinutes === 'number') line(t('event.took'), spanText(t, d.workingMinutes, dayMinutes));
  if (typeof d.days === 'number') line(t('event.days'), t('event.daysValue', { count: d.days }));
  if (typeof d.granted === 'boolean') line(t('event.decision'), d.granted ? t('event.granted') : t('event.refused'));
  if (text(d.dueResolveAt) && event.type === 'request.extension_decided') line(t('event.newDue'), shanghaiTime(String(d.dueResolveAt)));
  if (typeof d.intoId === 'number') line(t('event.into'), <Link to={`/requests/${d.intoId}`}>#{d.intoId}</Link>);
  if (typeof d.limit === 'string') line(t('event.limit'), t(`due.${d.limit}`));
  if (typeof d.level === 'number') line(t('event.level'), t(`escalation.${d.level}`, { defaultValue: String(d.level) }));
  if (d.reason === 'unrated') line(t('event.reason'), t('event.unrated'));
  const rating = d.rating as { solved?: boolean; satisfaction?: string; comment?: string | null } | undefined;
  if (rating) {
    line(
      t('event.rating'),
      <Space size={4}>
        <Tag color={rating.solved ? 'green' : 'red'}>{rating.solved ? t('rating.solved') : t('rating.unsolved')}</Tag>
        <Tag>{t(`common:satisfaction.${rating.satisfaction}`)}</Tag>
        {rating.comment}
      </Space>,
    );
  }
  return lines;
}

export function EventTimeline({ events, workingDayMinutes = 420 }: { events: RequestEvent[]; workingDayMinutes?: number }) {
  const { t } = useTranslation('requests');
  return (
    <Timeline
      data-testid="timeline"
      items={events.map((event) => ({
        key: event.seq,
        color: COLOR[event.type] ?? 'gray',
        content: (
          <div data-event={event.type}>
            <Space size={8} wrap>
              <Typography.Text type="secondary">{shanghaiTime(event.at)}</Typography.Text>
              <Typography.Text strong>{t(`events.${event.type.replace('request.', '')}`, { defaultValue: event.type })}</Typography.Text>
              <Typography.Text type="secondary">
                {event.actor?.displayName ?? (event.type === 'request.submitted' ? t('event.anonymous') : t('event.system'))}
              </Typography.Text>
              {event.from !== event.to && event.to && <Tag>{t(`common:states.${event.to}`)}</Tag>}
            </Space>
            {details(t, event, workingDayMinutes)}
          </div>
        ),
      }))}
    />
  );
}
