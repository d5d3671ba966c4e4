// The browser tests' tools: Debian's Chromium driven by playwright-core, a real server process
// started the way `npm start` starts it (on a new SQLite file with the demo district), a phone
// and a desktop viewport, screenshots under test-results/, and a watch on the browser console.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const RESULTS = path.join(root, 'test-results');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };

export interface Server {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/** A server on a new SQLite database holding the demo district (as the first `npm start`). */
export async function startServer(port: number): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hongyun-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/hongyun.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: path.join(dir, 'hongyun.db'), DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SWEEP_SECONDS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    dir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  /** Errors the pages wrote to the browser console, or threw. */
  consoleErrors: string[];
  page(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(options: { geolocation?: { latitude: number; longitude: number } } = {}): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hongyun-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.geolocation && { geolocation: options.geolocation, permissions: ['geolocation'] }),
  });
  const consoleErrors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    consoleErrors,
    async page(viewport = DESKTOP) {
      const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
      await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Logs in through the console's login page. */
export async function logIn(page: Page, baseUrl: string, username: string, password = 'hongyun-demo'): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** A real PNG (the API checks photos by their content): a warm gradient with a darker band. */
export function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      const band = y > height * 0.6 && y < height * 0.8;
      rows.set([band ? 90 : 200 + Math.round((55 * x) / width), band ? 60 : 120 + Math.round((80 * y) / height), band ? 50 : 90], at);
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A logged-in API client for checks beside the browser: GET a path under /api/v1, expecting 200. */
export async function apiSession(url: string, username: string) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'hongyun-demo' }),
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  /** GET by default; a method and a JSON body for writes (with the session's CSRF token). */
  return async <T>(p: string, write?: { method: 'POST' | 'PATCH' | 'DELETE'; body?: unknown }): Promise<T> => {
    const answer = await fetch(`${url}/api/v1${p}`, {
      method: write?.method ?? 'GET',
      headers: { cookie, ...(write && { 'x-csrf-token': csrfToken, 'content-type': 'application/json' }) },
      ...(write?.body !== undefined && { body: JSON.stringify(write.body) }),
    });
    expect(answer.status, p).toBe(200);
    return (await answer.json()) as T;
  };
}
