// The log of unmasked reads of personal data (phone and ID numbers): who read whose, when,
// in which request. Presenters call this whenever they hand out a value unmasked.
import type { Context } from '../../server/types.js';
import type { Account } from './account.js';

export interface Disclosure {
  districtId: number;
  subjectType: 'user' | 'property_company' | 'unit' | 'request';
  subjectId: number;
  fields: string[];
}

export async function logDisclosures(ctx: Context, account: Account, disclosures: Disclosure[], requestId: string | null) {
  const rows = disclosures.filter((d) => d.fields.length > 0);
  // The system account (CLI, seeding) has no account row to point at and reads nothing out.
  if (rows.length === 0 || account.via === 'system') return;
  const at = ctx.now().toISOString();
  await ctx.db
    .insertInto('personalDataAccess')
    .values(
      rows.map((d) => ({
        districtId: d.districtId,
        userId: account.id,
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        fields: d.fields.join(','),
        requestId,
        at,
      })),
    )
    .execute();
}
