// Shared types for route modules: the Fastify instance with the TypeBox type provider,
// and the services every module receives.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Config } from '../config.js';
import type { Db, Dialect } from '../db/connection.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface Context {
  db: Db;
  dialect: Dialect;
  config: Config;
  /** The clock; tests replace it to move time. */
  now: () => Date;
}
