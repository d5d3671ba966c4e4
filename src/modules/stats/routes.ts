// HTTP route for the overview figures of the caller's scope.
import { Type } from 'typebox';
import { RED_PROPERTY_STAGES } from '../../core/vocabulary.js';
import type { App, Context } from '../../server/types.js';
import { accountOf, errorResponses } from '../shared/http.js';
import { overview } from './service.js';

const count = Type.Integer({ minimum: 0 });

const OverviewOut = Type.Object({
  streets: count,
  communities: count,
  grids: count,
  compounds: count,
  households: count,
  oldCompounds: count,
  noPropertyCompounds: count,
  threeNosCompounds: count,
  ownersCommittees: count,
  buildings: count,
  compoundPartyBranches: count,
  partyOrganisations: count,
  redPropertyStages: Type.Object(Object.fromEntries(RED_PROPERTY_STAGES.map((s) => [s, count]))),
});

export async function statsRoutes(app: App, ctx: Context) {
  app.get(
    '/stats/overview',
    {
      schema: {
        tags: ['stats 统计'],
        summary: "The register at a glance for the caller's scope",
        response: { 200: OverviewOut, ...errorResponses },
      },
    },
    async (request) => overview(ctx, accountOf(request)),
  );
}
