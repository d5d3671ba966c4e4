// The map page in a real browser on the demo district: one coloured polygon per grid of the
// caller's scope, details on click, a community account limited to its grids, no console errors.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromWgs84 } from '../../src/core/geo.js';
import { fillOf } from '../../web/src/console/map/scale.js';
import { type Browser, logIn, openBrowser, screenshot, type Server, startServer } from './browser.js';

/** A 1×1 light-grey PNG. */
const BLANK_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4/v37fwAJ+gP9kMvUXgAAAABJRU5ErkJggg==';

interface GridItem {
  id: number;
  name: string;
  community: { id: number; name: string };
  openRequests: number;
  overdueRequests: number;
}

/** The API's answer, fetched in the page with its session. */
const apiGet = <T,>(page: Page, path: string) =>
  page.evaluate(async (url) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return res.json();
  }, `/api/v1${path}`) as Promise<T>;

/** Waits until no zoom or pan animation is running, so a screenshot shows the settled map. */
async function settled(page: Page) {
  await expect.poll(() => page.locator('.leaflet-zoom-anim, .leaflet-pan-anim').count()).toBe(0);
  // Checkbox and tooltip transitions.
  await page.waitForTimeout(400);
}

/** The grid polygons Leaflet drew: id and fill colour of each. */
const drawnGrids = (page: Page) =>
  page.locator('path.hy-grid').evaluateAll((paths) =>
    paths.map((p) => ({ id: Number(p.getAttribute('data-grid-id')), fill: p.getAttribute('fill') ?? '' })),
  );

