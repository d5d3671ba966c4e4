// The map's legend: the grid colour classes of the chosen measure, the overdue outline, the
// compound flags and the request states.
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CRS_LABEL, type Crs } from './coords';
import { classLabels, COMPOUND_COLOURS, type CompoundKind, type Metric, PALETTES, RED_PROPERTY_RING, STATE_COLOURS } from './scale';

interface Props {
  metric: Metric;
  openStates: string[];
  requestCount: number;
  requestsCapped: boolean;
  crs: Crs;
  tiled: boolean;
}

const KINDS: CompoundKind[] = ['threeNos', 'noProperty', 'old', 'other'];

export function Legend({ metric, openStates, requestCount, requestsCapped, crs, tiled }: Props) {
  const { t } = useTranslation('map');
  const labels = classLabels();
  return (
    <Card size="small" title={t('legend.title')}>
      <Typography.Text strong>{t(`legend.grids.${metric}`)}</Typography.Text>
      <div className="hy-legend-scale" aria-label={t(`legend.grids.${metric}`)}>
        {PALETTES[metric].map((colour, i) => (
          <span key={colour}>
            <i style={{ background: colour }} />
            {labels[i]}
          </span>
        ))}
      </div>
      <div className="hy-legend-row">
        <span className="hy-swatch hy-swatch-outline" />
        {t('legend.grids.lateOutline')}
      </div>

      <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
        {t('legend.compounds.title')}
      </Typography.Text>
      {KINDS.map((kind) => (
        <div className="hy-legend-row" key={kind}>
          <span className="hy-swatch hy-swatch-dot" style={{ background: COMPOUND_COLOURS[kind] }} />
          {t(`legend.compounds.${kind}`)}
        </div>
      ))}
      <div className="hy-legend-row">
        <span className="hy-swatch hy-swatch-dot" style={{ background: '#d9d9d9', border: `3px solid ${RED_PROPERTY_RING}`, boxShadow: 'none' }} />
        {t('legend.compounds.redProperty')}
      </div>

      <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
        {t('legend.requests.title')}
      </Typography.Text>
      {openStates.map((state) => (
        <div className="hy-legend-row" key={state}>
          <span className="hy-swatch hy-swatch-pin" style={{ background: STATE_COLOURS[state] ?? '#8c8c8c' }} />
          {t(`common:states.${state}`)}
        </div>
      ))}
      <div className="hy-legend-row">
        <span className="hy-swatch hy-swatch-pin" style={{ background: '#ffffff', boxShadow: '0 0 0 2.5px #a8071a' }} />
        {t('legend.requests.late')}
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
        {requestsCapped ? t('legend.requests.capped', { count: requestCount }) : t('legend.requests.all', { count: requestCount })}
        <br />
        {tiled ? t('legend.crs.tiled', { crs: CRS_LABEL[crs] }) : t('legend.crs.plain', { crs: CRS_LABEL[crs] })}
      </Typography.Paragraph>
    </Card>
  );
}
