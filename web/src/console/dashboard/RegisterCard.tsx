// The register at a glance (GET /stats/overview): units, compounds and their flags, party
// branches, and the compounds at each red-property stage; each leads to its register list.
import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { may } from '../../shared/auth';
import type { Me, Resource } from '../../shared/types';
import { Figure } from './Figure';
import { registerLink } from './links';
import { type Overview, RED_PROPERTY_STAGES } from './types';

interface Item {
  key: keyof Omit<Overview, 'redPropertyStages'>;
  resource: Resource;
  path: string;
  filters?: Record<string, boolean>;
}

const ITEMS: Item[] = [
  { key: 'communities', resource: 'communities', path: 'communities' },
  { key: 'grids', resource: 'grids', path: 'grids' },
  { key: 'compounds', resource: 'compounds', path: 'compounds' },
  { key: 'oldCompounds', resource: 'compounds', path: 'compounds', filters: { isOld: true } },
  { key: 'noPropertyCompounds', resource: 'compounds', path: 'compounds', filters: { noPropertyManagement: true } },
  { key: 'threeNosCompounds', resource: 'compounds', path: 'compounds', filters: { isThreeNos: true } },
  { key: 'households', resource: 'compounds', path: 'compounds' },
  { key: 'compoundPartyBranches', resource: 'partyOrgs', path: 'party-orgs' },
];

/** The unit counts worth showing for a scope: a community counts no communities but itself, a grid no grids. */
export function showsCount(scope: Me['scope']['kind'], key: Item['key']): boolean {
  if (key === 'communities') return scope === 'district' || scope === 'street';
  if (key === 'grids') return scope !== 'grid';
  return true;
}

export function RegisterCard({ me, overview }: { me: Me; overview: Overview }) {
  const { t } = useTranslation('dashboard');
  const items = ITEMS.filter((item) => showsCount(me.scope.kind, item.key));
  const stagesTotal = RED_PROPERTY_STAGES.reduce((n, s) => n + overview.redPropertyStages[s], 0);
  const compoundsLink = may(me, 'compounds');
  return (
    <Card title={t('register.title')} size="small" className="hy-dash-card">
      <div className="hy-dash-register">
        {items.map((item) => (
          <Figure
            key={item.key}
            testId={`register-${item.key}`}
            title={t(`register.${item.key}`)}
            value={overview[item.key]}
            to={may(me, item.resource) ? registerLink(item.path, item.filters) : null}
          />
        ))}
      </div>
      <div className="hy-dash-subtitle">
        {t('register.redProperty')}
        <span className="hy-dash-muted">{t('register.redPropertyTotal', { count: stagesTotal })}</span>
      </div>
      <Row gutter={[16, 16]}>
        {RED_PROPERTY_STAGES.map((stage) => (
          <Col key={stage} xs={12} md={6}>
            <Figure
              testId={`stage-${stage}`}
              title={t(`stages.${stage}`)}
              value={overview.redPropertyStages[stage]}
              to={compoundsLink ? registerLink('compounds', { redPropertyStage: stage }) : null}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
