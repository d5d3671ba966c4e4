// Schemas and helpers shared by the route modules: ids, paging, sorting, the error shape,
// and the account guard.
import type { FastifyRequest } from 'fastify';
import { type SelectQueryBuilder, sql } from 'kysely';
import { type Static, type TSchema, Type } from 'typebox';
import { errors } from '../../core/errors.js';
import { type Action, can, type Resource } from '../../core/permissions.js';
import type { Account } from './account.js';
import { Id } from './schemas.js';

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(
      Type.Object({
        field: Type.String(),
        message: Type.String({ description: 'the problem in English' }),
        code: Type.Optional(Type.String({ description: 'the kind of problem (required, too_long, format, …), to say it in the user’s language' })),
        params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
      }),
    ),
  }),
});

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
};

/** `sort=name` or `sort=-createdAt`, from the fields a list allows. */
export function SortQuery(fields: readonly string[]) {
  return Type.Optional(
    Type.String({ pattern: `^-?(${fields.join('|')})$`, description: `one of ${fields.join(', ')}; prefix - for descending` }),
  );
}

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

export interface Paging {
  page?: number;
  pageSize?: number;
  sort?: string;
}

export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Runs a filtered list query as one page plus its total. `base` already carries the scope
 * filter; the sort column comes from a pattern-checked query parameter, `id` breaks ties.
 */
export async function paginate<DB, TB extends keyof DB, O>(
  base: SelectQueryBuilder<DB, TB, O>,
  table: string,
  paging: Paging,
  fallbackSort: string,
): Promise<PageOf<O>> {
  const page = paging.page ?? 1;
  const pageSize = paging.pageSize ?? 50;
  const sort = paging.sort ?? fallbackSort;
  const descending = sort.startsWith('-');
  const column = `${table}.${descending ? sort.slice(1) : sort}`;
  const [rows, count] = await Promise.all([
    base
      .orderBy(sql.ref(column), descending ? 'desc' : 'asc')
      .orderBy(sql.ref(`${table}.id`))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow() as Promise<{ total: number }>,
  ]);
  return { items: rows, total: Number(count.total), page, pageSize };
}

export function accountOf(request: FastifyRequest): Account {
  if (!request.account) throw errors.unauthenticated();
  return request.account;
}

/** Throws 403 unless the account's role has `action` on `resource`. */
export function authorize(account: Account, resource: Resource, action: Action): void {
  if (!can(account.role, resource, action)) throw errors.forbidden(`${account.role} may not ${action} ${resource}`);
}

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

export type Body<T extends TSchema> = Static<T>;
export const nowIso = (now: () => Date) => now().toISOString();
