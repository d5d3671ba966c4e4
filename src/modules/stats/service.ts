// The register at a glance for the caller's scope, counted by queries over the data.
import { RED_PROPERTY_STAGES, type RedPropertyStage } from '../../core/vocabulary.js';
import type { Context } from '../../server/types.js';
import { type Account, inSubtree } from '../shared/account.js';
import { authorize } from '../shared/http.js';

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

export async function overview(ctx: Context, account: Account): Promise<Overview> {
  authorize(account, 'stats', 'read');
  const { db } = ctx;
  const [units, compounds, stages, party, buildings] = await Promise.all([
    db
      .selectFrom('orgUnits')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where(inSubtree(account, 'orgUnits'))
      .groupBy('kind')
      .execute(),
    db
      .selectFrom('compounds')
      .select((eb) => [
        eb.fn.countAll<number>().as('compounds'),
        eb.fn.coalesce(eb.fn.sum<number>('households'), eb.lit(0)).as('households'),
        eb.fn.countAll<number>().filterWhere('isOld', '=', 1).as('old'),
        eb.fn.countAll<number>().filterWhere('propertyCompanyId', 'is', null).as('noProperty'),
        eb.fn.countAll<number>().filterWhere('isThreeNos', '=', 1).as('threeNos'),
        eb.fn.countAll<number>().filterWhere('hasOwnersCommittee', '=', 1).as('ownersCommittees'),
      ])
      .where(inSubtree(account, 'compounds'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('compounds')
      .select(['redPropertyStage', (eb) => eb.fn.countAll<number>().as('n')])
      .where(inSubtree(account, 'compounds'))
      .where('redPropertyStage', 'is not', null)
      .groupBy('redPropertyStage')
      .execute(),
    db
      .selectFrom('partyOrgs')
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        eb.fn.countAll<number>().filterWhere('type', 'in', ['compound_branch', 'red_property_branch']).as('compoundBranches'),
      ])
      .where(inSubtree(account, 'partyOrgs'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('buildings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(inSubtree(account, 'buildings'))
      .executeTakeFirstOrThrow(),
  ]);
  const byKind = new Map(units.map((u) => [u.kind, Number(u.n)]));
  const redPropertyStages = Object.fromEntries(RED_PROPERTY_STAGES.map((s) => [s, 0])) as Record<RedPropertyStage, number>;
  for (const row of stages) redPropertyStages[row.redPropertyStage!] = Number(row.n);
  return {
    streets: byKind.get('street') ?? 0,
    communities: byKind.get('community') ?? 0,
    grids: byKind.get('grid') ?? 0,
    compounds: Number(compounds.compounds),
    households: Number(compounds.households),
    oldCompounds: Number(compounds.old),
    noPropertyCompounds: Number(compounds.noProperty),
    threeNosCompounds: Number(compounds.threeNos),
    ownersCommittees: Number(compounds.ownersCommittees),
    buildings: Number(buildings.n),
    compoundPartyBranches: Number(party.compoundBranches),
    partyOrganisations: Number(party.all),
    redPropertyStages,
  };
}
