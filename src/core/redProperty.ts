// Rules for a compound's red-property stage (红色物业): an ordered path from planned to
// demonstration site, recorded as dated history.
import { RED_PROPERTY_STAGES, type RedPropertyStage } from './vocabulary.js';

export interface StageEntry {
  stage: RedPropertyStage;
  reachedOn: string;
}

/** Stages that presuppose a property company managing the compound. */
const NEEDS_COMPANY: readonly RedPropertyStage[] = ['property_integrated', 'demonstration_site'];

export function stageRank(stage: RedPropertyStage): number {
  return RED_PROPERTY_STAGES.indexOf(stage);
}

/**
 * Checks a new entry against the history (oldest first). Moving back is allowed (a
 * demonstration site can lose its title), standing still is not, and dates never go back.
 * Returns the field at fault and why, or null.
 */
export function checkStageChange(
  history: readonly StageEntry[],
  next: StageEntry,
  context: { hasPropertyCompany: boolean; today: string },
): { field: 'stage' | 'reachedOn'; message: string } | null {
  const last = history.at(-1);
  if (last?.stage === next.stage) return { field: 'stage', message: `the compound is already at ${next.stage}` };
  if (NEEDS_COMPANY.includes(next.stage) && !context.hasPropertyCompany) {
    return { field: 'stage', message: `${next.stage} needs a property company managing the compound` };
  }
  if (next.reachedOn > context.today) return { field: 'reachedOn', message: 'lies in the future' };
  if (last && next.reachedOn < last.reachedOn) {
    return { field: 'reachedOn', message: `is before the previous stage (${last.stage} on ${last.reachedOn})` };
  }
  return null;
}
