// The `hongyun` command: serve, migrate, seed, user add, token create/list/revoke.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { ROLES, type Role } from '../core/vocabulary.js';
import { type Db, openDatabase, optimize } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { FIRST_START_REQUESTS, seedDemo } from '../demo/seed.js';
import { createToken, listTokens, revokeToken } from '../modules/accounts/auth.js';
import { createUser } from '../modules/accounts/service.js';
import { createDistrict } from '../modules/orgs/service.js';
import { systemAccount } from '../modules/shared/account.js';
import { startSweeper } from '../modules/requests/sweeper.js';
import { buildApp } from '../server/app.js';
import type { Context } from '../server/types.js';

function context(config: Config): Context {
  const db = openDatabase(config.database);
  return { db, dialect: config.database.kind, config, now: () => new Date() };
}

async function withContext<T>(run: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = context(loadConfig());
  try {
    await migrateToLatest(ctx.db);
    return await run(ctx);
  } finally {
    await ctx.db.destroy();
  }
}

async function districtCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('orgUnits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'district')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function whole(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

/** How often a running server refreshes SQLite's planner statistics. */
const OPTIMIZE_EVERY_MS = 60 * 60_000;

const program = new Command('hongyun')
  .description('Hongyun (红韵): party-led urban community governance')
  .showHelpAfterError();

program
  .command('serve')
  .description('serve the API (and web app) on HOST:PORT; a new embedded database gets the demo district')
  .option('--no-demo', 'do not seed the demo district into a new embedded database')
  .action(async (options: { demo: boolean }) => {
    const config = loadConfig();
    const ctx = context(config);
    const { applied } = await migrateToLatest(ctx.db);
    if (applied.length > 0) console.log(`migrated: ${applied.join(', ')}`);
    if (options.demo && config.database.kind === 'sqlite' && (await districtCount(ctx.db)) === 0) {
      console.log('new database: seeding the demo district (湛江经济技术开发区)…');
      const summary = await seedDemo(ctx, { requests: FIRST_START_REQUESTS });
      console.log(`demo ready: log in as admin / hongyun-demo (${summary.accounts.length} demo accounts, see README)`);
    }
    await optimize(ctx.db, ctx.dialect);
    const optimizing = setInterval(() => void optimize(ctx.db, ctx.dialect).catch(() => {}), OPTIMIZE_EVERY_MS).unref();
    const app = await buildApp(ctx);
    const stopSweeper = config.sweepSeconds > 0 ? startSweeper(ctx) : async () => {};
    const stop = async () => {
      clearInterval(optimizing);
      await stopSweeper();
      await app.close();
      await ctx.db.destroy();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await app.listen({ port: config.port, host: config.host });
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    await withContext(async (ctx) => {
      const { applied } = await migrateToLatest(ctx.db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
    });
  });

program
  .command('seed')
  .description('fill an empty database')
  .option('--demo', 'build the Zhanjiang ETDZ demo district (accounts use the password hongyun-demo)')
  .option('--seed <n>', 'random seed; the same seed builds the same district', whole, 1)
  .option('--requests <n>', 'how many requests the demo year holds (20 000 take several minutes)', whole)
  .action(async (options: { demo?: boolean; seed: number; requests?: number }) => {
    if (!options.demo) throw new InvalidArgumentError('say what to seed: --demo');
    await withContext(async (ctx) => {
      const started = Date.now();
      const summary = await seedDemo(ctx, { seed: options.seed, ...(options.requests !== undefined && { requests: options.requests }) });
      console.log(JSON.stringify({ ...summary, seconds: (Date.now() - started) / 1000 }, null, 2));
    });
  });

const user = program.command('user').description('manage accounts');
user
  .command('add')
  .description('create an account; the first one is usually the district admin')
  .requiredOption('--username <name>', 'login name (letters, digits, _ . -)')
  .option('--display-name <name>', 'name shown in the UI (defaults to the username)')
  .option('--role <role>', `one of ${ROLES.join(', ')}`, 'district_admin')
  .option('--scope <id>', 'id of the org unit the account acts in (default: the district)', whole)
  .option('--district <name>', 'create the district with this name if the database has none')
  .option('--district-code <code>', 'GB/T 2260 code of that district, if it has one')
  .option('--password-stdin', 'read the password from standard input (otherwise HONGYUN_PASSWORD)')
  .action(
    async (options: {
      username: string;
      displayName?: string;
      role: string;
      scope?: number;
      district?: string;
      districtCode?: string;
      passwordStdin?: boolean;
    }) => {
      if (!ROLES.includes(options.role as Role)) throw new InvalidArgumentError(`--role must be one of ${ROLES.join(', ')}`);
      const password = options.passwordStdin ? readFileSync(0, 'utf8').trim() : process.env.HONGYUN_PASSWORD;
      if (!password) throw new InvalidArgumentError('give the password with --password-stdin or HONGYUN_PASSWORD');
      await withContext(async (ctx) => {
        let district = await ctx.db.selectFrom('orgUnits').select('id').where('kind', '=', 'district').orderBy('id').executeTakeFirst();
        if (!district) {
          if (!options.district) throw new InvalidArgumentError('the database has no district yet: add --district NAME');
          district = await createDistrict(ctx, { name: options.district, code: options.districtCode ?? null });
          console.log(`created district ${options.district} (id ${district.id})`);
        }
        const created = await createUser(ctx, systemAccount(district.id), {
          username: options.username,
          displayName: options.displayName ?? options.username,
          password,
          role: options.role as Role,
          scopeUnitId: options.scope ?? (options.role === 'district_admin' ? district.id : undefined),
        });
        console.log(`created ${created.role} ${created.username} (id ${created.id})`);
      });
    },
  );

const token = program.command('token').description('API tokens for scripts and machine clients');
token
  .command('create')
  .description('create an API token acting as an account; it is printed once')
  .requiredOption('--user <name>', 'the account the token acts as')
  .option('--name <label>', 'what the token is for', 'cli')
  .action(async (options: { user: string; name: string }) => {
    await withContext(async (ctx) => {
      const row = await ctx.db.selectFrom('users').select('id').where('username', '=', options.user).executeTakeFirst();
      if (!row) throw new InvalidArgumentError(`no account named ${options.user}`);
      const created = await createToken(ctx, row.id, options.name);
      console.log(`token ${created.id} (${created.name}) for ${options.user}; send it as "Authorization: Bearer <token>":`);
      console.log(created.token);
    });
  });
token
  .command('list')
  .description("list an account's tokens (never the secrets)")
  .requiredOption('--user <name>', 'the account')
  .action(async (options: { user: string }) => {
    await withContext(async (ctx) => {
      const row = await ctx.db.selectFrom('users').select('id').where('username', '=', options.user).executeTakeFirst();
      if (!row) throw new InvalidArgumentError(`no account named ${options.user}`);
      console.table(await listTokens(ctx, row.id));
    });
  });
token
  .command('revoke')
  .description('revoke a token by id')
  .argument('<id>', 'token id (see token list)', whole)
  .action(async (id: number) => {
    await withContext(async (ctx) => {
      if (!(await revokeToken(ctx, id, null))) throw new InvalidArgumentError(`no active token ${id}`);
      console.log(`revoked token ${id}`);
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) console.error(`hongyun: configuration: ${error.message}`);
  else if (error instanceof AppError) console.error(`hongyun: ${error.message}`);
  else if (error instanceof InvalidArgumentError) console.error(`hongyun: ${error.message}`);
  else console.error(error);
  process.exit(1);
}
