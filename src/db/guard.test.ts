import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertTestDatabase } from './guard.js';

describe('the test-database guard', () => {
  it('accepts in-memory, temporary and *test* SQLite files and test PostgreSQL databases', () => {
    expect(() => assertTestDatabase({ kind: 'sqlite', file: ':memory:' })).not.toThrow();
    expect(() => assertTestDatabase({ kind: 'sqlite', file: path.join(os.tmpdir(), 'x', 'a.db') })).not.toThrow();
    expect(() => assertTestDatabase({ kind: 'sqlite', file: '/srv/hongyun/cli-test.db' })).not.toThrow();
    for (const name of ['test', 'test_hongyun', 'hongyun_test']) {
      expect(() => assertTestDatabase({ kind: 'postgres', url: `postgres://h/${name}` })).not.toThrow();
    }
  });

  it('refuses a real district database', () => {
    expect(() => assertTestDatabase({ kind: 'sqlite', file: '/srv/hongyun/data/hongyun.db' })).toThrow(/refusing/);
    expect(() => assertTestDatabase({ kind: 'postgres', url: 'postgres://h/hongyun' })).toThrow(/refusing/);
    expect(() => assertTestDatabase({ kind: 'postgres', url: 'postgres://h/contest' })).toThrow(/refusing/);
  });
});
