// The map (地图): grids coloured by their open or overdue requests, compounds by their flags,
// the newest open requests by state; a click shows details and links to the lists behind them.
// Leaflet loads with this page only. Without a configured tile URL the map draws on a plain
// background, so it works offline.
import { AimOutlined } from '@ant-design/icons';
import { Button, Checkbox, Result, Segmented, Select, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { useApi } from '../../shared/useApi';
import { Loaded, NothingYet } from '../components/States';
import { displayCrs } from '../map/coords';
import { Details } from '../map/Details';
import { Legend } from '../map/Legend';
import { loadMap, type MapData } from '../map/load';
import { type Layers, type MapControls, MapView } from '../map/MapView';
import type { Metric } from '../map/scale';
import type { Selection } from '../map/types';

export default function MapPage() {
  const { t } = useTranslation('map');
  const { me } = useAuth();
  const state = useApi(() => loadMap(me), [me?.id]);
  // Roles without the grids grant reach the page only by typing its address.
  if (state.error instanceof ApiError && state.error.status === 403) return <Result status="403" title={t('forbidden')} />;
  return (
    <Loaded state={state}>
      {(data) => (data.grids.items.length === 0 ? <NothingYet text={t('noGrids')} /> : <MapScreen data={data} />)}
    </Loaded>
  );
}

function MapScreen({ data }: { data: MapData }) {
  const { t } = useTranslation('map');
  const [layers, setLayers] = useState<Layers>({ grids: true, compounds: true, requests: true });
  const [metric, setMetric] = useState<Metric>('open');
  const [selection, setSelection] = useState<Selection>(null);
  const controls = useRef<MapControls | null>(null);
  const crs = displayCrs(data.settings);
  const grids = data.grids.items;

  const gridOptions = useMemo(
    () =>
      [...new Map(grids.map((g) => [g.community.id, g.community.name])).entries()].map(([id, name]) => ({
        key: id,
        label: name,
        title: name,
        options: grids.filter((g) => g.community.id === id).map((g) => ({ value: g.id, label: g.name })),
      })),
    [grids],
  );

  const layerOptions = [
    { value: 'grids', label: t('layers.grids', { count: grids.length }) },
    { value: 'compounds', label: t('layers.compounds', { count: data.compounds.length }) },
    { value: 'requests', label: t('layers.requests', { count: data.requests.length }) },
  ];

  return (
    <div className="hy-map-page">
      <div className="hy-map-toolbar">
        <Typography.Title level={4}>{t('title')}</Typography.Title>
        <Checkbox.Group
          aria-label={t('layers.label')}
          options={layerOptions}
          value={(Object.keys(layers) as (keyof Layers)[]).filter((k) => layers[k])}
          onChange={(on) => setLayers({ grids: on.includes('grids'), compounds: on.includes('compounds'), requests: on.includes('requests') })}
        />
        <span>
          <Typography.Text type="secondary" style={{ marginRight: 8 }}>
            {t('colourBy.label')}
          </Typography.Text>
          <Segmented<Metric>
            aria-label={t('colourBy.label')}
            value={metric}
            onChange={setMetric}
            options={[
              { value: 'open', label: t('colourBy.open') },
              { value: 'overdue', label: t('colourBy.overdue') },
            ]}
          />
        </span>
        <Select<number>
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          style={{ width: 240 }}
          placeholder={t('find.placeholder')}
          aria-label={t('find.label')}
          options={gridOptions}
          value={selection?.kind === 'grid' ? selection.id : undefined}
          onChange={(id) => {
            if (id === undefined) return setSelection(null);
            setSelection({ kind: 'grid', id });
            if (!layers.grids) setLayers({ ...layers, grids: true });
            controls.current?.focus({ kind: 'grid', id });
          }}
        />
      </div>
      <div className="hy-map-body">
        <div className="hy-map-canvas">
          <Button className="hy-map-fit" icon={<AimOutlined />} onClick={() => controls.current?.fitAll()}>
            {t('fitAll')}
          </Button>
          <MapView
            settings={data.settings}
            crs={crs}
            grids={grids}
            communities={data.communities}
            compounds={data.compounds}
            requests={data.requests}
            layers={layers}
            metric={metric}
            selection={selection}
            onSelect={setSelection}
            controls={controls}
          />
        </div>
        <aside className="hy-map-side" aria-label={t('details.title')}>
          <Details selection={selection} grids={grids} compounds={data.compounds} requests={data.requests} openStates={data.grids.openStates} crs={crs} />
          <Legend
            metric={metric}
            openStates={data.grids.openStates}
            requestCount={data.requests.length}
            requestsCapped={data.requestsCapped}
            crs={crs}
            tiled={data.settings.tileUrl !== null}
          />
        </aside>
      </div>
    </div>
  );
}
