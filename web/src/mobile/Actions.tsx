// What this account may do with a request now (the API lists it in `actions`), as buttons and
// short forms. Each sends the version the page shows; if somebody else acted first the page says
// so and shows the request as it is now.
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shared/api';
import type { RequestDetail } from '../shared/types';
import { type Photo, PhotoField } from './PhotoField';
import { Banner, FieldProblem } from './ui';
import { errorText, fieldProblems } from './util';

type Body = Record<string, unknown>;
const PATHS: Record<string, string> = { accept: 'accept', return: 'return', resolve: 'resolve', rate: 'rate', reopen: 'reopen', cancel: 'cancel' };

export function Actions({ request, onDone, onStale }: { request: RequestDetail; onDone(notice: string): void; onStale(): void }) {
  const { t } = useTranslation('mobile');
  const can = (action: string) => request.actions.includes(action);
  const [busy, setBusy] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [checked, setChecked] = useState(0);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (checked === 0) return;
    box.current?.querySelector<HTMLElement>('[aria-invalid="true"] input, [aria-invalid="true"]:not(fieldset)')?.focus();
  }, [checked]);

  if (!Object.keys(PATHS).some(can) && !general) return null;

  const run = async (action: string, body: Body, photos: Photo[] = []) => {
    if (busy) return;
    setBusy(action);
    setProblems({});
    setGeneral(null);
    const payload = { version: request.version, ...body };
    try {
      if (photos.length > 0) {
        const data = new FormData();
        data.append('data', JSON.stringify(payload));
        for (const photo of photos) data.append('photos', photo.file, photo.name);
        await api.postForm(`/requests/${request.id}/${PATHS[action]}`, data);
      } else {
        await api.post(`/requests/${request.id}/${PATHS[action]}`, payload);
      }
      setOpen(null);
      onDone(t(`act.done.${action}`));
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'stale_version' || error.code === 'transition_not_allowed')) {
        setGeneral(errorText(t, error));
        onStale();
      } else {
        const found = fieldProblems(t, error, (field) => ['note', 'reason', 'solved', 'satisfaction', 'comment'].includes(field) || field.startsWith('photos'));
        setProblems(found.byField);
        setGeneral(found.general);
        setChecked((n) => n + 1);
      }
    } finally {
      setBusy(null);
    }
  };

  const props = { busy, problems, run };
  return (
    <div ref={box}>
      {general && <Banner kind="error">{general}</Banner>}
      {can('accept') && (
        <section className="m-card m-act">
          <h2 className="m-card-title">{t('act.acceptTitle')}</h2>
          <p className="m-hint">{t('act.acceptHint')}</p>
          <button type="button" className="m-btn m-btn-primary m-btn-block" disabled={busy !== null} onClick={() => void run('accept', {})}>
            {busy === 'accept' ? t('act.sending') : t('act.accept')}
          </button>
        </section>
      )}
      {can('resolve') && <ResolveForm {...props} />}
      {can('rate') && <RateForm {...props} />}
      {(can('reopen') || can('return') || can('cancel')) && (
        <section className="m-card m-act">
          <div className="m-more-actions">
            {(['reopen', 'return', 'cancel'] as const).filter(can).map((action) => (
              <button key={action} type="button" className="m-link" aria-expanded={open === action} onClick={() => setOpen(open === action ? null : action)}>
                {t(`act.${action}Open`)}
              </button>
            ))}
          </div>
          {open && <ReasonForm key={open} action={open} {...props} onClose={() => setOpen(null)} />}
        </section>
      )}
    </div>
  );
}

interface FormProps {
  busy: string | null;
  problems: Record<string, string>;
  run(action: string, body: Body, photos?: Photo[]): Promise<void>;
}

