// The phone pages at /m in a real browser on a phone-sized screen: a resident places a request
// with a photo and the phone's position, follows it and rates it; a grid worker takes and resolves
// it and files one for a resident; field problems from the API show at their fields; the pages
// load little JavaScript and write nothing to the browser console.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, type Browser, openBrowser, PHONE, png, RESULTS, type Server, startServer } from './browser.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const VITE = path.join(ROOT, 'node_modules/vite/bin/vite.js');
const BUDGET_GZIP = 200 * 1024;

const PHOTO_WIDTH = 160;

interface Compound {
  id: number;
  name: string;
  location: { lat: number; lng: number } | null;
  boundary: unknown;
  hasPropertyManagement: boolean;
}

/**
 * What the phone shows: the 390×844 viewport, bottom navigation where the thumb finds it (a full
 * page would draw the fixed navigation over the middle); a request's page, which has no bottom
 * navigation, whole.
 */
async function phoneShot(page: Page, name: string, { whole = false } = {}) {
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: whole });
}

async function logIn(page: Page, url: string, username: string) {
  await page.goto(`${url}/m/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('hongyun-demo');
  await page.getByLabel('密码').press('Enter');
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
}

async function logOut(page: Page, url: string) {
  await page.goto(`${url}/m/me`);
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/m\/login$/);
}

describe.skipIf(!inject('chromium'))('the phone pages in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let compound: Compound;
  let photo: string;
  let number = '';
  let requestId = 0;
  /** A request filed by the grid worker for somebody else: out of the resident's sight. */
  let othersId = 0;
  const scripts = new Set<string>();
  /** Console lines the tests cause on purpose: the 400 answers of the bad-input checks. */
  const expectedErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer(18_350);
    // A compound without property management, so requests there go to the grid worker: its
    // point becomes the phone's GPS position.
    const asGrid = await apiSession(server.url, 'grid');
    const compounds = await asGrid<{ items: Compound[] }>('/compounds?pageSize=500');
    compound = compounds.items.find((c) => !c.hasPropertyManagement && c.boundary && c.location)!;
    expect(compound).toBeDefined();
    browser = await openBrowser({ geolocation: { latitude: compound.location!.lat, longitude: compound.location!.lng } });
    page = await browser.page(PHONE);
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.add(new URL(response.url()).pathname);
    });
    fs.mkdirSync(RESULTS, { recursive: true });
    photo = path.join(RESULTS, 'phone-test-photo.png');
    fs.writeFileSync(photo, png(PHOTO_WIDTH, 120));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a visitor to the login page; a resident logs in from the keyboard', async () => {
    await page.goto(`${server.url}/m/`);
    await page.waitForURL(/\/m\/login$/);
    await page.getByRole('button', { name: 'EN' }).click();
    await expect.poll(() => page.getByLabel('Username').isVisible()).toBe(true);
    await page.getByRole('button', { name: '中文' }).click();
    await logIn(page, server.url, 'resident');
    await expect.poll(() => page.getByRole('heading', { name: '我的诉求' }).isVisible()).toBe(true);
    // The demo resident has placed requests before: they are listed as cards with their numbers.
    await expect.poll(() => page.locator('.m-request').count()).toBeGreaterThan(0);
    expect(await page.locator('.m-request .m-number').first().textContent()).toMatch(/^HY-\d{8}-\d{4}$/);
  });

  it('shows the problems the API finds next to their fields', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '我要点单' }).click();
    await page.waitForURL(/\/m\/new$/);
    await page.getByLabel('诉求类别').selectOption('env.garbage');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/requests') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交诉求' }).click();
    expect((await answer).status()).toBe(400);
    expectedErrors.push('400');
    await expect.poll(() => page.locator('#f-description-problem').textContent()).toBe('此项必填');
    expect(await page.getByLabel('问题描述').getAttribute('aria-invalid')).toBe('true');
    // The keyboard lands on the first field to fix.
    expect(await page.locator(':focus').getAttribute('id')).toBe('f-description');
  });

  it('places a request with a photo and the phone position, as multipart with an Idempotency-Key', async () => {
    await page.getByLabel('问题描述').fill('楼下垃圾桶三天没人清运，气味很大，请尽快处理。');
    await page.locator('#f-photos').setInputFiles(photo);
    await expect.poll(() => page.getByRole('img', { name: '照片 1' }).isVisible()).toBe(true);

    // The map picker loads Leaflet on demand and draws the compounds the resident may read.
    const leaflet = () => [...scripts].some((p) => p.includes('/leaflet-'));
    expect(leaflet()).toBe(false);
    // A compound name is data, never markup: one named like an HTML tag shows as text, runs nothing.
    const admin = await apiSession(server.url, 'admin');
    const own = (await apiSession(server.url, 'resident'))<{ account: { compoundId: number } }>('/auth/session');
    const home = await admin<{ id: number; name: string }>(`/compounds/${(await own).account.compoundId}`);
    const trap = `<img src=x onerror="window.__hacked=1">${home.name}`;
    await admin(`/compounds/${home.id}`, { method: 'PATCH', body: { name: trap } });
    await page.getByRole('button', { name: '地图选点' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.locator('.leaflet-container').isVisible()).toBe(true);
    expect(leaflet()).toBe(true);
    await expect.poll(() => dialog.locator('.m-map-label').count()).toBeGreaterThan(0);
    await expect.poll(() => dialog.locator('.m-map-label').filter({ hasText: trap }).count()).toBe(1);
    expect(await page.evaluate('window.__hacked')).toBeUndefined();
    await admin(`/compounds/${home.id}`, { method: 'PATCH', body: { name: home.name } });
    const box = (await dialog.locator('.m-map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 + 20, box.y + box.height / 2 + 10);
    await dialog.getByRole('button', { name: '确定这个位置' }).click();
    await expect.poll(() => page.getByText(/已选点/).isVisible()).toBe(true);

    // Then the phone's own position, which the request keeps.
    await page.getByRole('button', { name: '我的位置' }).click();
    await expect.poll(() => page.getByText(/已定位/).isVisible()).toBe(true);
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await phoneShot(page, 'phone-new-request');

    const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/requests') && r.method() === 'POST');
    await page.getByRole('button', { name: '提交诉求' }).click();
    const request = await sent;
    expect(request.headers()['content-type']).toMatch(/^multipart\/form-data/);
    const key = request.headers()['idempotency-key']!;
    expect(key).toMatch(/^[0-9a-f-]{32,36}$/);
    await expect.poll(() => page.getByText('诉求已提交').isVisible()).toBe(true);
    number = (await page.locator('.m-placed-number').textContent())!;
    expect(number).toMatch(/^HY-\d{8}-\d{4}$/);
    expect(await page.getByText('受理时限').isVisible()).toBe(true);

    // The API has it, with the photo, at the phone's position, routed to the grid worker.
    const asResident = await apiSession(server.url, 'resident');
    const mine = await asResident<{ items: { id: number; number: string }[] }>('/requests');
    requestId = mine.items.find((r) => r.number === number)!.id;
    const detail = await asResident<{ photos: unknown[]; location: { lat: number; lng: number }; compound: { id: number }; handler: { kind: string } }>(
      `/requests/${requestId}`,
    );
    expect(detail.photos).toHaveLength(1);
    expect(detail.location.lat).toBeCloseTo(compound.location!.lat, 5);
    expect(detail.location.lng).toBeCloseTo(compound.location!.lng, 5);
    expect(detail.compound.id).toBe(compound.id);
    expect(detail.handler.kind).toBe('grid_worker');

    // A retry with the same key answers with the same request instead of placing a second.
    const csrf = await page.evaluate(async () => ((await (await fetch('/api/v1/auth/session')).json()) as { account: { csrfToken: string } }).account.csrfToken);
    const retry = await page.request.post(`${server.url}/api/v1/requests`, {
      headers: { 'idempotency-key': key, 'x-csrf-token': csrf },
      data: { categoryCode: 'env.garbage', description: 'retry', location: { compoundId: compound.id } },
    });
    expect(retry.status()).toBe(200);
    expect(((await retry.json()) as { number: string }).number).toBe(number);
  });

  it('lists it among my requests and shows its timeline and photo', async () => {
    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.waitForURL(new RegExp(`/m/requests/${requestId}$`));
    await expect.poll(() => page.getByRole('heading', { name: '办理进度' }).isVisible()).toBe(true);
    expect(await page.locator('.m-timeline').getByText('提交诉求').isVisible()).toBe(true);
    const image = page.locator('.m-photo-list img').first();
    await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(PHOTO_WIDTH);

    // A request's page has a back button instead of the bottom navigation.
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.getByRole('button', { name: '返回' }).click();
    await page.waitForURL(/\/m\/new$/);
    await page.getByRole('navigation').getByRole('link', { name: '我的诉求' }).click();
    await expect.poll(() => page.locator('.m-request').filter({ hasText: number }).isVisible()).toBe(true);
    expect(await page.locator('.m-request').first().locator('.m-number').textContent()).toBe(number);
    await phoneShot(page, 'phone-my-requests');
  });

  it('lets the grid worker file a request for a resident, and take and resolve one', async () => {
    await logOut(page, server.url);
    await logIn(page, server.url, 'grid');
    await expect.poll(() => page.getByRole('heading', { name: '网格待办' }).isVisible()).toBe(true);
    const card = page.locator('.m-request').filter({ hasText: number });
    await expect.poll(() => card.isVisible()).toBe(true);

    // Filing for a neighbour who called about the same bins: the same form with the resident's
    // name and phone. The resident's open request nearby is offered as a possible duplicate.
    await page.getByRole('navigation').getByRole('link', { name: '代居民登记' }).click();
    await page.getByLabel('居民姓名').fill('陈阿姨');
    await page.getByLabel('联系电话').fill('1380013');
    await page.getByLabel('诉求类别').selectOption('env.garbage');
    await page.getByLabel('问题描述').fill('楼下垃圾桶三天没人清运了，气味很大。');
    await page.getByRole('button', { name: '选择小区' }).click();
    await page.getByLabel('小区', { exact: true }).selectOption(String(compound.id));
    // Enter in a field submits the form; the API refuses the phone number and says so at the field.
    await page.getByLabel('联系电话').press('Enter');
    await expect.poll(() => page.locator('#f-reporter\\.phone-problem').textContent()).toBe('格式不正确');
    expectedErrors.push('400');
    await page.getByLabel('联系电话').fill('13800138000');
    await page.getByLabel('联系电话').press('Enter');
    await expect.poll(() => page.getByText('诉求已提交').isVisible()).toBe(true);
    const filed = (await page.locator('.m-placed-number').textContent())!;
    expect(await page.locator('.m-duplicates').getByText(number).isVisible()).toBe(true);
    const asGrid = await apiSession(server.url, 'grid');
    const found = await asGrid<{ items: { id: number; number: string; reporter: { name: string; phone: string } }[] }>('/requests?channel=grid_worker');
    const item = found.items.find((r) => r.number === filed)!;
    expect(item.reporter).toMatchObject({ name: '陈阿姨', phone: '13800138000' });
    othersId = item.id;

    // Both wait in the grid's inbox, counted on its tab.
    await page.getByRole('navigation').getByRole('link', { name: '网格待办' }).click();
    await expect.poll(() => page.locator('.m-request').filter({ hasText: filed }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('tab', { name: /待接单/ }).textContent()).toMatch(/待接单\s*2/);
    await phoneShot(page, 'phone-grid-worker');

    // The resident's request: take it, then report it resolved with a note and a photo.
    await card.click();
    await page.getByRole('button', { name: '接单', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已接单' }).isVisible()).toBe(true);
    await page.getByLabel(/办理结果/).fill('已联系保洁公司清运，垃圾桶已清洗消毒。');
    await page.locator('#a-resolve-photos').setInputFiles(photo);
    await page.getByRole('button', { name: '提交办结' }).click();
    await expect.poll(() => page.getByText('已提交办结，等待居民评价').isVisible()).toBe(true);
    await expect.poll(() => page.locator('.m-timeline').getByText('办结反馈').isVisible()).toBe(true);
    const resolved = await asGrid<{ state: string; photos: { stage: string }[] }>(`/requests/${requestId}`);
    expect(resolved.state).toBe('resolved');
    expect(resolved.photos.map((p) => p.stage).sort()).toEqual(['intake', 'resolution']);
  });

  it('lets the resident rate the resolved request', async () => {
    await logOut(page, server.url);
    await logIn(page, server.url, 'resident');
    await page.getByRole('tab', { name: '待评价' }).click();
    const card = page.locator('.m-request').filter({ hasText: number });
    await expect.poll(() => card.isVisible()).toBe(true);
    await card.click();
    await expect.poll(() => page.getByRole('heading', { name: '评价本次办理' }).isVisible()).toBe(true);
    await phoneShot(page, 'phone-request-detail', { whole: true });
    await page.getByRole('radio', { name: '已解决' }).check();
    await page.getByRole('radio', { name: '基本满意' }).check();
    await page.getByLabel(/评价内容/).fill('处理很及时。');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByText('感谢您的评价').isVisible()).toBe(true);
    await expect.poll(() => page.locator('.m-card .m-badge').first().textContent()).toBe('已办结');
    const asResident = await apiSession(server.url, 'resident');
    const rated = await asResident<{ state: string; rating: { solved: boolean; satisfaction: string } }>(`/requests/${requestId}`);
    expect(rated).toMatchObject({ state: 'closed', rating: { solved: true, satisfaction: 'basically_satisfied' } });

    // Nothing of theirs is still in progress: the tab says so.
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByRole('tab', { name: '办理中' }).click();
    await expect.poll(() => page.getByText('这里暂时没有诉求').isVisible()).toBe(true);
    // Somebody else's request answers as if it did not exist.
    await page.goto(`${server.url}/m/requests/${othersId}`);
    await expect.poll(() => page.getByRole('heading', { name: '未找到' }).isVisible()).toBe(true);
    expectedErrors.push('404', '404');
  });

  it('switches the pages to English', async () => {
    await page.getByRole('button', { name: '回到首页' }).click();
    await page.getByRole('navigation').getByRole('link', { name: '我的', exact: true }).click();
    await page.getByRole('button', { name: 'EN' }).click();
    const nav = page.getByRole('navigation');
    await expect.poll(() => nav.getByRole('link', { name: 'My requests' }).isVisible()).toBe(true);
    await nav.getByRole('link', { name: 'My requests' }).click();
    await expect.poll(() => page.locator('.m-request').filter({ hasText: number }).getByText('Closed').isVisible()).toBe(true);
    await page.getByRole('navigation').getByRole('link', { name: 'Me', exact: true }).click();
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => nav.getByRole('link', { name: '我的诉求' }).isVisible()).toBe(true);
  });

  it('loads little JavaScript: at most 200 KB gzip, map included, nothing of the console', () => {
    const fetched = [...scripts].filter((p) => p.startsWith('/assets/')).map((p) => path.basename(p));
    expect(fetched.some((f) => f.startsWith('leaflet-'))).toBe(true);
    expect(fetched.some((f) => f.startsWith('console-'))).toBe(false);
    // The served build may be a development one (a build started under the test runner gets its
    // NODE_ENV, and React's development build is half again as large): weigh the same chunks
    // in a production build of the same sources.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hongyun-phone-build-'));
    try {
      const built = spawnSync(process.execPath, [VITE, 'build', '--config', 'web/vite.config.ts', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'production' },
        encoding: 'utf8',
      });
      expect(built.status, built.stderr).toBe(0);
      const stem = (file: string) => file.replace(/-[\w-]{8}\.js$/, '');
      const production = fs.readdirSync(path.join(out, 'assets')).filter((f) => f.endsWith('.js'));
      const weighed = fetched.flatMap((f) => production.filter((p) => stem(p) === stem(f)));
      expect(new Set(weighed.map(stem))).toEqual(new Set(fetched.map(stem)));
      const sizes = weighed.map((f) => [f, zlib.gzipSync(fs.readFileSync(path.join(out, 'assets', f))).length] as const);
      const total = sizes.reduce((sum, [, size]) => sum + size, 0);
      console.info(`phone pages: ${sizes.length} scripts, ${(total / 1024).toFixed(1)} KB gzip (${sizes.map(([f, n]) => `${stem(f)} ${(n / 1024).toFixed(1)}`).join(', ')})`);
      expect(total).toBeLessThanOrEqual(BUDGET_GZIP);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('writes nothing to the browser console but the answers to refused input and to an unseen request', () => {
    const refused = new RegExp(`status of 400 \\(Bad Request\\).*/api/v1/requests\\)$|status of 404 \\(Not Found\\).*/api/v1/requests/${othersId}(/events)?\\)$`);
    const unexpected = browser.consoleErrors.filter((line) => !refused.test(line));
    expect(unexpected).toEqual([]);
    expect(browser.consoleErrors.length).toBeLessThanOrEqual(expectedErrors.length);
  });
});
