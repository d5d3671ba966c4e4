// The overview dashboard and the big screen in Chromium: the numbers on the page are the ones
// the API computes for the account's scope (a district admin and a community's staff see
// different ones), the charts draw, the period selector changes the figures, a click on a
// figure leads to the request list filtered by it, and the big screen fills a 1920×1080 wall.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, DESKTOP, logIn, openBrowser, screenshot, type Server, startServer } from './browser.js';

const WALL = { width: 1920, height: 1080 };

interface Overview {
  communities: number;
  grids: number;
  compounds: number;
  households: number;
  oldCompounds: number;
  noPropertyCompounds: number;
  threeNosCompounds: number;
  compoundPartyBranches: number;
  buildings: number;
  redPropertyStages: Record<string, number>;
}

interface Fraction {
  numerator: number;
  denominator: number;
}

interface Report {
  requests: number;
  overdue: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  rateCounts: Record<'response' | 'resolution' | 'satisfaction', Fraction>;
  byState: Record<string, number>;
  childRanking: { name: string | null }[];
  communityRanking?: { name: string | null }[];
}

const REGISTER_KEYS = ['communities', 'grids', 'compounds', 'oldCompounds', 'noPropertyCompounds', 'threeNosCompounds', 'households', 'compoundPartyBranches'] as const;
const STAGES = ['planned', 'branch_formed', 'property_integrated', 'demonstration_site'];

