// Placing a request (点单): category and its extra fields, what is wrong, photos, where. A grid
// worker files the same form for a resident, with the resident's name and phone. Sent as JSON,
// or multipart when there are photos, always with an Idempotency-Key so a double tap or a retry
// on a bad line never places two.
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { useApi } from '../../shared/useApi';
import { type AttributeDraft, AttributeFields, attributeValues } from '../AttributeFields';
import { LocationField } from '../LocationField';
import { type Photo, PhotoField } from '../PhotoField';
import type { Category, Place, Placed } from '../types';
import { Banner, FieldProblem, Icon, Loaded, StateBadge, TopBar } from '../ui';
import { fieldProblems, formatTime, limitText, loadCategories, named, newKey } from '../util';

/** The first problem of a field or of anything under it (`location.lat` shows at `location`). */
function problemOf(problems: Record<string, string>, field: string): string | undefined {
  return problems[field] ?? Object.entries(problems).find(([key]) => key.startsWith(`${field}.`))?.[1];
}

/** Moves the focus to the first field with a problem, so keyboard and screen-reader users land there. */
export function focusFirstProblem(form: HTMLElement | null) {
  const first = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!first) return;
  const target = first.matches('fieldset') ? first.querySelector<HTMLElement>('input, select, textarea, button') : first;
  target?.focus();
  first.scrollIntoView({ block: 'center' });
}

export default function NewRequestPage() {
  const { t } = useTranslation('mobile');
  const { me } = useAuth();
  const categories = useApi(loadCategories, []);
  const [round, setRound] = useState(0);
  const [placed, setPlaced] = useState<Placed | null>(null);
  const forResident = me?.role !== 'resident';
  const title = forResident ? t('new.titleForResident') : t('new.title');

  return (
    <>
      <TopBar title={placed ? t('new.doneTitle') : title} />
      <main className="m-main">
        <Loaded state={categories}>
          {(list) =>
            placed ? (
              <PlacedView
                placed={placed}
                onAnother={() => {
                  setPlaced(null);
                  setRound((r) => r + 1);
                }}
              />
            ) : (
              <RequestForm key={round} categories={list} forResident={forResident} onPlaced={setPlaced} />
            )
          }
        </Loaded>
      </main>
    </>
  );
}

