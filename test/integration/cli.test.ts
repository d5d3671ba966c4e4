// The `hongyun` command as an administrator uses it, against a real SQLite file, and the
// real server process started the way `npm start` starts it.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve('bin/hongyun.js');

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hongyun-cli-'));
  env = { ...process.env, DATABASE_URL: path.join(dir, 'cli-test.db'), LOG_LEVEL: 'warn' };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function hongyun(args: string[], input?: string) {
  const child = run(process.execPath, [bin, ...args], { env, cwd: dir });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return child;
}

describe('hongyun CLI', () => {
  it('documents every command with --help', async () => {
    const { stdout } = await hongyun(['--help']);
    for (const command of ['serve', 'migrate', 'seed', 'user', 'token']) expect(stdout).toContain(command);
    for (const sub of [['serve'], ['migrate'], ['seed'], ['user', 'add'], ['token', 'create']]) {
      const help = await hongyun([...sub, '--help']);
      expect(help.stdout).toMatch(/Usage: hongyun/);
    }
  });

  it('migrates, creates the first admin with a district, and a token that works', async () => {
    expect((await hongyun(['migrate'])).stdout).toMatch(/applied: 0001_register|up to date/);
    const add = await hongyun(['user', 'add', '--username', 'chief', '--district', '测试区', '--password-stdin'], 'a-long-password\n');
    expect(add.stdout).toMatch(/created district 测试区/);
    expect(add.stdout).toMatch(/created district_admin chief/);
    const token = await hongyun(['token', 'create', '--user', 'chief', '--name', 'backup script']);
    const secret = token.stdout.trim().split('\n').at(-1)!;
    expect(secret).toMatch(/^hyt_/);

    const { buildApp } = await import('../../src/server/app.js');
    const { openDatabase } = await import('../../src/db/connection.js');
    const { loadConfig } = await import('../../src/config.js');
    const config = loadConfig({ ...env, DATABASE_URL: env.DATABASE_URL, LOG_LEVEL: 'silent' });
    const db = openDatabase(config.database);
    const app = await buildApp({ db, dialect: 'sqlite', config, now: () => new Date() }, { logger: false });
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${secret}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'chief', role: 'district_admin' });
    await app.close();
    await db.destroy();

    const revoke = await hongyun(['token', 'revoke', '1']);
    expect(revoke.stdout).toMatch(/revoked token 1/);
  });

  it('serves a new embedded database with the demo district, as npm start does', async () => {
    const port = 18_000 + Math.floor(Math.random() * 2_000);
    const server = spawn(process.execPath, [bin, 'serve'], {
      env: { ...env, DATABASE_URL: path.join(dir, 'start-test.db'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let seen = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 45_000);
        const look = (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes('Server listening')) {
            clearTimeout(timer);
            resolve(seen);
          }
        };
        server.stdout.on('data', look);
        server.stderr.on('data', look);
        server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
      });
      expect(output).toMatch(/seeding the demo district/);
      const base = `http://127.0.0.1:${port}/api/v1`;
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'hongyun-demo' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const overview = await (await fetch(`${base}/stats/overview`, { headers: { cookie } })).json();
      expect(overview).toMatchObject({
        communities: 14,
        grids: 89,
        compounds: 186,
        oldCompounds: 73,
        noPropertyCompounds: 53,
        compoundPartyBranches: 24,
      });
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('refuses bad input with a message naming it and a non-zero exit', async () => {
    await expect(hongyun(['user', 'add', '--username', 'x', '--role', 'emperor', '--password-stdin'], 'long-enough\n')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--role must be one of/),
    });
    await expect(run(process.execPath, [bin, 'migrate'], { env: { ...env, PORT: 'eighty' }, cwd: dir })).rejects.toMatchObject({
      stderr: expect.stringMatching(/configuration: PORT/),
    });
  });
});