describe.skipIf(!inject('chromium'))('the map in Chromium', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(18_321), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws every grid of the district, coloured by its requests, and tells about the one clicked', async () => {
    const page = await browser.page();
    await logIn(page, server.url, 'admin');
    await page.getByRole('menu').getByText('地图', { exact: true }).click();
    await page.waitForURL(/\/map$/);
    const { items } = await apiGet<{ items: GridItem[] }>(page, '/map/grids');
    const { total } = await apiGet<{ total: number }>(page, '/grids?pageSize=1');
    expect(items.length).toBe(total);
    expect(total).toBe(89);
    await expect.poll(async () => (await drawnGrids(page)).length, { timeout: 15_000 }).toBe(total);

    // One polygon per grid, each filled with the colour of its open-request class.
    const drawn = await drawnGrids(page);
    expect(new Set(drawn.map((d) => d.id))).toEqual(new Set(items.map((g) => g.id)));
    const byId = new Map(items.map((g) => [g.id, g]));
    for (const { id, fill } of drawn) expect(fill, `grid ${id}`).toBe(fillOf('open', byId.get(id)!.openRequests));
    expect(new Set(drawn.map((d) => d.fill)).size).toBeGreaterThan(1);
    expect(await page.locator('path.hy-compound').count()).toBe((await apiGet<{ total: number }>(page, '/compounds?pageSize=1')).total);
    expect(await page.locator('.hy-request-icon').count()).toBeGreaterThan(0);

    // Colouring by overdue requests repaints the same polygons.
    await page.getByText('超期诉求', { exact: true }).first().click();
    await expect
      .poll(async () => (await drawnGrids(page)).every(({ id, fill }) => fill === fillOf('overdue', byId.get(id)!.overdueRequests)))
      .toBe(true);
    await page.getByText('未办结诉求', { exact: true }).first().click();

    // The busiest grid, clicked with the other layers hidden so nothing lies on top of it.
    const busiest = [...items].sort((a, b) => b.overdueRequests - a.overdueRequests || b.openRequests - a.openRequests)[0]!;
    expect(busiest.openRequests).toBeGreaterThan(0);
    await page.getByRole('checkbox', { name: /小区/ }).uncheck();
    await page.getByRole('checkbox', { name: /诉求/ }).uncheck();
    await expect.poll(() => page.locator('path.hy-compound').count()).toBe(0);
    await page.locator(`path.hy-grid[data-grid-id="${busiest.id}"]`).click();
    const details = page.getByTestId('map-details');
    await expect.poll(() => details.textContent()).toContain(busiest.name);
    expect(await details.getByTestId('grid-open').textContent()).toBe(String(busiest.openRequests));
    expect(await details.getByTestId('grid-overdue').textContent()).toBe(String(busiest.overdueRequests));
    expect(await details.textContent()).toContain(busiest.community.name);
    const link = details.getByRole('link', { name: /未办结诉求/ });
    expect(await link.getAttribute('href')).toBe(`/requests?unit=${busiest.id}&state=submitted,accepted,returned,reopened`);
    // The list behind the link holds as many requests as the map says.
    const listed = await apiGet<{ items: unknown[] }>(page, `/requests?unit=${busiest.id}&state=submitted,accepted,returned,reopened&limit=200`);
    expect(listed.items.length).toBe(busiest.openRequests);

    // A compound marker tells its flags and links to its record.
    await page.getByRole('checkbox', { name: /小区/ }).check();
    await page.getByRole('checkbox', { name: /诉求/ }).check();
    await expect.poll(() => page.locator('path.hy-compound').count()).toBeGreaterThan(0);
    await page.locator(`path.hy-grid[data-grid-id="${busiest.id}"]`).click({ force: true });
    await expect.poll(() => details.textContent()).toContain(busiest.name);
    await settled(page);
    await screenshot(page, 'map');

    // English throughout.
    await page.getByText('EN', { exact: true }).click();
    await expect.poll(() => page.getByText('Legend', { exact: true }).isVisible()).toBe(true);
    expect(await details.textContent()).toContain('Open requests');
    await settled(page);
    await screenshot(page, 'map-en');
    await page.getByText('中文', { exact: true }).click();
    await expect.poll(() => page.getByText('图例', { exact: true }).isVisible()).toBe(true);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('shows a compound and a request when clicked', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/map`);
    await expect.poll(async () => (await drawnGrids(page)).length, { timeout: 15_000 }).toBe(89);
    await page.getByRole('checkbox', { name: /诉求/ }).uncheck();
    const compound = page.locator('path.hy-compound').first();
    await compound.dispatchEvent('click');
    const details = page.getByTestId('map-details');
    await expect.poll(() => details.getByRole('link', { name: '查看小区档案' }).count()).toBe(1);
    expect(await details.getByRole('link', { name: '查看小区档案' }).getAttribute('href')).toMatch(/^\/register\/compounds\/\d+$/);
    expect(await details.textContent()).toMatch(/坐标（WGS-84）21\.\d{6}, 110\.\d{6}/);

    await page.getByRole('checkbox', { name: /诉求/ }).check();
    const marker = page.locator('.hy-request-icon').first();
    const title = await marker.getAttribute('title');
    await marker.dispatchEvent('click');
    await expect.poll(() => details.getByRole('link', { name: '查看诉求详情' }).count()).toBe(1);
    expect(await details.textContent()).toContain(title!.split(' ')[0]);
    expect(await details.getByRole('link', { name: '查看诉求详情' }).getAttribute('href')).toMatch(/^\/requests\/\d+$/);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('draws on configured tiles, shifted to GCJ-02 for a Chinese tile source', async () => {
    const page = await browser.page();
    // The settings a server with MAP_TILE_URL=/tiles/{z}/{x}/{y}.png and MAP_TILE_CRS=gcj02 answers
    // (the API side is in test/integration/map.test.ts); the tiles are a blank image.
    await page.route('**/api/v1/map/settings', (route) =>
      route.fulfill({ json: { tileUrl: '/tiles/{z}/{x}/{y}.png', tileCrs: 'gcj02', tileAttribution: '© 测试底图 <b>bold</b>', tileSubdomains: 'abc' } }),
    );
    let tiles = 0;
    await page.route('**/tiles/**', (route) => {
      tiles++;
      return route.fulfill({ contentType: 'image/png', body: Buffer.from(BLANK_PNG, 'base64') });
    });
    try {
      await page.goto(`${server.url}/map`);
      await expect.poll(async () => (await drawnGrids(page)).length, { timeout: 15_000 }).toBe(89);
      await expect.poll(() => tiles).toBeGreaterThan(0);
      expect(await page.locator('img.leaflet-tile').count()).toBeGreaterThan(0);
      // The attribution is text, not markup.
      expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('© 测试底图 <b>bold</b>');

      const compounds = await apiGet<{ items: { id: number; name: string; location: { lng: number; lat: number } }[] }>(page, '/compounds?pageSize=500');
      await page.getByRole('checkbox', { name: /诉求/ }).uncheck();
      await page.locator('path.hy-compound').first().dispatchEvent('click');
      const details = page.getByTestId('map-details');
      await expect.poll(() => details.getByRole('link', { name: '查看小区档案' }).count()).toBe(1);
      const id = Number((await details.getByRole('link', { name: '查看小区档案' }).getAttribute('href'))!.split('/').pop());
      const { location } = compounds.items.find((c) => c.id === id)!;
      const { lng, lat } = fromWgs84(location.lng, location.lat, 'gcj02');
      // GCJ-02 lies a few hundred metres off WGS-84 here; the panel shows the shifted point.
      expect(Math.abs(lng - location.lng) + Math.abs(lat - location.lat)).toBeGreaterThan(0.003);
      expect(await details.textContent()).toContain(`坐标（GCJ-02）${lat.toFixed(6)}, ${lng.toFixed(6)}`);
      expect(await page.getByText('底图坐标系 GCJ-02').count()).toBe(1);
      await settled(page);
      await screenshot(page, 'map-tiles');
    } finally {
      await page.unrouteAll();
    }
    expect(browser.consoleErrors).toEqual([]);
  });

  it('shows a community account only the grids of its community', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/map`);
    await page.getByRole('banner').getByRole('link').click();
    await page.getByText('退出登录').click();
    await page.waitForURL(/\/login$/);
    await logIn(page, server.url, 'community');
    await page.getByRole('menu').getByText('地图', { exact: true }).click();
    const { items } = await apiGet<{ items: GridItem[] }>(page, '/map/grids');
    const { total } = await apiGet<{ total: number }>(page, '/grids?pageSize=1');
    expect(items.length).toBe(total);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(89);
    expect(new Set(items.map((g) => g.community.name))).toEqual(new Set(['霞海社区']));
    await expect.poll(async () => (await drawnGrids(page)).length, { timeout: 15_000 }).toBe(total);
    expect(new Set((await drawnGrids(page)).map((d) => d.id))).toEqual(new Set(items.map((g) => g.id)));

    // Found from the keyboard: type a grid's name, Enter.
    const wanted = items[items.length - 1]!;
    await page.getByRole('combobox', { name: '查找网格' }).fill(wanted.name);
    await page.keyboard.press('Enter');
    const details = page.getByTestId('map-details');
    await expect.poll(() => details.textContent()).toContain(wanted.name);
    expect(await details.getByTestId('grid-open').textContent()).toBe(String(wanted.openRequests));
    await settled(page);
    await screenshot(page, 'map-community');
    expect(browser.consoleErrors).toEqual([]);

    // Property staff have no map: the page says so instead of failing.
    await page.getByRole('banner').getByRole('link').click();
    await page.getByText('退出登录').click();
    await page.waitForURL(/\/login$/);
    await logIn(page, server.url, 'property');
    await expect.poll(() => page.getByRole('menu').getByText('诉求', { exact: true }).isVisible()).toBe(true);
    await page.goto(`${server.url}/map`);
    await expect.poll(() => page.getByText('您的账号没有查看网格地图的权限').isVisible()).toBe(true);
    // The browser reports the refused call itself; nothing else went wrong.
    expect(browser.consoleErrors.filter((e) => !/status of 403/.test(e))).toEqual([]);
  });
});