function TextArea({ id, label, value, onChange, problem, required, max }: { id: string; label: ReactNode; value: string; onChange(v: string): void; problem?: string; required?: boolean; max: number }) {
  const { t } = useTranslation('mobile');
  return (
    <div className="m-field">
      <label htmlFor={id}>
        {label} {required ? <span className="m-required">*</span> : <span className="m-muted">{t('form.optional')}</span>}
      </label>
      <textarea
        id={id}
        rows={3}
        maxLength={max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
      />
      <FieldProblem id={`${id}-problem`} text={problem} />
    </div>
  );
}

function ResolveForm({ busy, problems, run }: FormProps) {
  const { t } = useTranslation('mobile');
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run('resolve', { note: note.trim() }, photos);
  };
  const photoProblem = Object.entries(problems).find(([field]) => field.startsWith('photos'))?.[1];
  return (
    <form className="m-card m-act" onSubmit={submit} noValidate>
      <h2 className="m-card-title">{t('act.resolveTitle')}</h2>
      <TextArea id="a-resolve-note" label={t('act.note')} value={note} onChange={setNote} problem={problems.note} required max={2000} />
      <PhotoField id="a-resolve-photos" label={t('act.resultPhotos')} photos={photos} onChange={setPhotos} problem={photoProblem} />
      <button type="submit" className="m-btn m-btn-primary m-btn-block" disabled={busy !== null}>
        {busy === 'resolve' ? t('act.sending') : t('act.resolve')}
      </button>
    </form>
  );
}

function Choice<T extends string>({ id, legend, value, options, onChange, problem }: { id: string; legend: string; value: T | null; options: [T, string][]; onChange(v: T): void; problem?: string }) {
  return (
    <fieldset className="m-field" id={id} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined}>
      <legend className="m-label">
        {legend} <span className="m-required">*</span>
      </legend>
      <div className="m-chips">
        {options.map(([key, label]) => (
          <label className="m-chip m-chip-wide" key={key}>
            <input type="radio" name={id} value={key} checked={value === key} onChange={() => onChange(key)} />
            <span>{label}</span>
          </label>
        ))}
      </div>
      <FieldProblem id={`${id}-problem`} text={problem} />
    </fieldset>
  );
}

function RateForm({ busy, problems, run }: FormProps) {
  const { t } = useTranslation('mobile');
  const [solved, setSolved] = useState<'yes' | 'no' | null>(null);
  const [satisfaction, setSatisfaction] = useState<'satisfied' | 'basically_satisfied' | 'unsatisfied' | null>(null);
  const [comment, setComment] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run('rate', {
      solved: solved === null ? undefined : solved === 'yes',
      satisfaction: satisfaction ?? undefined,
      comment: comment.trim() || null,
    });
  };
  return (
    <form className="m-card m-act" onSubmit={submit} noValidate>
      <h2 className="m-card-title">{t('rate.title')}</h2>
      <p className="m-hint">{t('rate.hint')}</p>
      <Choice<'yes' | 'no'>
        id="a-rate-solved"
        legend={t('rate.solved')}
        value={solved}
        onChange={setSolved}
        problem={problems.solved}
        options={[
          ['yes', t('rate.solvedYes')],
          ['no', t('rate.solvedNo')],
        ]}
      />
      <Choice<'satisfied' | 'basically_satisfied' | 'unsatisfied'>
        id="a-rate-satisfaction"
        legend={t('rate.satisfaction')}
        value={satisfaction}
        onChange={setSatisfaction}
        problem={problems.satisfaction}
        options={[
          ['satisfied', t('common:satisfaction.satisfied')],
          ['basically_satisfied', t('common:satisfaction.basically_satisfied')],
          ['unsatisfied', t('common:satisfaction.unsatisfied')],
        ]}
      />
      <TextArea id="a-rate-comment" label={t('rate.comment')} value={comment} onChange={setComment} problem={problems.comment} max={500} />
      <button type="submit" className="m-btn m-btn-primary m-btn-block" disabled={busy !== null}>
        {busy === 'rate' ? t('act.sending') : t('rate.submit')}
      </button>
    </form>
  );
}

/** Reopen, return and cancel: a reason (required for the first two), then the action. */
function ReasonForm({ action, busy, problems, run, onClose }: FormProps & { action: string; onClose(): void }) {
  const { t } = useTranslation('mobile');
  const [reason, setReason] = useState('');
  const required = action !== 'cancel';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(action, { reason: reason.trim() || (required ? '' : null) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextArea id={`a-${action}-reason`} label={t(`act.${action}Reason`)} value={reason} onChange={setReason} problem={problems.reason} required={required} max={500} />
      <div className="m-row">
        <button type="button" className="m-btn" onClick={onClose}>
          {t('common:actions.cancel')}
        </button>
        <button type="submit" className={`m-btn ${action === 'cancel' ? 'm-btn-danger' : 'm-btn-primary'}`} disabled={busy !== null}>
          {busy === action ? t('act.sending') : t(`act.${action}`)}
        </button>
      </div>
    </form>
  );
}
