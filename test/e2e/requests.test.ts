// The request pages in a real browser: the inbox counts of property staff, a request's detail
// with its working-time countdown, accepting and resolving it, the list filtered through the
// URL and searched, the export link, and a request of another company reading as not found.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, DESKTOP, logIn, openBrowser, screenshot, type Server, startServer } from './browser.js';

interface Session {
  cookie: string;
  csrf: string;
  me: { propertyCompanyId: number | null };
}

/** Talks to the API directly, as a second client beside the browser. */
async function apiLogin(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'hongyun-demo' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const me = (await res.json()) as Session['me'] & { csrfToken: string };
  return { cookie, csrf: me.csrfToken, me };
}

async function call<T>(base: string, s: Session, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function logOut(page: Page) {
  await page.getByRole('banner').getByRole('link').click();
  await page.getByText('退出登录').click();
  await page.waitForURL(/\/login$/);
}

/** The number on the badge of an inbox tab. */
async function badge(page: Page, view: string): Promise<number> {
  const text = await page.locator(`[data-view="${view}"] .ant-scroll-number`).getAttribute('title');
  return Number(text);
}

const WORD = '闪烁不停';

describe.skipIf(!inject('chromium'))('the request pages in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let admin: Session;
  let property: Session;
  /** A request routed to the property account's company, and one routed to another company. */
  let ours: { id: number; number: string };
  let theirs: { id: number; number: string };
  /** One tab through all the steps, as a person would use it. */
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(18_330), openBrowser()]);
    page = await browser.page(DESKTOP);
    [admin, property] = await Promise.all([apiLogin(server.url, 'admin'), apiLogin(server.url, 'property')]);
    const { items } = await call<{ items: { id: number; propertyCompany: { id: number } | null }[] }>(server.url, admin, 'GET', '/compounds?pageSize=500');
    const company = property.me.propertyCompanyId;
    const own = items.find((c) => c.propertyCompany?.id === company)!;
    const other = items.find((c) => c.propertyCompany !== null && c.propertyCompany.id !== company)!;
    const place = (compoundId: number, description: string) =>
      call<{ id: number; number: string; state: string }>(server.url, admin, 'POST', '/requests', {
        categoryCode: 'property.corridor_light',
        description,
        location: { compoundId },
        attributes: { building: '7栋', floor: 3 },
        channel: 'hotline',
        reporter: { name: '陈阿姨', phone: '13800138000' },
      });
    ours = await place(own.id, `7栋2单元楼道灯${WORD}，晚上进出很不方便，请物业尽快修理`);
    theirs = await place(other.id, '5栋楼道灯不亮，晚上看不见台阶');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows property staff their inbox with the counts the API answers', async () => {
    await logIn(page, server.url, 'property');
    await page.getByRole('menu').getByText('诉求', { exact: true }).waitFor();
    await page.goto(`${server.url}/requests/inbox`);
    const counts = await call<{ views: Record<string, number> }>(server.url, property, 'GET', '/requests/inbox');
    expect(Object.keys(counts.views)).toEqual(['to_accept', 'in_hand', 'overdue']);
    expect(counts.views.to_accept).toBeGreaterThanOrEqual(1);
    for (const [view, count] of Object.entries(counts.views)) {
      await page.locator(`[data-view="${view}"]`).waitFor();
      await expect.poll(() => badge(page, view)).toBe(count);
    }
    await expect
      .poll(() => page.getByRole('tab').allInnerTexts())
      .toEqual([expect.stringContaining('待接单'), expect.stringContaining('办理中'), expect.stringContaining('已超时')]);
    // The first tab lists the requests to accept, ours among them.
    await page.getByRole('link', { name: ours.number }).waitFor();
  });

  it('opens a submitted request with its countdown and only the actions the API offers, then accepts and resolves it', async () => {
    await page.getByRole('link', { name: ours.number }).click();
    await page.waitForURL(new RegExp(`/requests/${ours.id}$`));
    const countdown = page.getByTestId('countdown');
    await countdown.waitFor();
    expect(await countdown.innerText()).toMatch(/^剩余 .*(工作日|小时|分钟)/);
    await page.getByText('接单时限：').waitFor();
    expect(await page.getByTestId('description').innerText()).toContain(WORD);
    expect(await page.getByTestId('phone').innerText()).toBe('13800138000'); // the handling company calls back
    await page.getByText('楼栋', { exact: true }).waitFor(); // the category's extra fields by their labels

    const detail = await call<{ actions: string[]; version: number }>(server.url, property, 'GET', `/requests/${ours.id}`);
    expect(detail.actions).toEqual(['accept', 'return']);
    const buttons = page.getByTestId('actions').getByRole('button');
    await expect.poll(() => buttons.allInnerTexts()).toEqual(['接 单', '退 回']);

    // Accept: one confirmation, then the state and the timeline change.
    await buttons.filter({ hasText: '接' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /接\s*单/ }).click();
    await page.locator('[data-event="request.accepted"]').waitFor();
    await expect.poll(() => page.locator('.ant-tag').filter({ hasText: '办理中' }).count()).toBeGreaterThan(0);
    await page.getByText('办结时限：').waitFor();
    await expect.poll(() => buttons.allInnerTexts()).toEqual(['办 结', '退 回', '申请延期']);
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await screenshot(page, 'request-detail');

    // Resolve with a note: the note is required, then it shows in the timeline.
    await buttons.filter({ hasText: '办' }).first().click();
    await dialog.getByRole('button', { name: /办\s*结/ }).click();
    await dialog.getByText('请填写此项').waitFor();
    await dialog.getByLabel('办理结果').fill('已更换楼道灯并测试正常');
    await dialog.getByLabel('办理结果').press('Tab');
    await dialog.getByRole('button', { name: /办\s*结/ }).press('Enter');
    const resolved = page.locator('[data-event="request.resolved"]');
    await resolved.waitFor();
    expect(await resolved.innerText()).toContain('已更换楼道灯并测试正常');
    await expect.poll(() => page.locator('.ant-tag').filter({ hasText: '待评价' }).count()).toBeGreaterThan(0);
    await page.getByText('已办结，等待居民评价。').waitFor();
    const events = await call<{ type: string }[]>(server.url, property, 'GET', `/requests/${ours.id}/events`);
    expect(events.map((e) => e.type)).toEqual(['request.submitted', 'request.accepted', 'request.resolved']);
    expect(await page.locator('[data-event]').count()).toBe(3);
    // Property staff may do nothing more with a resolved request.
    await page.getByText('当前状态下，您没有可执行的操作。').waitFor();
  });

  it('tells property staff a request routed to another company does not exist', async () => {
    const before = browser.consoleErrors.length;
    await page.goto(`${server.url}/requests/${theirs.id}`);
    await page.getByText('该记录不存在，或不在您的管辖范围内。').waitFor();
    expect(await page.getByText(theirs.number).count()).toBe(0);
    // The browser reports the API's 404 as a failed load: exactly that one, nothing else.
    const added = browser.consoleErrors.splice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(new RegExp(`404.*/api/v1/requests/${theirs.id}\\)$`));
    await logOut(page);
  });

  it('filters the list by state through the URL, searches the description, and exports the same list', async () => {
    await logIn(page, server.url, 'admin');
    await page.getByRole('menu').getByText('总览').waitFor();

    await page.goto(`${server.url}/requests?state=submitted`);
    const expected = await call<{ items: { number: string }[] }>(server.url, admin, 'GET', '/requests?state=submitted&limit=200');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(expected.items.length);
    expect(await rows.locator('td:nth-child(1)').allInnerTexts()).toEqual(expected.items.map((r) => r.number));
    expect(await rows.locator('.ant-tag').filter({ hasText: '待接单' }).count()).toBe(expected.items.length);
    await page.getByText(`共 ${expected.items.length} 条`).waitFor();
    // The filter shows what the URL says.
    const stateFilter = page.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: /^状态$/ }) });
    expect(await stateFilter.locator('.ant-select-selection-item, .ant-select-selection-overflow-item').allInnerTexts()).toContain('待接单');
    await page.waitForTimeout(300); // let the register lists settle before the picture
    await screenshot(page, 'request-list');

    // Search by a word of the description: the URL takes q and the list finds the request.
    await page.goto(`${server.url}/requests`);
    await page.getByLabel('搜索诉求内容').fill(WORD);
    await page.getByLabel('搜索诉求内容').press('Enter');
    await page.waitForURL(/q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe(WORD);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(ours.number);

    // The export link carries the same filters and answers a CSV with the session cookie.
    const href = await page.getByRole('link', { name: /导出 CSV/ }).getAttribute('href');
    expect(href).toContain(`q=${encodeURIComponent(WORD)}`);
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toContain('编号');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(ours.number);
    const xlsx = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    expect((await page.request.get(`${server.url}${xlsx}`)).status()).toBe(200);

    // Other pages link with any of the API's filters, e.g. a unit and overdue.
    await page.goto(`${server.url}/requests?overdue=true`);
    const overdue = await call<{ items: unknown[] }>(server.url, admin, 'GET', '/requests?overdue=true&limit=200');
    await expect.poll(() => rows.count()).toBe(Math.min(overdue.items.length, 50));

    // Keyset pages: 50 at a time, "load more" appends the next page after the last row.
    await page.goto(`${server.url}/requests?state=closed`);
    const firstTwo = await call<{ items: { number: string }[]; nextCursor: string }>(server.url, admin, 'GET', '/requests?state=closed&limit=100');
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByText('已加载 50 条，还有更多').waitFor();
    await page.getByRole('button', { name: /加载更多/ }).click();
    await expect.poll(() => rows.count()).toBe(100);
    expect(await rows.locator('td:nth-child(1)').allInnerTexts()).toEqual(firstTwo.items.map((r) => r.number));
  });

  it('lets dispatch staff supervise, merge and reassign, reloading on a stale version and showing field errors by their fields', async () => {
    await page.goto(`${server.url}/requests/${theirs.id}`);
    const buttons = page.getByTestId('actions').getByRole('button');
    const detail = await call<{ actions: string[] }>(server.url, admin, 'GET', `/requests/${theirs.id}`);
    expect(detail.actions).toEqual(['reassign', 'merge', 'cancel', 'supervise']);
    await expect.poll(() => buttons.allInnerTexts()).toEqual(['改 派', '督 办', '合 并', '撤 销']);
    const before = browser.consoleErrors.length;

    // Somebody else supervises it behind the page's back: the page's version is stale.
    await call(server.url, admin, 'POST', `/requests/${theirs.id}/supervise`, { version: 1, note: '街道已电话督促' });
    const dialog = page.getByRole('dialog');
    await buttons.filter({ hasText: '督' }).click();
    await dialog.getByLabel('督办意见').fill('请三日内处理完毕');
    await dialog.getByRole('button', { name: /督\s*办/ }).click();
    await page.getByText('该诉求刚刚被他人更新，已为您重新加载，请确认后再操作。').waitFor();
    const supervised = page.locator('[data-event="request.supervised"]');
    await expect.poll(() => supervised.count()).toBe(1);
    expect(await supervised.first().innerText()).toContain('街道已电话督促');
    // Again, now with the current version: it goes through.
    await buttons.filter({ hasText: '督' }).click();
    await dialog.getByLabel('督办意见').fill('请三日内处理完毕');
    await dialog.getByLabel('督办意见').press('Control+Enter');
    await expect.poll(() => supervised.count()).toBe(2);
    expect(await supervised.nth(1).innerText()).toContain('请三日内处理完毕');

    // Merging into a closed request: the API's field error shows under the field.
    const closed = await call<{ items: { number: string }[] }>(server.url, admin, 'GET', '/requests?state=closed&limit=1');
    await buttons.filter({ hasText: '合' }).click();
    await dialog.getByLabel('合并到').fill(closed.items[0]!.number);
    await page.locator('.ant-select-item-option').filter({ hasText: closed.items[0]!.number }).waitFor();
    await dialog.getByLabel('合并到').press('Enter');
    await dialog.getByRole('button', { name: /合\s*并/ }).click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual([expect.stringContaining('closed')]);
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'detached' });

    // Reassign to a grid worker: the handler and the timeline change, the state stays.
    await buttons.filter({ hasText: '改' }).click();
    await dialog.getByLabel('改派给').click();
    await page.locator('.ant-select-item-option[title="网格员"]').click();
    const workerSelect = dialog.getByLabel('网格员', { exact: true });
    await workerSelect.click();
    await page.locator('.ant-select-dropdown').last().locator('.ant-select-item-option').first().waitFor();
    await workerSelect.press('Enter'); // the first offered: the worker of the request's own grid
    const workerItem = dialog.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: /^网格员$/ }) });
    const name = ((await workerItem.locator('.ant-select-content').getAttribute('title')) ?? '').replace(/（.*$/, '');
    expect(name).not.toBe('');
    await dialog.getByRole('button', { name: /改\s*派/ }).click();
    await page.locator('[data-event="request.reassigned"]').waitFor();
    await page.getByText(`${name}（网格员）`).first().waitFor();
    expect((await call<{ state: string; handler: { kind: string } }>(server.url, admin, 'GET', `/requests/${theirs.id}`)).handler.kind).toBe('grid_worker');

    // The stale version answered 409 and the closed main request 400: the browser logs both loads.
    const added = browser.consoleErrors.splice(before);
    expect(added).toEqual([expect.stringMatching(/409.*\/supervise\)$/), expect.stringMatching(/400.*\/merge\)$/)]);

    // The same page in English.
    await page.getByText('EN', { exact: true }).click();
    await expect.poll(() => page.getByTestId('countdown').innerText()).toMatch(/ left$|^Overdue by /);
    await expect.poll(() => buttons.allInnerTexts()).toEqual(['Reassign', 'Supervise', 'Merge', 'Cancel request']);
    await page.getByText('Supervised').first().waitFor();
    await page.getByText('中文', { exact: true }).click();
    await page.getByText('办理过程').waitFor();
    expect(browser.consoleErrors).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
