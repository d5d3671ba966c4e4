// One request: what was asked, photos, where, who handles it and by when, the timeline, and what
// this account may do now: a resident rates a resolved request (or asks to redo it, or withdraws
// one not yet taken); a grid worker takes it, returns it, or reports it resolved.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../shared/api';
import type { RequestDetail } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { Actions } from '../Actions';
import type { Category, RequestEvent } from '../types';
import { Banner, Loaded, NotFound, TopBar } from '../ui';
import { formatTime, loadCategories, named } from '../util';

interface DetailData {
  request: RequestDetail;
  events: RequestEvent[];
  categories: Category[];
}

export default function RequestDetailPage() {
  const { t } = useTranslation('mobile');
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setNotice(null), [id]);
  const state = useApi<DetailData>(
    () =>
      valid
        ? Promise.all([
            api.get<RequestDetail>(`/requests/${id}`),
            api.get<RequestEvent[]>(`/requests/${id}/events`),
            // Labels of the extra fields; the request reads fine without them.
            loadCategories().catch(() => [] as Category[]),
          ]).then(([request, events, categories]) => ({ request, events, categories }))
        : Promise.reject(new Error('bad id')),
    [id],
  );

  if (!valid) {
    return (
      <>
        <TopBar title={t('detail.title')} back />
        <NotFound />
      </>
    );
  }

  return (
    <>
      <TopBar title={t('detail.title')} back />
      <main className="m-main">
        {notice && <Banner kind="ok">{notice}</Banner>}
        <Loaded state={state}>
          {({ request, events, categories }) => (
            <>
              <Asked request={request} category={categories.find((c) => c.code === request.category.code)} />
              <Actions
                request={request}
                onDone={(text) => {
                  setNotice(text);
                  state.reload();
                }}
                onStale={() => state.reload()}
              />
              <Handling request={request} />
              <Timeline events={events} />
            </>
          )}
        </Loaded>
      </main>
    </>
  );
}

/** What was asked: category, text, extra fields, photos. */
function Asked({ request, category }: { request: RequestDetail; category: Category | undefined }) {
  const { t, i18n } = useTranslation('mobile');
  const lang = i18n.language;
  const photos = request.photos.filter((p) => p.stage !== 'resolution');
  const attributes = Object.entries(request.attributes);
  return (
    <section className="m-card">
      <div className="m-row m-row-between">
        <span className={`m-badge m-state-${request.state}`}>{t(`common:states.${request.state}`)}</span>
        <span className="m-number">{request.number}</span>
      </div>
      <h2 className="m-request-title">
        {named(request.category, lang)}
        {request.category.urgent && <span className="m-badge m-urgent">{t('urgent')}</span>}
      </h2>
      <p className="m-description">{request.description}</p>
      {attributes.length > 0 && (
        <dl className="m-facts">
          {attributes.map(([key, value]) => {
            const field = category?.fields.find((f) => f.key === key);
            const label = (v: unknown) => {
              const option = field?.options?.find((o) => o.value === v);
              return option ? named(option, lang) : field?.type === 'datetime' ? formatTime(String(v), lang) : String(v);
            };
            return [
              <dt key={`${key}-k`}>{field ? named(field, lang) : key}</dt>,
              <dd key={`${key}-v`}>{Array.isArray(value) ? value.map(label).join('、') : label(value)}</dd>,
            ];
          })}
        </dl>
      )}
      {photos.length > 0 && <Photos photos={photos} label={t('detail.photos')} />}
    </section>
  );
}

