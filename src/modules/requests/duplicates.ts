// Possible duplicates at intake: open requests of the same category within 250 m whose text
// is similar; and the full-text entry each request gets (FTS5 on SQLite, pg_trgm on PostgreSQL).
import { type Kysely, sql } from 'kysely';
import { boundingBox, haversineMetres } from '../../core/geo.js';
import { OPEN_STATES } from '../../core/lifecycle.js';
import { type Fingerprint, fingerprint, normalize, SIMILAR_THRESHOLD, similarityOf } from '../../core/text.js';
import type { Dialect } from '../../db/connection.js';
import type { Database } from '../../db/schema.js';
import type { Context } from '../../server/types.js';

export const DUPLICATE_RADIUS_M = 250;
const MAX_CANDIDATES = 200;

// Fingerprinting a text costs tens of microseconds (segmentation); comparing two costs one.
// Candidates recur from intake to intake, so their fingerprints are kept, least recently
// used first out. A request's description never changes, so entries never go stale.
const FINGERPRINT_CACHE_SIZE = 50_000;
const fingerprints = new Map<number, Fingerprint>();

function fingerprintOf(id: number, description: string): Fingerprint {
  let print = fingerprints.get(id);
  if (print) {
    fingerprints.delete(id);
  } else {
    print = fingerprint(description);
    if (fingerprints.size >= FINGERPRINT_CACHE_SIZE) fingerprints.delete(fingerprints.keys().next().value!);
  }
  fingerprints.set(id, print);
  return print;
}

export interface PossibleDuplicate {
  id: number;
  number: string;
  state: string;
  description: string;
  distanceMetres: number;
  similarity: number;
}

export async function findDuplicates(
  ctx: Context,
  at: { districtId: number; categoryId: number; lat: number; lng: number; description: string; excludeId?: number },
): Promise<PossibleDuplicate[]> {
  const box = boundingBox(at.lat, at.lng, DUPLICATE_RADIUS_M);
  let query = ctx.db
    .selectFrom('requests')
    .select(['id', 'number', 'state', 'description', 'lat', 'lng'])
    .where('districtId', '=', at.districtId)
    .where('categoryId', '=', at.categoryId)
    .where('state', 'in', OPEN_STATES.filter((s) => s !== 'resolved'))
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where('lng', '>=', box.minLng)
    .where('lng', '<=', box.maxLng)
    // No ORDER BY: sorting every open request of a crowded spot would make intake slower the more
    // requests wait there; 200 candidates within 250 m are more than anyone reads anyway.
    .limit(MAX_CANDIDATES);
  if (at.excludeId !== undefined) query = query.where('id', '<>', at.excludeId);
  const candidates = await query.execute();
  if (candidates.length === 0) return [];
  const mine = fingerprint(at.description);
  return candidates
    .map((c) => ({
      id: c.id,
      number: c.number,
      state: c.state,
      description: c.description,
      distanceMetres: Math.round(haversineMetres(at.lat, at.lng, c.lat, c.lng)),
      similarity: Math.round(similarityOf(mine, fingerprintOf(c.id, c.description)) * 1000) / 1000,
    }))
    .filter((c) => c.distanceMetres <= DUPLICATE_RADIUS_M && c.similarity >= SIMILAR_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity || a.distanceMetres - b.distanceMetres)
    .slice(0, 5);
}

/**
 * Adds a request's text to the search index. SQLite keeps a contentless FTS5 trigram table keyed
 * by the request id; PostgreSQL's trigram index lives on the requests table itself.
 */
export async function indexForSearch(db: Kysely<Database>, dialect: Dialect, requestId: number, description: string): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`insert into request_fts (rowid, description) values (${requestId}, ${normalize(description)})`.execute(db);
}
