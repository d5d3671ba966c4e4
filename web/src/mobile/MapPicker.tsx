// The map picker, loaded only when opened: the outlines the account may read (community, grids,
// compounds) on a plain background, so a tap lands on something a resident recognises; a tap
// (or the crosshair, for the keyboard) gives a WGS-84 point. A street map can be switched on.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may, useAuth } from '../shared/auth';
import type { Area, Compound, Polygonal } from './types';
import { Icon } from './ui';
import { errorText, loadAreas, loadCompounds } from './util';

interface Point {
  lat: number;
  lng: number;
}

interface Shapes {
  compounds: Compound[];
  communities: Area[];
  grids: Area[];
}

const DISTRICT_CENTRE: L.LatLngTuple = [21.2, 110.4];
const STREET_MAP = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

type Ring = [number, number][];

function inRing([x, y]: [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies in a GeoJSON polygon (outer ring, not in a hole). */
function inArea(point: Point, area: Polygonal): boolean {
  const polygons = (area.type === 'Polygon' ? [area.coordinates] : area.coordinates) as Ring[][];
  const p: [number, number] = [point.lng, point.lat];
  return polygons.some(([outer, ...holes]) => outer !== undefined && inRing(p, outer) && !holes.some((hole) => inRing(p, hole)));
}

export default function MapPicker({ initial, onPick, onCancel }: { initial: Point | null; onPick(point: Point): void; onCancel(): void }) {
  const { t } = useTranslation('mobile');
  const { me } = useAuth();
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const [point, setPoint] = useState<Point | null>(initial);
  const [shapes, setShapes] = useState<Shapes | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const [streets, setStreets] = useState(false);
  const closeButton = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;

  // A dialog: focus inside while open (Tab cycles within it), back where it was after; Escape closes it.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') cancel.current();
      if (event.key !== 'Tab' || !dialog.current) return;
      const stops = [...dialog.current.querySelectorAll<HTMLElement>('button, a[href], input, [tabindex="0"]')].filter(
        (e) => !e.hasAttribute('disabled') && e.offsetParent !== null,
      );
      const first = stops[0];
      const last = stops[stops.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, []);

  useEffect(() => {
    if (!me) return;
    let live = true;
    setError(null);
    Promise.all([
      loadCompounds(me),
      may(me, 'communities') ? loadAreas(me, 'communities') : Promise.resolve([]),
      may(me, 'grids') ? loadAreas(me, 'grids') : Promise.resolve([]),
    ])
      .then(([compounds, communities, grids]) => live && setShapes({ compounds, communities, grids }))
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [me, round]);

  useEffect(() => {
    const created = L.map(box.current!, {
      center: initial ? [initial.lat, initial.lng] : DISTRICT_CENTRE,
      zoom: 15,
      attributionControl: false,
      zoomControl: false,
    });
    L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(created);
    created.on('click', (event: L.LeafletMouseEvent) => setPoint({ lat: event.latlng.lat, lng: event.latlng.lng }));
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
    };
    // The map is made once; the first point only centres it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const target = map.current;
    if (!target || !shapes) return;
    const layers: L.Layer[] = [];
    const outline = (area: Polygonal, style: L.PathOptions) => L.geoJSON(area as GeoJSON.GeometryObject, { style, interactive: false });
    for (const c of shapes.communities) if (c.boundary) layers.push(outline(c.boundary, { color: '#c0392b', weight: 2, fillColor: '#c0392b', fillOpacity: 0.04 }));
    for (const g of shapes.grids) if (g.boundary) layers.push(outline(g.boundary, { color: '#2c6fbb', weight: 2, dashArray: '6 4', fillOpacity: 0 }));
    for (const c of shapes.compounds) {
      const shape = c.boundary
        ? outline(c.boundary, { color: '#e67e22', weight: 2, fillColor: '#f5b041', fillOpacity: 0.3 })
        : c.location
          ? L.circleMarker([c.location.lat, c.location.lng], { radius: 7, color: '#e67e22', fillColor: '#f5b041', fillOpacity: 0.8, interactive: false })
          : null;
      if (!shape) continue;
      // Leaflet writes string content as HTML; a text node keeps a compound's name plain text.
      const label = document.createElement('span');
      label.textContent = c.name;
      shape.bindTooltip(label, { permanent: true, direction: c.boundary ? 'center' : 'top', className: 'm-map-label', interactive: false });
      layers.push(shape);
    }
    const group = L.featureGroup(layers).addTo(target);
    const bounds = group.getBounds();
    if (bounds.isValid()) target.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    return () => {
      group.remove();
    };
  }, [shapes]);

  useEffect(() => {
    const target = map.current;
    if (!target) return;
    marker.current?.remove();
    marker.current = point ? L.circleMarker([point.lat, point.lng], { radius: 9, color: '#fff', weight: 3, fillColor: '#c0392b', fillOpacity: 1, interactive: false }).addTo(target) : null;
  }, [point]);

  useEffect(() => {
    const target = map.current;
    if (!target || !streets) return;
    const layer = L.tileLayer(STREET_MAP, { maxZoom: 19, attribution: '© OpenStreetMap' }).addTo(target);
    const credit = L.control.attribution({ prefix: false }).addTo(target);
    layer.bringToBack();
    return () => {
      layer.remove();
      credit.remove();
    };
  }, [streets]);

  const inside = point && shapes ? shapes.compounds.find((c) => c.boundary && inArea(point, c.boundary)) : undefined;
  const centre = () => {
    const c = map.current?.getCenter();
    if (c) setPoint({ lat: c.lat, lng: c.lng });
  };

  return (
    <div ref={dialog} className="m-overlay" role="dialog" aria-modal="true" aria-labelledby="map-title">
      <header className="m-top">
        <button ref={closeButton} type="button" className="m-top-button" aria-label={t('map.close')} onClick={onCancel}>
          <Icon name="close" />
        </button>
        <h1 id="map-title">{t('map.title')}</h1>
        <span className="m-top-spacer" />
      </header>
      <div className="m-map-wrap">
        <div ref={box} className="m-map" aria-label={t('map.label')} />
        <span className="m-crosshair" aria-hidden="true" />
        {!shapes && !error && <div className="m-map-note">{t('common:status.loading')}</div>}
        {error ? (
          <div className="m-map-note m-problem" role="alert">
            {errorText(t, error)}{' '}
            <button type="button" className="m-link" onClick={() => setRound((r) => r + 1)}>
              {t('common:status.retry')}
            </button>
          </div>
        ) : null}
      </div>
      <footer className="m-map-foot">
        <p aria-live="polite">
          {point ? (
            <>
              <strong>{inside ? t('map.inside', { name: inside.name }) : t('map.chosen')}</strong> {point.lat.toFixed(5)}, {point.lng.toFixed(5)}
            </>
          ) : (
            t('map.tap')
          )}
        </p>
        <div className="m-row">
          <button type="button" className="m-btn" onClick={centre}>
            {t('map.useCentre')}
          </button>
          <label className="m-check">
            <input type="checkbox" checked={streets} onChange={(e) => setStreets(e.target.checked)} />
            {t('map.streets')}
          </label>
        </div>
        <button type="button" className="m-btn m-btn-primary m-btn-block" disabled={!point} onClick={() => point && onPick(point)}>
          {t('map.confirm')}
        </button>
      </footer>
    </div>
  );
}
