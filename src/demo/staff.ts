// The staff who work the demo's requests besides the demo accounts: one account per property
// company, community (staff, legal adviser, party secretary) and street, none with a password.
import type { Role } from '../core/vocabulary.js';
import { COMMUNITIES, nameSource, phoneSource } from './names.js';
import type { DemoPlan, OrgRef } from './plan.js';
import { createRandom } from './random.js';

export interface StaffPlan {
  username: string;
  displayName: string;
  role: Role;
  phone: string;
  scope?: OrgRef;
  company?: number;
  partyOrg?: number;
  /** What the account does for the year generator. */
  duty: 'property' | 'dispatch' | 'legal' | 'supervise' | 'street';
  /** The company, community or street index the duty is for. */
  of: number;
}

/**
 * Accounts the demo plan does not have yet. Where a demo account already covers a duty
 * (`property` for the first company, `community`, `secretary` and `street` for 霞海 and 泉庄),
 * the year uses it; the accounts here cover the rest.
 */
export function planStaff(plan: DemoPlan): StaffPlan[] {
  // A stream of its own, so that the register plan stays what it was for every seed.
  const random = createRandom(plan.seed * 7919 + 17);
  const nextName = nameSource(random);
  const nextPhone = phoneSource(random);
  const staff: StaffPlan[] = [];
  const add = (entry: Omit<StaffPlan, 'displayName' | 'phone'>) => staff.push({ ...entry, displayName: nextName(), phone: nextPhone() });
  const inCommunity = (index: number) => ({ kind: 'community' as const, index });
  plan.companies.forEach((_, company) => {
    if (company === 0) return;
    add({ username: `property-${String(company + 1).padStart(2, '0')}`, role: 'property_staff', company, duty: 'property', of: company });
  });
  plan.communities.forEach((_, community) => {
    const abbr = COMMUNITIES[community]!.abbr.toLowerCase();
    if (community !== 0) {
      add({ username: `community-${abbr}`, role: 'community_staff', scope: inCommunity(community), duty: 'dispatch', of: community });
      const committee = plan.partyOrgs.findIndex(
        (o) => o.type === 'community_big_committee' && o.orgUnit?.kind === 'community' && o.orgUnit.index === community,
      );
      add({ username: `secretary-${abbr}`, role: 'party_secretary', partyOrg: committee, duty: 'supervise', of: community });
    }
    // The community's legal adviser (法律顾问) acts as community staff of that community.
    add({ username: `legal-${abbr}`, role: 'community_staff', scope: inCommunity(community), duty: 'legal', of: community });
  });
  const streets = [...new Set(plan.communities.map((c) => c.street))].sort((a, b) => a - b);
  for (const street of streets) {
    if (street === 0) continue;
    add({ username: `street-${street + 1}`, role: 'street_staff', scope: { kind: 'street', index: street }, duty: 'street', of: street });
  }
  return staff;
}