/** Who handles it, by when, what came of it. */
function Handling({ request }: { request: RequestDetail }) {
  const { t, i18n } = useTranslation('mobile');
  const lang = i18n.language;
  const results = request.photos.filter((p) => p.stage === 'resolution');
  const handler = request.handler.company?.name ?? request.handler.user?.displayName;
  const place = [request.community.name, request.grid.name, request.compound?.name].filter(Boolean).join(' · ');
  const open = !['resolved', 'closed', 'merged', 'cancelled'].includes(request.state);
  return (
    <section className="m-card">
      <h2 className="m-card-title">{t('detail.handling')}</h2>
      <dl className="m-facts">
        <dt>{t('detail.place')}</dt>
        <dd>{place}</dd>
        <dt>{t('detail.handler')}</dt>
        <dd>
          {t(`common:handlers.${request.handler.kind}`)}
          {handler ? ` · ${handler}` : ''}
        </dd>
        {!request.reporter.self && request.reporter.name && (
          <>
            <dt>{t('detail.reporter')}</dt>
            <dd>
              {request.reporter.name}
              {request.reporter.phone && (
                <>
                  {' · '}
                  {/^\d[\d-]+$/.test(request.reporter.phone) ? <a href={`tel:${request.reporter.phone}`}>{request.reporter.phone}</a> : request.reporter.phone}
                </>
              )}
            </dd>
          </>
        )}
        <dt>{t('detail.channel')}</dt>
        <dd>{t(`common:channels.${request.channel}`)}</dd>
        <dt>{t('detail.placedAt')}</dt>
        <dd>{formatTime(request.placedAt, lang)}</dd>
        <dt>{t('detail.dueAccept')}</dt>
        <dd>
          {formatTime(request.dueAcceptAt, lang)}
          {request.overdueAccept && <span className="m-badge m-overdue">{t('overdue')}</span>}
          {request.acceptedAt && <span className="m-done">{t('detail.acceptedAt', { time: formatTime(request.acceptedAt, lang) })}</span>}
        </dd>
        <dt>{t('detail.dueResolve')}</dt>
        <dd>
          {formatTime(request.dueResolveAt, lang)}
          {request.overdueResolve && <span className="m-badge m-overdue">{t('overdue')}</span>}
          {request.resolvedAt && <span className="m-done">{t('detail.resolvedAt', { time: formatTime(request.resolvedAt, lang) })}</span>}
        </dd>
      </dl>
      {request.dueUncertain && <p className="m-hint">{t('detail.dueUncertain')}</p>}
      {request.extensionPending && open && <p className="m-hint">{t('detail.extensionPending')}</p>}
      {results.length > 0 && <Photos photos={results} label={t('detail.resultPhotos')} />}
      {request.rating && (
        <div className="m-rating">
          <strong>{t('detail.rating')}</strong> {request.rating.solved ? t('rate.solvedYes') : t('rate.solvedNo')} ·{' '}
          {t(`common:satisfaction.${request.rating.satisfaction}`)}
          {request.rating.comment && <p>“{request.rating.comment}”</p>}
        </div>
      )}
    </section>
  );
}

function Photos({ photos, label }: { photos: RequestDetail['photos']; label: string }) {
  const { t } = useTranslation('mobile');
  return (
    <div className="m-photo-list">
      <span className="m-label">{label}</span>
      <div className="m-photos">
        {photos.map((photo, i) => (
          <a className="m-photo" key={photo.id} href={photo.url} target="_blank" rel="noreferrer">
            <img src={photo.url} alt={t('photos.preview', { n: i + 1 })} loading="lazy" />
          </a>
        ))}
      </div>
    </div>
  );
}

/** What an event says beyond its name: a note, a reason, a rating, a limit. */
function eventText(t: ReturnType<typeof useTranslation>['t'], event: RequestEvent): string | null {
  const d = event.data;
  if (typeof d.note === 'string' && d.note) return d.note;
  if (typeof d.reason === 'string' && d.reason) return event.type === 'request.closed' ? t('events.unrated') : d.reason;
  if (d.rating && typeof d.rating === 'object') {
    const r = d.rating as { solved: boolean; satisfaction: string; comment: string | null };
    return [r.solved ? t('rate.solvedYes') : t('rate.solvedNo'), t(`common:satisfaction.${r.satisfaction}`), r.comment].filter(Boolean).join(' · ');
  }
  if (d.limit === 'accept' || d.limit === 'resolve') {
    const limit = t(d.limit === 'accept' ? 'events.acceptLimit' : 'events.resolveLimit');
    return typeof d.level === 'number' ? t('events.level', { level: d.level, limit }) : limit;
  }
  if (typeof d.days === 'number') return t('events.days', { days: d.days });
  if (d.handler && typeof d.handler === 'object') return t('events.sentTo', { handler: t(`common:handlers.${(d.handler as { kind: string }).kind}`) });
  return null;
}

function Timeline({ events }: { events: RequestEvent[] }) {
  const { t, i18n } = useTranslation('mobile');
  return (
    <section className="m-card">
      <h2 className="m-card-title">{t('detail.timeline')}</h2>
      {events.length === 0 ? (
        <p className="m-muted">{t('common:status.empty')}</p>
      ) : (
        <ol className="m-timeline">
          {[...events].reverse().map((event) => {
            const kind = event.type.replace(/^request\./, '');
            const text = eventText(t, event);
            return (
              <li key={event.seq} className={`m-event m-event-${kind}`}>
                <div className="m-row m-row-between">
                  <strong>{t(`events.${kind}`, { defaultValue: kind })}</strong>
                  <time dateTime={event.at}>{formatTime(event.at, i18n.language)}</time>
                </div>
                {event.actor?.displayName && <span className="m-muted">{event.actor.displayName}</span>}
                {text && <p>{text}</p>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
