// Where the request is: the phone's position (GPS), a tap on a map of the compounds around, or a
// compound chosen from the list. The map and its library load only when the map is opened.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../shared/auth';
import type { Compound, Place } from './types';
import { FieldProblem, Icon, Loading } from './ui';
import { errorText, loadCompounds } from './util';

const MapPicker = lazy(() => import('./MapPicker'));

type Mode = 'gps' | 'map' | 'compound';

const GEO_PROBLEMS: Record<number, string> = { 1: 'denied', 2: 'unavailable', 3: 'timeout' };

export function LocationField({ value, onChange, problem }: { value: Place | null; onChange(place: Place | null): void; problem?: string }) {
  const { t } = useTranslation('mobile');
  const { me } = useAuth();
  const [mode, setMode] = useState<Mode | null>(value?.kind === 'compound' ? 'compound' : value?.kind === 'point' ? value.source : null);
  const [locating, setLocating] = useState(false);
  const [gpsProblem, setGpsProblem] = useState<string | null>(null);
  const [mapOpen, setMapOpen] = useState(false);
  const [compounds, setCompounds] = useState<Compound[] | null>(null);
  const [compoundsError, setCompoundsError] = useState<unknown>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (mode !== 'compound' || !me || compounds) return;
    let live = true;
    setCompoundsError(null);
    loadCompounds(me)
      .then((found) => live && setCompounds(found))
      .catch((error: unknown) => live && setCompoundsError(error));
    return () => {
      live = false;
    };
  }, [mode, me, compounds, round]);

  const locate = () => {
    setMode('gps');
    setGpsProblem(null);
    if (!('geolocation' in navigator)) {
      setGpsProblem(t('location.gpsMissing'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange({ kind: 'point', source: 'gps', lat: position.coords.latitude, lng: position.coords.longitude, accuracy: position.coords.accuracy });
      },
      (error) => {
        setLocating(false);
        setGpsProblem(t(`location.gps.${GEO_PROBLEMS[error.code] ?? 'unavailable'}`));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const chooseCompound = (id: string) => onChange(id ? { kind: 'compound', compoundId: Number(id) } : null);
  const describedBy = problem ? 'f-location-problem' : undefined;

  return (
    <fieldset className="m-field" id="f-location" aria-invalid={problem ? true : undefined} aria-describedby={describedBy}>
      <legend className="m-label">
        {t('location.label')} <span className="m-required">*</span>
      </legend>
      <div className="m-location-modes">
        <button type="button" className="m-mode" aria-pressed={mode === 'gps'} onClick={locate}>
          <Icon name="pin" />
          <span>{t('location.useGps')}</span>
        </button>
        <button
          type="button"
          className="m-mode"
          aria-pressed={mode === 'map'}
          onClick={() => {
            setMode('map');
            setMapOpen(true);
          }}
        >
          <Icon name="map" />
          <span>{t('location.pickOnMap')}</span>
        </button>
        <button type="button" className="m-mode" aria-pressed={mode === 'compound'} onClick={() => setMode('compound')}>
          <Icon name="home" />
          <span>{t('location.chooseCompound')}</span>
        </button>
      </div>

      <div className="m-location-value" aria-live="polite">
        {mode === 'gps' && locating && <span className="m-muted">{t('location.locating')}</span>}
        {mode === 'gps' && gpsProblem && <span className="m-problem">{gpsProblem}</span>}
        {value?.kind === 'point' && value.source === mode && !locating && (
          <span className="m-place">
            <Icon name={value.source === 'gps' ? 'pin' : 'map'} size={18} />
            {value.source === 'gps' ? t('location.located') : t('location.picked')} {value.lat.toFixed(5)}, {value.lng.toFixed(5)}
            {value.accuracy !== undefined && value.accuracy > 0 && <span className="m-muted"> · {t('location.accuracy', { metres: Math.round(value.accuracy) })}</span>}
          </span>
        )}
        {mode === 'map' && value?.kind === 'point' && value.source === 'map' && (
          <button type="button" className="m-link" onClick={() => setMapOpen(true)}>
            {t('location.again')}
          </button>
        )}
        {mode === 'compound' &&
          (compoundsError ? (
            <span className="m-problem">
              {errorText(t, compoundsError)}{' '}
              <button type="button" className="m-link" onClick={() => setRound((r) => r + 1)}>
                {t('common:status.retry')}
              </button>
            </span>
          ) : compounds === null ? (
            <span className="m-muted">{t('common:status.loading')}</span>
          ) : compounds.length === 0 ? (
            <span className="m-muted">{t('location.noCompounds')}</span>
          ) : (
            <>
              <label className="m-sr" htmlFor="f-compound">
                {t('location.compound')}
              </label>
              <select id="f-compound" value={value?.kind === 'compound' ? String(value.compoundId) : ''} onChange={(e) => chooseCompound(e.target.value)}>
                <option value="">{t('location.compoundPlaceholder')}</option>
                {compounds.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.address ? ` · ${c.address}` : ''}
                  </option>
                ))}
              </select>
            </>
          ))}
        {mode === null && <span className="m-muted">{t('location.hint')}</span>}
      </div>
      <FieldProblem id="f-location-problem" text={problem} />

      {mapOpen && (
        <Suspense fallback={<div className="m-overlay"><Loading text={t('map.loading')} /></div>}>
          <MapPicker
            initial={value?.kind === 'point' ? value : null}
            onCancel={() => {
              setMapOpen(false);
              if (value?.kind !== 'point' || value.source !== 'map') setMode(value?.kind === 'compound' ? 'compound' : value?.kind === 'point' ? value.source : null);
            }}
            onPick={(point) => {
              setMapOpen(false);
              setMode('map');
              onChange({ kind: 'point', source: 'map', lat: point.lat, lng: point.lng });
            }}
          />
        </Suspense>
      )}
    </fieldset>
  );
}
