// The answers of GET /stats/overview and GET /figures, as the dashboard reads them.
import { ALLOWED_FROM, type Channel, type Figures, type RedPropertyStage } from '../../shared/domain';
import type { RequestState } from '../../shared/types';

export { CHANNELS, type Channel, RED_PROPERTY_STAGES, type RedPropertyStage } from '../../shared/domain';

/** States in which somebody still owes work on a request: those the sweeper marks overdue from. */
export const PENDING_STATES: readonly RequestState[] = ALLOWED_FROM.markOverdue;

export interface Overview {
  streets: number;
  communities: number;
  grids: number;
  compounds: number;
  households: number;
  oldCompounds: number;
  noPropertyCompounds: number;
  threeNosCompounds: number;
  ownersCommittees: number;
  buildings: number;
  compoundPartyBranches: number;
  partyOrganisations: number;
  redPropertyStages: Record<RedPropertyStage, number>;
}

/** A report's figures, as src/core/figures.ts computes them. */
export type { Figures } from '../../shared/domain';

export type UnitKind = 'district' | 'street' | 'community' | 'grid' | 'compound';

export interface RankedUnit {
  rank: number;
  kind: UnitKind;
  id: number;
  name: string | null;
  requests: number;
  responseRate: number | null;
  satisfactionRate: number | null;
  resolutionRate: number | null;
}

export interface Fraction {
  numerator: number;
  denominator: number;
}

export type RateName = 'response' | 'resolution' | 'satisfaction';

export interface FigureReport extends Figures {
  unit: { kind: UnitKind; id: number; name: string | null };
  company: { id: number; name: string } | null;
  from: string;
  to: string;
  rateCounts: Record<RateName, Fraction>;
  byMonth: (Figures & { month: string })[];
  childRanking: RankedUnit[];
  byChannel: { channel: string; requests: number }[];
  byCategory?: { categoryCode: string; nameZh: string; nameEn: string; requests: number }[];
  companyRanking?: (Figures & { rank: number; id: number; name: string | null })[];
  communityRanking?: RankedUnit[];
}
