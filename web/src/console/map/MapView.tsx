// The Leaflet map of the map page: grids filled by their open or overdue requests, community
// outlines, compounds by flag and request markers by state. Leaflet owns the DOM inside the
// holder; React tells it what to draw, what is visible and what is selected.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { type RefObject, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../shared/types';
import { type Crs, project } from './coords';
import {
  COMPOUND_COLOURS,
  compoundKind,
  fillOf,
  type Metric,
  OVERDUE_OUTLINE,
  RED_PROPERTY_RING,
  STATE_COLOURS,
} from './scale';
import type { Area, CommunityOutline, CompoundOnMap, GridOnMap, MapSettings, Selection } from './types';
import './map.css';

export interface Layers {
  grids: boolean;
  compounds: boolean;
  requests: boolean;
}

/** What the page asks of the map besides drawing. */
export interface MapControls {
  fitAll(): void;
  focus(selection: NonNullable<Selection>): void;
}

interface Props {
  settings: MapSettings;
  crs: Crs;
  grids: GridOnMap[];
  communities: CommunityOutline[];
  compounds: CompoundOnMap[];
  requests: RequestSummary[];
  layers: Layers;
  metric: Metric;
  selection: Selection;
  onSelect(selection: Selection): void;
  controls: RefObject<MapControls | null>;
}

/** Where the demo district lies, for a scope with nothing to fit. */
const FALLBACK_CENTER: L.LatLngTuple = [21.2, 110.4];

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** GeoJSON rings ([lng, lat], WGS-84) → Leaflet rings ([lat, lng]) in the drawing system. */
function latLngsOf(area: Area, crs: Crs): L.LatLngExpression[][] | L.LatLngExpression[][][] {
  const ring = (positions: number[][]) => positions.map((p): L.LatLngTuple => {
    const [lng, lat] = project(crs, p);
    return [lat, lng];
  });
  return area.type === 'Polygon'
    ? (area.coordinates as number[][][]).map(ring)
    : (area.coordinates as number[][][][]).map((polygon) => polygon.map(ring));
}

function pointOf(crs: Crs, point: { lng: number; lat: number }): L.LatLngTuple {
  const [lng, lat] = project(crs, [point.lng, point.lat]);
  return [lat, lng];
}

function gridStyle(grid: GridOnMap, metric: Metric, selected: boolean, tiled: boolean): L.PathOptions {
  const count = metric === 'open' ? grid.openRequests : grid.overdueRequests;
  const late = grid.overdueRequests > 0;
  return {
    color: selected ? '#141414' : late ? OVERDUE_OUTLINE : '#8c8c8c',
    weight: selected ? 4 : late ? 2.5 : 1,
    fillColor: fillOf(metric, count),
    fillOpacity: tiled ? 0.55 : 0.9,
  };
}

function requestIcon(request: RequestSummary, selected: boolean): L.DivIcon {
  const late = request.overdueAccept || request.overdueResolve;
  const colour = STATE_COLOURS[request.state] ?? '#8c8c8c';
  const classes = ['hy-pin', late ? 'hy-pin-late' : '', selected ? 'hy-pin-selected' : ''].filter(Boolean).join(' ');
  return L.divIcon({
    className: 'hy-request-icon',
    html: `<span class="${classes}" style="background:${colour}"></span>`,
    iconSize: [16, 16],
    iconAnchor: [8, 8],
  });
}

