// Column helpers that let one migration file run unchanged on SQLite and PostgreSQL:
// the only differences (identity columns) are decided here, not in the migrations.
import { type CreateTableBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** A table with an integer identity primary key `id`. */
export function table(db: Kysely<any>, name: string): CreateTableBuilder<string, 'id'> {
  const sqlite = isSqlite(db);
  return db.schema
    .createTable(name)
    .addColumn('id', 'integer', (col) =>
      sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity(),
    );
}

/** A 0/1 flag with a CHECK, since SQLite has no boolean type. */
export function flag<T extends string>(tb: CreateTableBuilder<T, any>, name: string, fallback: 0 | 1 = 0) {
  return tb
    .addColumn(name, 'integer', (col) => col.notNull().defaultTo(fallback))
    .addCheckConstraint(`${tableOf(tb)}_${name}_flag`, sql`${sql.ref(name)} in (0, 1)`);
}

/** A text column restricted to a fixed vocabulary. */
export function oneOf<T extends string>(
  tb: CreateTableBuilder<T, any>,
  name: string,
  values: readonly string[],
  nullable = false,
) {
  const list = sql.join(values.map((v) => sql.lit(v)));
  return tb
    .addColumn(name, 'text', (col) => (nullable ? col : col.notNull()))
    .addCheckConstraint(`${tableOf(tb)}_${name}_check`, sql`${sql.ref(name)} in (${list})`);
}

export function timestamps<T extends string>(tb: CreateTableBuilder<T, any>) {
  return tb.addColumn('created_at', 'text', (col) => col.notNull()).addColumn('updated_at', 'text', (col) => col.notNull());
}

/**
 * The ancestry columns that every scoped row carries (see DESIGN.md "Scope"). The foreign
 * keys are deferred so that a district row can name itself as its district.
 */
export function ancestry<T extends string>(tb: CreateTableBuilder<T, any>, required: 'street' | 'community' | 'grid' | null) {
  const depth = required === null ? 0 : ['street', 'community', 'grid'].indexOf(required) + 1;
  const name = tableOf(tb);
  let out = tb;
  ['district', 'street', 'community', 'grid'].forEach((level, i) => {
    const column = `${level}_id`;
    out = out
      .addColumn(column, 'integer', (col) => (i <= depth ? col.notNull() : col))
      .addForeignKeyConstraint(`${name}_${column}_fk`, [column], 'org_units', ['id'], (fk) =>
        fk.deferrable().initiallyDeferred(),
      );
  });
  return out;
}

function tableOf(tb: CreateTableBuilder<any, any>): string {
  return (tb.toOperationNode().table.table.identifier.name as string).replace(/\W/g, '_');
}
