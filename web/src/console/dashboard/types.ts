// The answers of GET /stats/overview and GET /figures, as the dashboard reads them.
import type { RequestState } from '../../shared/types';

export const RED_PROPERTY_STAGES = ['planned', 'branch_formed', 'property_integrated', 'demonstration_site'] as const;
export type RedPropertyStage = (typeof RED_PROPERTY_STAGES)[number];

export const CHANNELS = ['app', 'grid_worker', 'reception_day', 'suggestion_box', 'hotline', 'discussion_group'] as const;

/** States in which somebody still owes work on a request, as the sweeper marks overdue from. */
export const PENDING_STATES: RequestState[] = ['submitted', 'accepted', 'returned', 'reopened'];

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

export interface Figures {
  requests: number;
  byState: Record<RequestState, number>;
  overdue: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  /** In working time. */
  averageAcceptMinutes: number | null;
  averageResolveMinutes: number | null;
  accepted: number;
  rated: number;
}

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
