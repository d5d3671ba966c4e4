// The register pages in a real browser: compound counts and flag filters as the API counts them,
// API field errors on their form fields, the red-property history, scope for a community
// account, and account creation by the district admin.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withCreditCheck } from '../../src/core/codes.js';
import { type Browser, DESKTOP, logIn, openBrowser, screenshot, type Server, startServer } from './browser.js';

interface Paged<T> {
  items: T[];
  total: number;
}

describe.skipIf(!inject('chromium'))('the register pages in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  /** Failed requests the tests provoke on purpose: Chromium logs each as a console error. */
  const provoked: RegExp[] = [];

  /** Reads the API as the logged-in browser does (same cookies). */
  const apiGet = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`${server.url}/api/v1${path}`);
    expect(response.status()).toBe(200);
    return (await response.json()) as T;
  };
  const total = async (path: string) => (await apiGet<Paged<unknown>>(path)).total;
  const shownTotal = async () => {
    const text = await page.locator('.ant-pagination-total-text').innerText();
    return Number(text.replace(/\D/g, ''));
  };
  const switchTo = async (username: string, password?: string) => {
    await browser.context.clearCookies();
    await logIn(page, server.url, username, password);
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(18_340), openBrowser()]);
    page = await browser.page(DESKTOP);
    await switchTo('admin');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the compounds the API counts, and as many old ones as the API when filtered', async () => {
    const all = await total('/compounds?pageSize=1');
    const old = await total('/compounds?pageSize=1&isOld=true');
    expect(all).toBe(186);
    expect(old).toBeGreaterThan(0);
    expect(old).toBeLessThan(all);

    await page.goto(`${server.url}/register/compounds`);
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('row').count()).toBe(21); // header and a page of 20
    expect(await shownTotal()).toBe(all);
    await screenshot(page, 'register-compounds');

    await page.getByRole('checkbox', { name: '老旧小区' }).click();
    await page.waitForURL(/isOld=true/);
    await expect.poll(shownTotal).toBe(old);
    // Every row on the page carries the flag.
    const rows = table.locator('tbody tr.ant-table-row');
    const count = await rows.count();
    expect(count).toBe(Math.min(old, 20));
    expect(await rows.filter({ hasText: '老旧小区' }).count()).toBe(count);
  });

  it('shows a compound with its red-property history and records the next stage', async () => {
    const [compound] = (await apiGet<Paged<{ id: number; name: string; propertyCompany: unknown }>>('/compounds?redPropertyStage=branch_formed&pageSize=50')).items.filter(
      (c) => c.propertyCompany !== null,
    );
    expect(compound).toBeDefined();
    const history = await apiGet<{ stage: string; reachedOn: string; note: string | null }[]>(`/compounds/${compound!.id}/red-property-stages`);
    expect(history.length).toBeGreaterThanOrEqual(2);

    await page.goto(`${server.url}/register/compounds/${compound!.id}`);
    await page.getByRole('heading', { name: compound!.name }).waitFor();
    const entries = page.getByTestId('stage-entry');
    await expect.poll(() => entries.count()).toBe(history.length);
    const timeline = page.getByLabel('红色物业阶段记录');
    for (const entry of history) {
      expect(await timeline.getByText(entry.reachedOn, { exact: true }).count()).toBe(1);
      if (entry.note) expect(await timeline.getByText(entry.note, { exact: true }).count()).toBe(1);
    }
    expect(await timeline.getByText('成立党支部', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('table', { name: '楼栋' }).locator('tbody tr.ant-table-row').count()).toBe(
      await total(`/buildings?compoundId=${compound!.id}&pageSize=1`),
    );
    await screenshot(page, 'register-compound-detail');

    // The stage it is already at is refused, and the API's reason shows on the stage field.
    const form = page.getByRole('form', { name: '记录新阶段' });
    provoked.push(new RegExp(`status of 400.*compounds/${compound!.id}/red-property-stages`));
    await form.getByLabel('阶段').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^成立党支部$/ }).click();
    await form.getByRole('button', { name: /记\s*录/ }).click();
    await expect.poll(() => form.locator('.ant-form-item-explain-error').innerText()).toContain('already at branch_formed');
    expect((await apiGet<unknown[]>(`/compounds/${compound!.id}/red-property-stages`)).length).toBe(history.length);

    await form.getByLabel('阶段').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^党建物业融合$/ }).click();
    await form.getByLabel('说明').fill('物业党建联建协议签订');
    await form.getByLabel('说明').press('Enter');
    await expect.poll(() => entries.count()).toBe(history.length + 1);
    expect(await timeline.getByText('物业党建联建协议签订').count()).toBe(1);
    const after = await apiGet<{ stage: string }[]>(`/compounds/${compound!.id}/red-property-stages`);
    expect(after.at(-1)?.stage).toBe('property_integrated');
  });

  it('shows the API error on the credit code field, creates nothing, and creates the company once fixed', async () => {
    const before = await total('/property-companies?pageSize=1');
    const name = '湛江市测试红韵物业服务有限公司';
    const good = withCreditCheck('91440800MA5TEPL01');
    const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');

    await page.goto(`${server.url}/register/companies`);
    await page.getByRole('button', { name: '新建物业企业' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill(name);
    await dialog.getByLabel('统一社会信用代码').fill(bad);
    provoked.push(/status of 400.*property-companies/);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/property-companies') && r.request().method() === 'POST'),
      dialog.getByLabel('统一社会信用代码').press('Enter'),
    ]);
    expect(answer.status()).toBe(400);
    const problem = ((await answer.json()) as { error: { details: { field: string; message: string }[] } }).error.details;
    expect(problem).toEqual([{ field: 'creditCode', message: 'check character does not match' }]);
    const field = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('统一社会信用代码') });
    await expect.poll(() => field.locator('.ant-form-item-explain-error').innerText()).toBe(problem[0]!.message);
    expect(await dialog.getByRole('alert').count()).toBe(0);
    expect(await total('/property-companies?pageSize=1')).toBe(before);
    expect(await total(`/property-companies?pageSize=1&q=${encodeURIComponent(name)}`)).toBe(0);

    await dialog.getByLabel('统一社会信用代码').fill(good);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await total('/property-companies?pageSize=1')).toBe(before + 1);
    await page.getByRole('searchbox', { name: '搜索名称或信用代码' }).fill(good);
    await page.getByRole('searchbox', { name: '搜索名称或信用代码' }).press('Enter');
    const row = page.getByRole('table').locator('tbody tr.ant-table-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain(name);
  });

  it('creates an account as district admin, with the API refusal of a taken grid shown on the scope field', async () => {
    const username = 'e2e-clerk';
    const before = await total('/users?pageSize=1');
    await page.goto(`${server.url}/accounts`);
    await expect.poll(shownTotal).toBe(before);
    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog');
    const pickScope = async (name: string) => {
      await dialog.getByLabel('管辖范围').click();
      await dialog.getByLabel('管辖范围').pressSequentially(name);
      await page.locator('.ant-select-tree-title').filter({ hasText: new RegExp(`^${name}$`) }).click();
    };
    const pickRole = async (name: string) => {
      await dialog.getByLabel('角色').click();
      await page.locator('.ant-select-item-option').filter({ hasText: new RegExp(`^${name}$`) }).click();
    };
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('姓名').fill('陈测试');
    await pickRole('网格员');
    await pickScope('霞海社区第2网格');
    await dialog.getByLabel('初始密码').fill('e2e-password-1');

    // The grid has its grid worker already: the API answers 409 naming the scope field.
    provoked.push(/status of 409.*\/api\/v1\/users/);
    await dialog.getByLabel('初始密码').press('Enter');
    const scopeField = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('管辖范围') });
    await expect.poll(() => scopeField.locator('.ant-form-item-explain-error').innerText()).toBe('this grid already has a grid worker');
    expect(await total('/users?pageSize=1')).toBe(before);

    await pickRole('社区工作人员');
    await pickScope('霞海社区');
    await dialog.getByLabel('初始密码').press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    const created = await apiGet<Paged<{ username: string; role: string; scopeUnitId: number; disabled: boolean }>>(`/users?q=${username}`);
    expect(created.items).toHaveLength(1);
    expect(created.items[0]).toMatchObject({ username, role: 'community_staff', disabled: false });
    const community = await apiGet<{ name: string }>(`/communities/${created.items[0]!.scopeUnitId}`);
    expect(community.name).toBe('霞海社区');
    await page.getByRole('searchbox', { name: '搜索用户名或姓名' }).fill(username);
    await page.getByRole('searchbox', { name: '搜索用户名或姓名' }).press('Enter');
    const row = page.getByRole('table').locator('tbody tr.ant-table-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/e2e-clerk[\s\S]*陈测试[\s\S]*社区工作人员[\s\S]*霞海社区/);

    // The new account logs in and sees its community.
    await switchTo(username, 'e2e-password-1');
    const session = await apiGet<{ account: { role: string; scope: { name: string } } }>('/auth/session');
    expect(session.account).toMatchObject({ role: 'community_staff', scope: { name: '霞海社区' } });
  });

  it('shows a community account only its own community and grids', async () => {
    await switchTo('community');
    const grids = await apiGet<Paged<{ name: string }>>('/grids?pageSize=500');
    expect(grids.total).toBeGreaterThan(0);
    expect(grids.total).toBeLessThan(89);

    await page.goto(`${server.url}/register/communities`);
    const rows = page.getByRole('table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('霞海社区');
    expect(await shownTotal()).toBe(1);
    expect(await page.getByRole('button', { name: '新建社区' }).count()).toBe(0); // community staff may not add communities

    await page.goto(`${server.url}/register/grids`);
    await expect.poll(() => rows.count()).toBe(grids.total);
    expect(await shownTotal()).toBe(grids.total);
    for (const grid of grids.items) expect(await rows.filter({ hasText: grid.name }).count()).toBe(1);
    expect(await rows.filter({ hasText: '霞海社区' }).count()).toBe(grids.total);

    // Out of scope reads as not found.
    const outside = (await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'hongyun-demo' }),
    }).then(async (r) => {
      const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
      const list = (await fetch(`${server.url}/api/v1/compounds?pageSize=500`, { headers: { cookie } }).then((x) => x.json())) as Paged<{ id: number; community: { name: string } }>;
      return list.items.find((c) => c.community.name !== '霞海社区')!;
    }))!;
    provoked.push(new RegExp(`status of 404.*compounds/${outside.id}`));
    await page.goto(`${server.url}/register/compounds/${outside.id}`);
    await page.getByText('未找到').waitFor();

    const unexpected = browser.consoleErrors.filter((error) => !provoked.some((pattern) => pattern.test(error)));
    expect(unexpected).toEqual([]);
  });
});
