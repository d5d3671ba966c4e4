// The one place where database errors become API errors, for both SQLite and PostgreSQL.
import { AppError, errors } from '../core/errors.js';

interface DriverError {
  code?: string;
  constraint?: string;
  message?: string;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The field a unique constraint guards: the last column that is not a parent id. */
function uniqueField(columns: string[]): string {
  const own = columns.filter((c) => !/(^|_)id$/.test(c) && c !== 'kind');
  return camel(own.at(-1) ?? columns.at(-1) ?? 'id');
}

// PostgreSQL names the constraint; our constraint names end in _unique and list no columns,
// so keep the columns of each named unique constraint here, next to the error mapping.
const UNIQUE_COLUMNS: Record<string, string[]> = {
  org_units_code_unique: ['code'],
  org_units_name_unique: ['name'],
  property_companies_name_unique: ['name'],
  property_companies_credit_code_unique: ['credit_code'],
  compounds_name_unique: ['name'],
  buildings_name_unique: ['name'],
  units_name_unique: ['name'],
  units_credit_code_unique: ['credit_code'],
  party_orgs_name_unique: ['name'],
  party_org_member_units_unique: ['unit_id'],
  users_username_key: ['username'],
  requests_number_unique: ['number'],
  categories_code_unique: ['code'],
  users_one_grid_worker: ['scope_unit_id'],
};

export function mapDatabaseError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const e = error as DriverError;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string') return null;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const columns = (e.message ?? '').replace(/^.*failed:\s*/, '').split(',').map((c) => c.trim().split('.').pop() ?? '');
    return duplicate(columns);
  }
  if (e.code === '23505') {
    return duplicate(UNIQUE_COLUMNS[e.constraint ?? ''] ?? [e.constraint?.replace(/_(key|unique)$/, '') ?? 'id']);
  }
  if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || e.code === '23503') {
    return errors.inUse('the change would leave records pointing at something that does not exist');
  }
  // Out-of-range numbers and bytes PostgreSQL will not store; the API refuses them earlier,
  // this keeps any that slip through from becoming a 500.
  if (e.code === '22003' || e.code === '22P05' || e.code === '22021') {
    return new AppError(400, 'validation_failed', 'a value is out of range or holds characters that cannot be stored');
  }
  if (e.code === 'SQLITE_CONSTRAINT_CHECK' || e.code === '23514') {
    const name = e.constraint ?? (e.message ?? '').replace(/^.*failed:\s*/, '');
    return new AppError(400, 'validation_failed', `the record breaks the rule ${name}`, [{ field: name, message: 'rule broken' }]);
  }
  return null;
}

function duplicate(columns: string[]): AppError {
  const field = columns.includes('scope_unit_id') ? 'scopeUnitId' : uniqueField(columns);
  return field === 'scopeUnitId'
    ? errors.duplicate('scopeUnitId', 'this grid already has a grid worker')
    : errors.duplicate(field);
}
