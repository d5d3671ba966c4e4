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
  /** Working periods of a working day, minutes since midnight in Asia/Shanghai. */
  workingHours: { start: number; end: number }[];
  /** Resolved requests nobody rated close after this many days. */
  autoCloseDays: number;
  /** Largest photo accepted, in bytes. */
  photoMaxBytes: number;
  /** How often the background sweeper runs, in seconds (0 turns it off on this server). */
  sweepSeconds: number;
  /** Prefix of human-readable request numbers, e.g. HY-20261129-0042. */
  requestPrefix: string;
  /** The console map's background tiles; none by default, so the map works offline. */
  map: MapConfig;
}

export interface MapConfig {
  /** A Leaflet tile URL template ({z}, {x}, {y}, optionally {s}), or null for no tiles. */
  tileUrl: string | null;
  /** What the tiles are drawn in: GCJ-02 for Chinese tile sources, whose maps are shifted. */
  tileCrs: 'wgs84' | 'gcj02';
  /** Credit shown on the map, as plain text. */
  tileAttribution: string | null;
  /** Values of {s} in the template, one character each (Chinese sources often use 1234). */
  tileSubdomains: string;
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

function requestPrefix(raw: string | undefined): string {
  const value = raw?.trim() || 'HY';
  if (!/^[A-Z]{1,6}$/.test(value)) throw new ConfigError('REQUEST_PREFIX', `must be 1 to 6 capital letters, got "${raw}"`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

/** Reads the MAP_TILE_* settings; a URL must be http(s) or a path on this server and name {z}, {x} and {y} (or TMS {-y}). */
export function parseMapConfig(env: NodeJS.ProcessEnv): MapConfig {
  const rawUrl = env.MAP_TILE_URL?.trim() || null;
  if (rawUrl !== null) {
    for (const [placeholder, pattern] of [['{z}', /\{z\}/], ['{x}', /\{x\}/], ['{y}', /\{-?y\}/]] as const) {
      if (!pattern.test(rawUrl)) throw new ConfigError('MAP_TILE_URL', `must contain ${placeholder}, got "${rawUrl}"`);
    }
    const leftover = rawUrl.replace(/\{(s|z|x|y|r|-y)\}/g, '').match(/\{[^}]*\}/);
    if (leftover) throw new ConfigError('MAP_TILE_URL', `unknown placeholder ${leftover[0]}; use {s}, {z}, {x}, {y} or {r}`);
    if (!rawUrl.startsWith('/') || rawUrl.startsWith('//')) {
      let url: URL | null = null;
      try {
        url = new URL(rawUrl.replace(/\{[^}]*\}/g, '0'));
      } catch {
        // reported below
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new ConfigError('MAP_TILE_URL', `must be an http(s) URL or a path starting with /, got "${rawUrl}"`);
      }
    }
  }
  const tileCrs = (env.MAP_TILE_CRS?.trim().toLowerCase() || 'wgs84') as MapConfig['tileCrs'];
  if (tileCrs !== 'wgs84' && tileCrs !== 'gcj02') throw new ConfigError('MAP_TILE_CRS', `must be wgs84 or gcj02, got "${env.MAP_TILE_CRS}"`);
  const tileAttribution = env.MAP_TILE_ATTRIBUTION?.trim() || null;
  if (tileAttribution !== null && tileAttribution.length > 300) {
    throw new ConfigError('MAP_TILE_ATTRIBUTION', `must be at most 300 characters, got ${tileAttribution.length}`);
  }
  const tileSubdomains = env.MAP_TILE_SUBDOMAINS?.trim() || 'abc';
  if (!/^[a-z0-9]{1,10}$/i.test(tileSubdomains)) {
    throw new ConfigError('MAP_TILE_SUBDOMAINS', `must be 1 to 10 letters or digits (one per subdomain), got "${env.MAP_TILE_SUBDOMAINS}"`);
  }
  return { tileUrl: rawUrl, tileCrs, tileAttribution, tileSubdomains };
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

/** "08:30-12:00,14:30-18:00" → minute ranges, ordered and not overlapping. */
export function parseWorkingHours(raw: string | undefined): { start: number; end: number }[] {
  const value = raw?.trim() || '08:30-12:00,14:30-18:00';
  const periods = value.split(',').map((part) => {
    const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(part.trim());
    if (!match) throw new ConfigError('WORKING_HOURS', `"${part}" is not HH:MM-HH:MM`);
    const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
    if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59) throw new ConfigError('WORKING_HOURS', `"${part}" is not a time of day`);
    return { start: h1 * 60 + m1, end: h2 * 60 + m2 };
  });
  periods.forEach((p, i) => {
    if (p.end <= p.start) throw new ConfigError('WORKING_HOURS', 'each period must end after it starts');
    if (i > 0 && p.start < periods[i - 1]!.end) throw new ConfigError('WORKING_HOURS', 'periods must be in order and not overlap');
  });
  return periods;
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
    workingHours: parseWorkingHours(env.WORKING_HOURS),
    autoCloseDays: integer(env, 'AUTO_CLOSE_DAYS', 7, 1, 365),
    photoMaxBytes: integer(env, 'PHOTO_MAX_BYTES', 5 * 1024 * 1024, 10 * 1024, 50 * 1024 * 1024),
    sweepSeconds: integer(env, 'SWEEP_SECONDS', 60, 0, 86_400),
    requestPrefix: requestPrefix(env.REQUEST_PREFIX),
    map: Object.freeze(parseMapConfig(env)),
  });
}
