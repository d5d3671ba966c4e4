// The check before a delete: a record that others still point at is not removed, and the
// answer says what still depends on it ("compound 机场小区 still has 12 buildings").
import { errors } from '../../core/errors.js';
import type { Db } from '../../db/connection.js';
import type { Database } from '../../db/schema.js';

export interface Reference {
  /** What the dependants are called in the message, e.g. "party organisations". */
  label: string;
  table: keyof Database;
  /** The column that points at the record. */
  column: string;
}

export async function refuseIfUsed(db: Db, subject: string, id: number, references: readonly Reference[]): Promise<void> {
  const counts = await Promise.all(
    references.map(async (ref) => {
      const row = await db
        .selectFrom(ref.table as 'users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(ref.column as 'id', '=', id)
        .executeTakeFirstOrThrow();
      return [ref.label, Number(row.n)] as const;
    }),
  );
  const left = counts.filter(([, n]) => n > 0);
  if (left.length > 0) throw errors.inUse(`${subject} still has ${left.map(([label, n]) => `${n} ${label}`).join(', ')}`);
}