/** Today in Shanghai, as the dashboard counts its periods. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const thisYear = () => ({ from: `${today().slice(0, 4)}-01-01`, to: today() });
const thisMonth = () => ({ from: `${today().slice(0, 7)}-01`, to: today() });
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

async function apiGet<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(new URL(path, page.url()).toString());
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

async function scopeOf(page: Page): Promise<number> {
  const { account } = await apiGet<{ account: { scope: { id: number } } }>(page, '/api/v1/auth/session');
  return account.scope.id;
}

const statistic = (page: Page, testId: string) => page.getByTestId(testId).locator('.ant-statistic-content-value');

/** Whether a chart's canvas has drawn anything (some pixel not transparent). */
async function drawn(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((box) => {
    const canvas = box.querySelector('canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });
}

/** Leaves the page (so that nothing it still loads is refused) and forgets the session; the next test reuses the blank page. */
async function logOut(page: Page) {
  await page.goto('about:blank');
  await page.context().clearCookies();
}

describe.skipIf(!inject('chromium'))('the dashboard and the big screen in Chromium', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(18_311), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the district admin the register and request figures the API computes, and leads to the lists behind them', async () => {
    const page = await browser.page(DESKTOP);
    await logIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await statistic(page, 'register-communities').waitFor();

    const overview = await apiGet<Overview>(page, '/api/v1/stats/overview');
    for (const key of REGISTER_KEYS) expect(digits(await statistic(page, `register-${key}`).textContent()), key).toBe(overview[key]);
    for (const stage of STAGES) expect(digits(await statistic(page, `stage-${stage}`).textContent()), stage).toBe(overview.redPropertyStages[stage]);
    expect(overview.communities).toBe(14);

    const year = thisYear();
    expect(await page.getByTestId('period-range').textContent()).toBe(`${year.from} 至 ${year.to}`);
    const unit = await scopeOf(page);
    const report = await apiGet<Report>(page, `/api/v1/figures?unit=${unit}&from=${year.from}&to=${year.to}&communities=true`);
    expect(report.requests).toBeGreaterThan(0);
    expect(digits(await statistic(page, 'requests-total').textContent())).toBe(report.requests);
    expect(digits(await statistic(page, 'requests-overdue').textContent())).toBe(report.overdue);
    for (const name of ['response', 'resolution', 'satisfaction'] as const) {
      expect(await statistic(page, `rate-${name}`).textContent(), name).toBe(percent(report[`${name}Rate`]));
      const { numerator, denominator } = report.rateCounts[name];
      expect(await page.getByTestId(`rate-${name}-counts`).textContent()).toBe(`${numerator} / ${denominator} 件`);
    }
    expect(await statistic(page, 'rate-response').textContent()).toMatch(/^\d{1,3}\.\d%$/);
    expect(await page.getByTestId('state-closed').textContent()).toBe(`已办结 ${report.byState.closed}`);

    // The district ranks its fourteen communities, in the API's order.
    const rows = page.getByTestId('unit-ranking').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(14);
    expect(report.communityRanking).toHaveLength(14);
    expect(await rows.first().locator('td').nth(1).textContent()).toBe(report.communityRanking![0]!.name);
    expect(await page.getByText('社区排名').isVisible()).toBe(true);

    for (const chart of ['chart-trend', 'chart-channels', 'chart-categories']) {
      await expect.poll(() => drawn(page, chart), { timeout: 10_000 }).toBe(true);
    }
    await page.mouse.move(0, DESKTOP.height - 1); // no hover highlight in the picture
    await page.waitForTimeout(1200); // the charts' entry animation
    await screenshot(page, 'dashboard');

    // The overdue count leads to the overdue requests of the period.
    await page.getByTestId('requests-overdue').click();
    await page.waitForURL(/\/requests\?/);
    const query = new URL(page.url()).searchParams;
    expect(new URL(page.url()).pathname).toBe('/requests');
    expect(Object.fromEntries(query)).toEqual({ from: year.from, to: year.to, overdue: 'true' });

    // An overdue row opens its request; the title leads to the list of all of them.
    await page.goto(`${server.url}/`);
    await page.getByText('本期全部').click();
    const overdueRows = page.getByTestId('overdue-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => overdueRows.count()).toBeGreaterThan(0);
    const number = await overdueRows.first().locator('td').first().textContent();
    expect(number).toMatch(/^HY-\d{8}-\d{4}$/);
    expect(await overdueRows.first().locator('td').last().textContent()).toMatch(/\d+(天|小时|分)/);
    await overdueRows.first().locator('td').nth(1).click();
    await page.waitForURL(/\/requests\/\d+$/);
    await page.goto(`${server.url}/`);
    const overdueLink = page.getByTestId('overdue-list-link');
    // Still open, whenever placed.
    await expect.poll(() => overdueLink.getAttribute('href')).toBe(`/requests?${new URLSearchParams({ state: 'submitted,accepted,returned,reopened', overdue: 'true' })}`);
    await overdueLink.click();
    await page.waitForURL(/\/requests\?/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ state: 'submitted,accepted,returned,reopened', overdue: 'true' });

    // A slice of the channel chart leads to the requests of that channel: the largest slice,
    // phone requests, starts at twelve o'clock and runs past three.
    await page.goto(`${server.url}/`);
    const pie = page.getByTestId('chart-channels');
    await expect.poll(() => drawn(page, 'chart-channels'), { timeout: 10_000 }).toBe(true);
    const box = (await pie.boundingBox())!;
    const radius = (Math.min(box.width, box.height) / 2) * ((0.45 + 0.72) / 2);
    await page.mouse.click(box.x + box.width * 0.32 + radius, box.y + box.height / 2);
    await page.waitForURL(/\/requests\?/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ from: year.from, to: year.to, channel: 'app' });

    // A community's row leads to that community's requests.
    await page.goto(`${server.url}/`);
    await rows.first().click();
    await page.waitForURL(/\/requests\?/);
    expect(new URL(page.url()).searchParams.get('unit')).toMatch(/^\d+$/);

    // The period selector: this month, kept in the address.
    await page.goto(`${server.url}/`);
    await page.getByText('本月', { exact: true }).click();
    const month = thisMonth();
    await expect.poll(() => page.getByTestId('period-range').textContent()).toBe(`${month.from} 至 ${month.to}`);
    expect(new URL(page.url()).searchParams.get('period')).toBe('month');
    const monthly = await apiGet<Report>(page, `/api/v1/figures?unit=${unit}&from=${month.from}&to=${month.to}`);
    await expect.poll(async () => digits(await statistic(page, 'requests-total').textContent())).toBe(monthly.requests);
    expect(monthly.requests).toBeLessThan(report.requests);

    // Or a range of days, typed in.
    const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
    const range = { from: daysAgo(100), to: daysAgo(10) };
    await page.getByText('自定义', { exact: true }).click();
    const inputs = page.locator('.ant-picker-range input');
    await inputs.first().fill(range.from);
    await page.keyboard.press('Enter');
    await inputs.nth(1).fill(range.to);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('period-range').textContent()).toBe(`${range.from} 至 ${range.to}`);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual(range);
    const ranged = await apiGet<Report>(page, `/api/v1/figures?unit=${unit}&from=${range.from}&to=${range.to}`);
    await expect.poll(async () => digits(await statistic(page, 'requests-total').textContent())).toBe(ranged.requests);

    await logOut(page);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('shows community staff the figures of their own community', async () => {
    const page = await browser.page(DESKTOP);
    await logIn(page, server.url, 'community');
    await page.waitForURL(`${server.url}/`);
    await statistic(page, 'register-compounds').waitFor();

    const overview = await apiGet<Overview>(page, '/api/v1/stats/overview');
    expect(overview.compounds).toBeLessThan(186);
    // A community does not count communities (itself) among its register figures.
    for (const key of REGISTER_KEYS.filter((k) => k !== 'communities')) {
      expect(digits(await statistic(page, `register-${key}`).textContent()), key).toBe(overview[key]);
    }
    expect(await page.getByTestId('register-communities').count()).toBe(0);
    const year = thisYear();
    const report = await apiGet<Report>(page, `/api/v1/figures?unit=${await scopeOf(page)}&from=${year.from}&to=${year.to}`);
    expect(digits(await statistic(page, 'requests-total').textContent())).toBe(report.requests);
    expect(await statistic(page, 'rate-satisfaction').textContent()).toBe(percent(report.satisfactionRate));
    // A community ranks its grids.
    expect(await page.getByText('网格排名').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('unit-ranking').locator('tbody tr.ant-table-row').count()).toBe(report.childRanking.length);

    // Its links carry the community.
    await page.getByTestId('requests-total').click();
    await page.waitForURL(/\/requests\?/);
    expect(new URL(page.url()).searchParams.get('unit')).toBe(String(await scopeOf(page)));
    await logOut(page);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('fills a 1920×1080 wall with the same figures, and leads back to the console', async () => {
    const page = await browser.page(WALL);
    await logIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('button', { name: /大屏展示/ }).click();
    await page.waitForURL(/\/big-screen$/);
    await page.getByTestId('big-requests').waitFor();

    const year = thisYear();
    const report = await apiGet<Report>(page, `/api/v1/figures?unit=${await scopeOf(page)}&from=${year.from}&to=${year.to}`);
    const overview = await apiGet<Overview>(page, '/api/v1/stats/overview');
    const bigValue = (testId: string) => page.getByTestId(testId).locator('.hy-big-number-value').textContent();
    expect(digits(await bigValue('big-requests'))).toBe(report.requests);
    expect(await bigValue('big-rate-response')).toBe(percent(report.responseRate));
    expect(await bigValue('big-rate-satisfaction')).toBe(percent(report.satisfactionRate));
    expect(digits(await bigValue('big-register-compounds'))).toBe(overview.compounds);
    await expect.poll(() => page.getByTestId('big-unit-ranking').locator('li').count()).toBe(11); // a header and ten
    await expect.poll(() => drawn(page, 'big-chart-trend'), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('button', { name: /全屏/ }).isVisible()).toBe(true);

    // The wall shows everything at once: nothing scrolls, every panel lies inside the screen
    // and no two panels overlap.
    const panels = await page.locator('.hy-big-panel').evaluateAll((elements) =>
      elements.map((e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
    );
    const [scrollWidth, scrollHeight] = await page.locator('html').evaluate((html) => [html.scrollWidth, html.scrollHeight]);
    const layout = {
      scroll: scrollHeight! > WALL.height || scrollWidth! > WALL.width,
      panels: panels.length,
      inside: panels.every((r) => r.left >= 0 && r.top >= 0 && r.right <= WALL.width && r.bottom <= WALL.height),
      overlaps: panels.some((a, i) => panels.some((b, j) => j > i && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)),
      bottom: Math.max(...panels.map((r) => r.bottom)),
    };
    expect(layout).toMatchObject({ scroll: false, panels: 9, inside: true, overlaps: false });
    expect(layout.bottom).toBeGreaterThan(WALL.height - 60); // it fills the screen, not a corner of it
    await page.waitForTimeout(1200);
    await screenshot(page, 'big-screen');

    await page.getByRole('button', { name: /返回控制台/ }).click();
    await page.waitForURL(`${server.url}/`);
    await logOut(page);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('refreshes the big screen every minute, for the period it was opened with', async () => {
    const page = await browser.page(WALL);
    await logIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await page.clock.install();
    await page.goto(`${server.url}/big-screen?period=month`);
    await page.getByTestId('big-requests').waitFor();
    const month = thisMonth();
    expect(await page.getByTestId('big-screen').textContent()).toContain(`${month.from} 至 ${month.to}`);

    let refreshes = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/figures?') && r.url().includes(`from=${month.from}`)) refreshes += 1;
    });
    await page.clock.runFor(30_000);
    expect(refreshes).toBe(0);
    await page.clock.runFor(31_000);
    await expect.poll(() => refreshes).toBe(1);
    await page.clock.runFor(60_000);
    await expect.poll(() => refreshes).toBe(2);
    expect(await page.getByTestId('big-screen').textContent()).toMatch(/\d{2}:\d{2}:\d{2} 更新/);
    await logOut(page);
    expect(browser.consoleErrors).toEqual([]);
  });
});
