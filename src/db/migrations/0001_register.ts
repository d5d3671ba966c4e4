// The register (org tree, compounds, party organisations, units) and accounts.
import { type Kysely, sql } from 'kysely';
import { PARTY_ORG_TYPES, RED_PROPERTY_STAGES, ROLES, UNIT_KINDS } from '../../core/vocabulary.js';
import { ancestry, flag, oneOf, table, timestamps } from './portable.js';

export async function up(db: Kysely<any>): Promise<void> {
  await timestamps(
    oneOf(ancestry(table(db, 'org_units'), null), 'kind', ['district', 'street', 'community', 'grid'])
      .addColumn('parent_id', 'integer', (col) => col.references('org_units.id'))
      .addColumn('code', 'text')
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('boundary', 'text')
      .addColumn('address', 'text')
      .addColumn('phone', 'text')
      .addUniqueConstraint('org_units_code_unique', ['district_id', 'kind', 'code'])
      .addUniqueConstraint('org_units_name_unique', ['parent_id', 'name'])
      .addCheckConstraint('org_units_parent_check', sql`(kind = 'district') = (parent_id is null)`),
  ).execute();
  await db.schema.createIndex('org_units_parent_idx').on('org_units').column('parent_id').execute();

  await timestamps(
    table(db, 'property_companies')
      .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('credit_code', 'text')
      .addColumn('contact_name', 'text')
      .addColumn('contact_phone', 'text')
      .addColumn('service_phone', 'text')
      .addColumn('address', 'text')
      .addUniqueConstraint('property_companies_name_unique', ['district_id', 'name'])
      .addUniqueConstraint('property_companies_credit_code_unique', ['district_id', 'credit_code']),
  ).execute();

  let compounds = ancestry(table(db, 'compounds'), 'grid')
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('address', 'text')
    .addColumn('lng', 'double precision', (col) => col.notNull())
    .addColumn('lat', 'double precision', (col) => col.notNull())
    .addColumn('boundary', 'text')
    .addColumn('households', 'integer', (col) => col.notNull().check(sql`households >= 0`))
    .addColumn('build_year', 'integer')
    .addColumn('property_company_id', 'integer', (col) => col.references('property_companies.id'))
    .addUniqueConstraint('compounds_name_unique', ['community_id', 'name'])
    .addCheckConstraint('compounds_three_nos_check', sql`is_three_nos = 0 or property_company_id is null`);
  compounds = flag(flag(flag(compounds, 'is_old'), 'is_three_nos'), 'has_owners_committee');
  compounds = oneOf(compounds, 'red_property_stage', RED_PROPERTY_STAGES, true);
  await timestamps(compounds).execute();
  for (const column of ['grid_id', 'community_id', 'street_id', 'property_company_id']) {
    await db.schema.createIndex(`compounds_${column}_idx`).on('compounds').column(column).execute();
  }

  await timestamps(
    ancestry(table(db, 'buildings'), 'grid')
      .addColumn('compound_id', 'integer', (col) => col.notNull().references('compounds.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('floors', 'integer', (col) => col.check(sql`floors > 0`))
      .addColumn('households', 'integer', (col) => col.check(sql`households >= 0`))
      .addUniqueConstraint('buildings_name_unique', ['compound_id', 'name']),
  ).execute();
  await db.schema.createIndex('buildings_compound_idx').on('buildings').column('compound_id').execute();

  await oneOf(table(db, 'red_property_history'), 'stage', RED_PROPERTY_STAGES)
    .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
    .addColumn('compound_id', 'integer', (col) => col.notNull().references('compounds.id'))
    .addColumn('reached_on', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('red_property_history_compound_idx').on('red_property_history').column('compound_id').execute();

  await timestamps(
    oneOf(table(db, 'units'), 'kind', UNIT_KINDS)
      .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('credit_code', 'text')
      .addColumn('address', 'text')
      .addColumn('contact_name', 'text')
      .addColumn('contact_phone', 'text')
      .addUniqueConstraint('units_name_unique', ['district_id', 'name'])
      .addUniqueConstraint('units_credit_code_unique', ['district_id', 'credit_code']),
  ).execute();

  await timestamps(
    oneOf(ancestry(table(db, 'party_orgs'), null), 'type', PARTY_ORG_TYPES)
      .addColumn('parent_id', 'integer', (col) => col.references('party_orgs.id'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('org_unit_id', 'integer', (col) => col.notNull().references('org_units.id'))
      .addColumn('compound_id', 'integer', (col) => col.references('compounds.id'))
      .addColumn('property_company_id', 'integer', (col) => col.references('property_companies.id'))
      .addColumn('unit_id', 'integer', (col) => col.references('units.id'))
      .addColumn('member_count', 'integer', (col) => col.check(sql`member_count >= 0`))
      .addColumn('founded_on', 'text')
      .addUniqueConstraint('party_orgs_name_unique', ['district_id', 'name'])
      .addCheckConstraint(
        'party_orgs_compound_check',
        sql`type not in ('compound_branch', 'red_property_branch') or compound_id is not null`,
      )
      .addCheckConstraint(
        'party_orgs_company_check',
        sql`type <> 'red_property_branch' or property_company_id is not null`,
      ),
  ).execute();
  await db.schema.createIndex('party_orgs_parent_idx').on('party_orgs').column('parent_id').execute();
  await db.schema.createIndex('party_orgs_community_idx').on('party_orgs').column('community_id').execute();

  await table(db, 'party_org_member_units')
    .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
    .addColumn('party_org_id', 'integer', (col) => col.notNull().references('party_orgs.id'))
    .addColumn('unit_id', 'integer', (col) => col.notNull().references('units.id'))
    .addColumn('joined_on', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('party_org_member_units_unique', ['party_org_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('party_org_member_units_unit_idx').on('party_org_member_units').column('unit_id').execute();

  let users = oneOf(ancestry(table(db, 'users'), null), 'role', ROLES)
    .addColumn('username', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('scope_unit_id', 'integer', (col) => col.notNull().references('org_units.id'))
    .addColumn('property_company_id', 'integer', (col) => col.references('property_companies.id'))
    .addColumn('compound_id', 'integer', (col) => col.references('compounds.id'))
    .addColumn('party_org_id', 'integer', (col) => col.references('party_orgs.id'))
    .addColumn('unit_id', 'integer', (col) => col.references('units.id'))
    .addColumn('phone', 'text')
    .addColumn('id_number', 'text')
    .addColumn('last_login_at', 'text')
    .addCheckConstraint('users_company_check', sql`role <> 'property_staff' or property_company_id is not null`)
    .addCheckConstraint('users_compound_check', sql`role <> 'resident' or compound_id is not null`)
    .addCheckConstraint('users_unit_check', sql`role <> 'unit_liaison' or unit_id is not null`)
    .addCheckConstraint('users_party_org_check', sql`role <> 'party_secretary' or party_org_id is not null`);
  users = flag(users, 'disabled');
  await timestamps(users).execute();
  await db.schema.createIndex('users_scope_idx').on('users').column('scope_unit_id').execute();
  // A grid has one grid worker: the active grid-worker account whose scope is that grid.
  await db.schema
    .createIndex('users_one_grid_worker')
    .on('users')
    .column('scope_unit_id')
    .unique()
    .where(sql.ref('role'), '=', 'grid_worker')
    .where(sql.ref('disabled'), '=', 0)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await table(db, 'api_tokens')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('prefix', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await flag(table(db, 'login_attempts'), 'succeeded')
    .addColumn('username', 'text', (col) => col.notNull())
    .addColumn('ip', 'text', (col) => col.notNull())
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_username_idx').on('login_attempts').columns(['username', 'at']).execute();
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'at']).execute();

  await table(db, 'personal_data_access')
    .addColumn('district_id', 'integer', (col) => col.notNull().references('org_units.id'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('subject_type', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'integer', (col) => col.notNull())
    .addColumn('fields', 'text', (col) => col.notNull())
    .addColumn('request_id', 'text')
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'meta',
    'personal_data_access',
    'login_attempts',
    'api_tokens',
    'sessions',
    'users',
    'party_org_member_units',
    'party_orgs',
    'units',
    'red_property_history',
    'buildings',
    'compounds',
    'property_companies',
    'org_units',
  ]) {
    await db.schema.dropTable(name).execute();
  }
}