function RequestForm({ categories, forResident, onPlaced }: { categories: Category[]; forResident: boolean; onPlaced(placed: Placed): void }) {
  const { t, i18n } = useTranslation('mobile');
  const [code, setCode] = useState('');
  const [draft, setDraft] = useState<AttributeDraft>({});
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [place, setPlace] = useState<Place | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  // One key per request being placed: a retry after a failure sends the same one.
  const key = useRef(newKey());
  const form = useRef<HTMLFormElement>(null);
  const [checked, setChecked] = useState(0);

  const category = categories.find((c) => c.code === code);
  const groups = useMemo(() => {
    const byGroup = new Map<string, Category[]>();
    for (const c of categories) byGroup.set(c.groupCode, [...(byGroup.get(c.groupCode) ?? []), c]);
    return [...byGroup];
  }, [categories]);

  useEffect(() => {
    if (checked > 0) focusFirstProblem(form.current);
  }, [checked]);

  const shown = (field: string) =>
    ['categoryCode', 'description', 'reporter', 'reporter.name', 'reporter.phone'].includes(field) ||
    field.startsWith('location') ||
    field.startsWith('photos') ||
    (field.startsWith('attributes.') && (category?.fields ?? []).some((f) => `attributes.${f.key}` === field));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setGeneral(null);
    const body = {
      categoryCode: code,
      description: description.trim(),
      location: place === null ? undefined : place.kind === 'point' ? { lat: place.lat, lng: place.lng, crs: 'wgs84' } : { compoundId: place.compoundId },
      attributes: category ? attributeValues(category.fields, draft) : {},
      ...(forResident && { reporter: { name: name.trim(), phone: phone.trim() }, channel: 'grid_worker' }),
    };
    const headers = { 'idempotency-key': key.current };
    try {
      let answer: Placed;
      if (photos.length > 0) {
        const data = new FormData();
        data.append('data', JSON.stringify(body));
        for (const photo of photos) data.append('photos', photo.file, photo.name);
        answer = await api.postForm<Placed>('/requests', data, headers);
      } else {
        answer = await api.post<Placed>('/requests', body, headers);
      }
      window.scrollTo(0, 0);
      onPlaced(answer);
    } catch (error) {
      const found = fieldProblems(t, error, shown);
      if (found.byField.reporter) found.byField['reporter.name'] ??= found.byField.reporter;
      setProblems(found.byField);
      setGeneral(found.general);
      setChecked((n) => n + 1);
      setBusy(false);
    }
  };

  /** Editing a field clears what the API said about it (and about anything under it). */
  const clear = (field: string) =>
    setProblems((before) => {
      const kept = Object.fromEntries(Object.entries(before).filter(([key]) => key !== field && !key.startsWith(`${field}.`)));
      return Object.keys(kept).length === Object.keys(before).length ? before : kept;
    });

  const described = (field: string) => (problemOf(problems, field) ? { 'aria-invalid': true, 'aria-describedby': `f-${field}-problem` } : {});

  return (
    <form ref={form} className="m-form" onSubmit={submit} noValidate>
      {forResident && (
        <section className="m-card">
          <h2 className="m-card-title">{t('new.resident')}</h2>
          <div className="m-field">
            <label htmlFor="f-reporter.name">
              {t('new.reporterName')} <span className="m-required">*</span>
            </label>
            <input id="f-reporter.name" autoComplete="off" maxLength={50} value={name} onChange={(e) => {
                setName(e.target.value);
                clear('reporter');
              }} {...described('reporter.name')} />
            <FieldProblem id="f-reporter.name-problem" text={problemOf(problems, 'reporter.name')} />
          </div>
          <div className="m-field">
            <label htmlFor="f-reporter.phone">
              {t('new.reporterPhone')} <span className="m-required">*</span>
            </label>
            <input
              id="f-reporter.phone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              maxLength={20}
              value={phone}
              onChange={(e) => {
                setPhone(e.target.value);
                clear('reporter.phone');
              }}
              {...described('reporter.phone')}
            />
            <FieldProblem id="f-reporter.phone-problem" text={problemOf(problems, 'reporter.phone')} />
          </div>
        </section>
      )}

      <section className="m-card">
        <div className="m-field">
          <label htmlFor="f-categoryCode">
            {t('new.category')} <span className="m-required">*</span>
          </label>
          <select
            id="f-categoryCode"
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setDraft({});
              clear('categoryCode');
              clear('attributes');
            }}
            {...described('categoryCode')}
          >
            <option value="">{t('new.categoryPlaceholder')}</option>
            {groups.map(([group, members]) => (
              <optgroup key={group} label={t(`groups.${group}`, { defaultValue: group })}>
                {members.map((c) => (
                  <option key={c.code} value={c.code}>
                    {named(c, i18n.language)}
                    {c.urgent ? ` · ${t('urgent')}` : ''}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <FieldProblem id="f-categoryCode-problem" text={problemOf(problems, 'categoryCode')} />
          {category && (
            <p className="m-category-info">
              {category.urgent && <span className="m-badge m-urgent">{t('urgent')}</span>}
              {/* Not the handler: where the request lies decides it (a compound without property management goes to the grid worker). */}
              {t('new.limits', { accept: limitText(t, category.acceptLimit), resolve: limitText(t, category.resolveLimit) })}
            </p>
          )}
        </div>
        {category && <AttributeFields fields={category.fields} draft={draft} onChange={setDraft} onEdit={(key) => clear(`attributes.${key}`)} problems={problems} />}
        <div className="m-field">
          <label htmlFor="f-description">
            {t('new.description')} <span className="m-required">*</span>
          </label>
          <textarea
            id="f-description"
            rows={4}
            maxLength={2000}
            placeholder={t('new.descriptionPlaceholder')}
            value={description}
            onChange={(e) => {
              setDescription(e.target.value);
              clear('description');
            }}
            {...described('description')}
          />
          <div className="m-row m-row-between">
            <FieldProblem id="f-description-problem" text={problemOf(problems, 'description')} />
            <span className="m-muted m-counter">{description.length}/2000</span>
          </div>
        </div>
      </section>

      <section className="m-card">
        <PhotoField
          id="f-photos"
          label={t('new.photos')}
          photos={photos}
          onChange={(next) => {
            setPhotos(next);
            clear('photos');
          }}
          problem={problemOf(problems, 'photos')}
        />
      </section>

      <section className="m-card">
        <LocationField
          value={place}
          onChange={(next) => {
            setPlace(next);
            clear('location');
          }}
          problem={problemOf(problems, 'location')}
        />
      </section>

      {general && <Banner kind="error">{general}</Banner>}
      <button type="submit" className="m-btn m-btn-primary m-btn-block m-btn-big" disabled={busy}>
        {busy ? t('new.sending') : t('new.submit')}
      </button>
    </form>
  );
}

function PlacedView({ placed, onAnother }: { placed: Placed; onAnother(): void }) {
  const { t, i18n } = useTranslation('mobile');
  const handler = placed.handler.company?.name ?? placed.handler.user?.displayName;
  return (
    <>
      <section className="m-card m-placed" aria-live="polite">
        <span className="m-placed-icon" aria-hidden="true">
          <Icon name="check" size={32} />
        </span>
        <h2>{t('new.done')}</h2>
        <p className="m-muted">{t('new.numberLabel')}</p>
        <p className="m-placed-number">{placed.number}</p>
        <dl className="m-facts">
          <dt>{t('detail.category')}</dt>
          <dd>
            {named(placed.category, i18n.language)} <StateBadge state={placed.state} />
          </dd>
          <dt>{t('detail.handler')}</dt>
          <dd>
            {t(`common:handlers.${placed.handler.kind}`)}
            {handler ? ` · ${handler}` : ''}
          </dd>
          <dt>{t('detail.dueAccept')}</dt>
          <dd>{formatTime(placed.dueAcceptAt, i18n.language)}</dd>
          <dt>{t('detail.dueResolve')}</dt>
          <dd>{formatTime(placed.dueResolveAt, i18n.language)}</dd>
        </dl>
        {placed.dueUncertain && <p className="m-hint">{t('detail.dueUncertain')}</p>}
      </section>
      {placed.possibleDuplicates.length > 0 && (
        <section className="m-card">
          <h2 className="m-card-title">{t('new.duplicates')}</h2>
          <p className="m-hint">{t('new.duplicatesHint')}</p>
          <ul className="m-duplicates">
            {placed.possibleDuplicates.map((d) => (
              <li key={d.id}>
                <Link to={`/requests/${d.id}`}>
                  <span className="m-number">{d.number}</span> <StateBadge state={d.state} />
                  <span className="m-duplicate-text">{d.description}</span>
                  <span className="m-muted">{t('new.distance', { metres: Math.round(d.distanceMetres) })}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Link className="m-btn m-btn-primary m-btn-block" to={`/requests/${placed.id}`}>
        {t('new.follow')}
      </Link>
      <button type="button" className="m-btn m-btn-block" onClick={onAnother}>
        {t('new.another')}
      </button>
    </>
  );
}