export function MapView(props: Props) {
  const { settings, crs, grids, communities, compounds, requests, layers, metric, selection, onSelect, controls } = props;
  const { t, i18n } = useTranslation('map');
  const holder = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const groups = useRef<Record<keyof Layers, L.LayerGroup> & { communities: L.LayerGroup }>(null);
  const drawn = useRef({
    grids: new Map<number, L.Polygon>(),
    compounds: new Map<number, L.CircleMarker>(),
    requests: new Map<number, L.Marker>(),
  });
  const select = useRef(onSelect);
  select.current = onSelect;
  const tiled = settings.tileUrl !== null;

  // The map itself, once per tile setting.
  useEffect(() => {
    const m = L.map(holder.current!, { zoomSnap: 0.25, attributionControl: tiled, center: FALLBACK_CENTER, zoom: 13 });
    m.createPane('hy-grids').style.zIndex = '410';
    m.createPane('hy-outlines').style.zIndex = '415';
    m.createPane('hy-compounds').style.zIndex = '420';
    if (settings.tileUrl) {
      m.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
      L.tileLayer(settings.tileUrl, {
        subdomains: settings.tileSubdomains,
        attribution: settings.tileAttribution ? escapeHtml(settings.tileAttribution) : undefined,
        maxZoom: 19,
      }).addTo(m);
    }
    m.on('click', () => select.current(null));
    groups.current = { grids: L.layerGroup(), communities: L.layerGroup(), compounds: L.layerGroup(), requests: L.layerGroup() };
    map.current = m;
    const resize = new ResizeObserver(() => m.invalidateSize());
    resize.observe(holder.current!);
    return () => {
      resize.disconnect();
      m.remove();
      map.current = null;
      groups.current = null;
    };
  }, [settings.tileUrl, settings.tileSubdomains, settings.tileAttribution, tiled]);

  // Everything drawn, again whenever the data, the colouring or the language change.
  useEffect(() => {
    const g = groups.current;
    if (!g) return;
    Object.values(g).forEach((group) => group.clearLayers());
    const d = drawn.current;
    d.grids.clear();
    d.compounds.clear();
    d.requests.clear();

    for (const community of communities) {
      if (!community.boundary) continue;
      L.polygon(latLngsOf(community.boundary, crs), {
        pane: 'hy-outlines',
        className: 'hy-community',
        color: '#434343',
        weight: 2,
        fill: false,
        interactive: false,
      }).addTo(g.communities);
    }

    for (const grid of grids) {
      if (!grid.boundary) continue;
      const polygon = L.polygon(latLngsOf(grid.boundary, crs), {
        pane: 'hy-grids',
        className: 'hy-grid',
        // A click on a grid is not also a click on the empty map, which clears the selection.
        bubblingMouseEvents: false,
        ...gridStyle(grid, metric, false, tiled),
      });
      polygon.bindTooltip(
        `<b>${escapeHtml(grid.name)}</b><br>${escapeHtml(t('tooltip.counts', { open: grid.openRequests, overdue: grid.overdueRequests }))}`,
        { sticky: true, direction: 'top', offset: [0, -8] },
      );
      polygon.on('click', () => select.current({ kind: 'grid', id: grid.id }));
      polygon.on('add', () => {
        const element = polygon.getElement();
        element?.setAttribute('data-grid-id', String(grid.id));
        element?.setAttribute('data-fill', fillOf(metric, metric === 'open' ? grid.openRequests : grid.overdueRequests));
      });
      polygon.addTo(g.grids);
      d.grids.set(grid.id, polygon);
    }

    for (const compound of compounds) {
      const kind = compoundKind(compound);
      const colour = COMPOUND_COLOURS[kind];
      if (compound.boundary) {
        L.polygon(latLngsOf(compound.boundary, crs), {
          pane: 'hy-compounds',
          color: colour,
          weight: 1,
          dashArray: '3 3',
          fill: false,
          interactive: false,
        }).addTo(g.compounds);
      }
      const marker = L.circleMarker(pointOf(crs, compound.location), {
        pane: 'hy-compounds',
        className: 'hy-compound',
        bubblingMouseEvents: false,
        radius: 6,
        color: compound.redPropertyStage ? RED_PROPERTY_RING : '#ffffff',
        weight: compound.redPropertyStage ? 3 : 1.5,
        fillColor: colour,
        fillOpacity: 0.95,
      });
      marker.bindTooltip(escapeHtml(compound.name), { direction: 'top', offset: [0, -6] });
      marker.on('click', () => select.current({ kind: 'compound', id: compound.id }));
      marker.addTo(g.compounds);
      d.compounds.set(compound.id, marker);
    }

    for (const request of requests) {
      const category = i18n.language === 'en' ? request.category.nameEn : request.category.nameZh;
      const marker = L.marker(pointOf(crs, request.location), {
        icon: requestIcon(request, false),
        title: `${request.number} ${category}`,
        alt: `${request.number} ${category}`,
        keyboard: true,
        riseOnHover: true,
      });
      marker.on('click', () => select.current({ kind: 'request', id: request.id }));
      marker.addTo(g.requests);
      d.requests.set(request.id, marker);
    }
  }, [grids, communities, compounds, requests, metric, crs, tiled, t, i18n.language]);

  // Which layers show. Outlines go with the grids.
  useEffect(() => {
    const m = map.current;
    const g = groups.current;
    if (!m || !g) return;
    const show = (group: L.LayerGroup, on: boolean) => (on ? group.addTo(m) : group.remove());
    show(g.grids, layers.grids);
    show(g.communities, layers.grids);
    show(g.compounds, layers.compounds);
    show(g.requests, layers.requests);
  }, [layers.grids, layers.compounds, layers.requests, grids, compounds, requests, tiled]);

  // The selection stands out; the previous one returns to normal. After a redraw (new colouring
  // or language) the new layers need the highlight again.
  useEffect(() => {
    const d = drawn.current;
    if (selection?.kind === 'grid') {
      const grid = grids.find((g) => g.id === selection.id);
      const polygon = d.grids.get(selection.id);
      if (grid && polygon) {
        polygon.setStyle(gridStyle(grid, metric, true, tiled));
        polygon.bringToFront();
      }
    }
    if (selection?.kind === 'compound') d.compounds.get(selection.id)?.setStyle({ radius: 9, weight: 3, color: '#141414' });
    const request = selection?.kind === 'request' ? requests.find((r) => r.id === selection.id) : undefined;
    if (request) d.requests.get(request.id)?.setIcon(requestIcon(request, true)).setZIndexOffset(1000);
    return () => {
      if (selection?.kind === 'grid') {
        const grid = grids.find((g) => g.id === selection.id);
        if (grid) d.grids.get(selection.id)?.setStyle(gridStyle(grid, metric, false, tiled));
      }
      if (selection?.kind === 'compound') {
        const compound = compounds.find((c) => c.id === selection.id);
        d.compounds.get(selection.id)?.setStyle({
          radius: 6,
          weight: compound?.redPropertyStage ? 3 : 1.5,
          color: compound?.redPropertyStage ? RED_PROPERTY_RING : '#ffffff',
        });
      }
      if (request) d.requests.get(request.id)?.setIcon(requestIcon(request, false)).setZIndexOffset(0);
    };
  }, [selection, grids, compounds, requests, metric, tiled, t, i18n.language]);

  // Fitting the view: all grids (or compounds) once loaded, and on request.
  useEffect(() => {
    const fitAll = (animate: boolean) => {
      const m = map.current;
      if (!m) return;
      const bounds = L.latLngBounds([]);
      drawn.current.grids.forEach((p) => bounds.extend(p.getBounds()));
      if (!bounds.isValid()) drawn.current.compounds.forEach((c) => bounds.extend(c.getLatLng()));
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16], maxZoom: 17, animate });
      else m.setView(FALLBACK_CENTER, 13, { animate });
    };
    controls.current = {
      fitAll: () => fitAll(true),
      focus(target) {
        const m = map.current;
        if (!m) return;
        if (target.kind === 'grid') {
          const polygon = drawn.current.grids.get(target.id);
          if (polygon) m.fitBounds(polygon.getBounds(), { padding: [48, 48], maxZoom: 17 });
        } else {
          const marker = target.kind === 'compound' ? drawn.current.compounds.get(target.id) : drawn.current.requests.get(target.id);
          if (marker) m.setView(marker.getLatLng(), Math.max(m.getZoom(), 16));
        }
      },
    };
    // The first view is set at once: an animated zoom from the fallback would scale the drawing mid-way.
    fitAll(false);
  }, [controls, grids, compounds, tiled]);

  return <div ref={holder} className={`hy-map${tiled ? '' : ' hy-map-plain'}`} role="region" aria-label={t('title')} />;
}
