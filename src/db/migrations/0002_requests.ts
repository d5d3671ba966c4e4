// The request loop: categories, requests with their event log, numbering counters, photos,
// idempotency keys, figure rollups, the official-calendar overlay, notifications, webhooks.
import { type Kysely, sql } from 'kysely';
import { COUNTERS } from '../../core/figures.js';
import { HANDLER_KINDS, REQUEST_STATES, SATISFACTION } from '../../core/lifecycle.js';
import { CHANNELS, LIMIT_UNITS } from '../../core/vocabulary.js';
import { ancestry, flag, isSqlite, oneOf, table, timestamps } from './portable.js';


const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export async function up(db: Kysely<any>): Promise<void> {
  let categories = table(db, 'categories')
    .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('name_zh', 'text', (col) => col.notNull())
    .addColumn('name_en', 'text', (col) => col.notNull())
    .addColumn('group_code', 'text', (col) => col.notNull())
    .addColumn('accept_limit', 'double precision', (col) => col.notNull().check(sql`accept_limit > 0`))
    .addColumn('resolve_limit', 'double precision', (col) => col.notNull().check(sql`resolve_limit > 0`))
    .addColumn('fields', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('sort_order', 'integer', (col) => col.notNull().defaultTo(0))
    .addUniqueConstraint('categories_code_unique', ['district_id', 'code']);
  categories = oneOf(categories, 'accept_unit', LIMIT_UNITS);
  categories = oneOf(categories, 'resolve_unit', LIMIT_UNITS);
  categories = oneOf(categories, 'handler_kind', HANDLER_KINDS);
  categories = flag(flag(categories, 'urgent'), 'active', 1);
  await timestamps(categories).execute();

  let requests = ancestry(table(db, 'requests'), 'grid')
    // Numbers count per district and day, so they are unique within a district.
    .addColumn('number', 'text', (col) => col.notNull())
    .addColumn('compound_id', 'integer', (col) => col.references('compounds.id'))
    .addColumn('building_id', 'integer', (col) => col.references('buildings.id'))
    .addColumn('category_id', 'integer', (col) => col.notNull().references('categories.id'))
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('lng', 'double precision', (col) => col.notNull())
    .addColumn('lat', 'double precision', (col) => col.notNull())
    .addColumn('attributes', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('reporter_user_id', 'integer', (col) => col.references('users.id'))
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone', 'text')
    .addColumn('created_by', 'integer', (col) => col.references('users.id'))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('handler_company_id', 'integer', (col) => col.references('property_companies.id'))
    .addColumn('handler_user_id', 'integer', (col) => col.references('users.id'))
    .addColumn('handler_unit_id', 'integer', (col) => col.references('org_units.id'))
    .addColumn('placed_at', 'text', (col) => col.notNull())
    .addColumn('placed_day', 'text', (col) => col.notNull())
    .addColumn('due_accept_at', 'text', (col) => col.notNull())
    .addColumn('due_resolve_at', 'text', (col) => col.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accept_minutes', 'integer')
    .addColumn('accepted_in_time', 'integer')
    .addColumn('resolved_at', 'text')
    .addColumn('resolve_minutes', 'integer')
    .addColumn('closed_at', 'text')
    .addColumn('rating_solved', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('escalation_level', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('merged_into_id', 'integer', (col) => col.references('requests.id'))
    .addColumn('reopen_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('requests_number_unique', ['district_id', 'number']);
  requests = oneOf(requests, 'state', REQUEST_STATES);
  requests = oneOf(requests, 'channel', CHANNELS);
  requests = oneOf(requests, 'handler_kind', HANDLER_KINDS);
  requests = oneOf(requests, 'rating_satisfaction', SATISFACTION, true);
  requests = flag(flag(flag(flag(requests, 'due_uncertain'), 'overdue_accept'), 'overdue_resolve'), 'extension_pending');
  await requests.execute();
  for (const columns of [
    ['district_id', 'placed_at'],
    ['street_id', 'placed_at'],
    ['community_id', 'placed_at'],
    ['grid_id', 'placed_at'],
    ['compound_id', 'placed_at'],
    ['handler_company_id', 'state'],
    ['handler_user_id', 'state'],
    ['reporter_user_id', 'placed_at'],
    ['state', 'due_accept_at'],
    ['state', 'due_resolve_at'],
    ['category_id', 'state', 'lat'],
  ]) {
    await db.schema.createIndex(`requests_${columns.join('_')}_idx`).on('requests').columns(columns).execute();
  }

  await oneOf(oneOf(table(db, 'request_events'), 'from_state', REQUEST_STATES, true), 'to_state', REQUEST_STATES)
    .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
    .addColumn('request_id', 'integer', (col) => col.notNull().references('requests.id'))
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    // One event per version: of two people acting on one request at once, exactly one wins.
    .addUniqueConstraint('request_events_seq_unique', ['request_id', 'seq'])
    .execute();
  await db.schema.createIndex('request_events_district_idx').on('request_events').columns(['district_id', 'id']).execute();

  await db.schema
    .createTable('request_counters')
    .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('value', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('request_counters_pk', ['district_id', 'day'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('request_id', 'integer', (col) => col.notNull().references('requests.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['owner', 'key'])
    .execute();

  await oneOf(table(db, 'request_photos'), 'stage', ['intake', 'resolution'])
    .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
    .addColumn('request_id', 'integer', (col) => col.notNull().references('requests.id'))
    .addColumn('file', 'text', (col) => col.notNull())
    .addColumn('mime', 'text', (col) => col.notNull())
    .addColumn('bytes', 'integer', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('request_photos_request_idx').on('request_photos').column('request_id').execute();

  let rollups = db.schema
    .createTable('request_rollups')
    .addColumn('district_id', 'integer', (col) => col.notNull())
    .addColumn('street_id', 'integer', (col) => col.notNull())
    .addColumn('community_id', 'integer', (col) => col.notNull())
    .addColumn('grid_id', 'integer', (col) => col.notNull())
    // 0 when the request lies in no compound, so the key has no nulls.
    .addColumn('compound_id', 'integer', (col) => col.notNull())
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('category_id', 'integer', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull());
  for (const counter of COUNTERS) {
    rollups = rollups.addColumn(snake(counter), 'bigint', (col) => col.notNull().defaultTo(0));
  }
  await rollups
    .addPrimaryKeyConstraint('request_rollups_pk', ['grid_id', 'compound_id', 'day', 'category_id', 'channel'])
    .execute();
  for (const level of ['district', 'street', 'community']) {
    await db.schema.createIndex(`request_rollups_${level}_idx`).on('request_rollups').columns([`${level}_id`, 'day']).execute();
  }

  await oneOf(db.schema.createTable('calendar_days'), 'kind', ['workday', 'holiday'])
    .addColumn('day', 'text', (col) => col.primaryKey())
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await table(db, 'notifications')
    .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('request_id', 'integer', (col) => col.references('requests.id'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'id']).execute();

  await timestamps(
    flag(table(db, 'webhooks'), 'active', 1)
      .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
      .addColumn('org_unit_id', 'integer', (col) => col.notNull().references('org_units.id'))
      .addColumn('url', 'text', (col) => col.notNull())
      .addColumn('secret', 'text', (col) => col.notNull()),
  ).execute();

  await oneOf(table(db, 'webhook_deliveries'), 'status', ['pending', 'delivered', 'failed'])
    .addColumn('webhook_id', 'integer', (col) => col.notNull().references('webhooks.id'))
    .addColumn('event_id', 'integer', (col) => col.notNull().references('request_events.id'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (col) => col.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('delivered_at', 'text')
    .addUniqueConstraint('webhook_deliveries_unique', ['webhook_id', 'event_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('holder', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();

  // Chinese full-text search: trigrams on both databases, each in its own way.
  if (isSqlite(db)) {
    await sql`create virtual table request_fts using fts5(description, content='', contentless_delete=1, tokenize='trigram')`.execute(db);
  } else {
    await sql`create extension if not exists pg_trgm schema public`.execute(db);
    await sql`create index requests_description_trgm_idx on requests using gin (description public.gin_trgm_ops)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await sql`drop table if exists request_fts`.execute(db);
  for (const name of [
    'job_leases',
    'webhook_deliveries',
    'webhooks',
    'notifications',
    'calendar_days',
    'request_rollups',
    'request_photos',
    'idempotency_keys',
    'request_counters',
    'request_events',
    'requests',
    'categories',
  ]) {
    await db.schema.dropTable(name).execute();
  }
}
