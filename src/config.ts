// Reads and validates the configuration once at start into a typed, frozen object.
// A bad value stops start-up with a message that names the variable.
import path from 'node:path';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionTtlHours: number;
  cookieSecure: boolean;
  trustProxy: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

/** Parses DATABASE_URL: a postgres:// URL selects PostgreSQL, anything else is a SQLite file path. */
export function parseDatabaseUrl(raw: string | undefined, cwd: string): DatabaseConfig {
  const value = raw?.trim() || path.join('data', 'hongyun.db');
  if (/^postgres(ql)?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    if (!url.hostname && !url.searchParams.get('host')) throw new ConfigError('DATABASE_URL', 'names no host');
    if (url.pathname.length <= 1) throw new ConfigError('DATABASE_URL', 'names no database (postgres://host/DATABASE)');
    return { kind: 'postgres', url: value };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError('DATABASE_URL', `unsupported scheme in "${value}": use postgres:// or a SQLite file path`);
  }
  const file = value.startsWith('sqlite:') ? value.slice('sqlite:'.length) : value;
  if (file === ':memory:') return { kind: 'sqlite', file };
  return { kind: 'sqlite', file: path.resolve(cwd, file) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const database = parseDatabaseUrl(env.DATABASE_URL, cwd);
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const host = env.HOST?.trim() || '0.0.0.0';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `is not a host name or address: "${host}"`);
  const dataDir = path.resolve(cwd, env.DATA_DIR?.trim() || 'data');
  return Object.freeze({
    port: integer(env, 'PORT', 8080, 1, 65535),
    host,
    database,
    dataDir,
    logLevel,
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    cookieSecure: boolean(env, 'COOKIE_SECURE', false),
    trustProxy: boolean(env, 'TRUST_PROXY', false),
  });
}
