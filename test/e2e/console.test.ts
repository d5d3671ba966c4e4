// The console in a real browser: logging in, the menu a role sees, the language switch.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, logIn, openBrowser, screenshot, type Server, startServer } from './browser.js';

describe.skipIf(!inject('chromium'))('the console in Chromium', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(18_301), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs in and shows the menu of the role, in Chinese or in English', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('用户名').waitFor();
    await screenshot(page, 'console-login');
    await logIn(page, server.url, 'admin');
    const menu = page.getByRole('menu');
    await expect.poll(() => menu.getByText('总览').isVisible()).toBe(true);
    for (const item of ['地图', '诉求', '基础信息', '账号管理']) expect(await menu.getByText(item, { exact: true }).first().isVisible()).toBe(true);
    await page.getByText('EN', { exact: true }).click();
    await expect.poll(() => menu.getByText('Overview').isVisible()).toBe(true);
    await page.getByText('中文', { exact: true }).click();
    await expect.poll(() => menu.getByText('总览').isVisible()).toBe(true);

    // Property staff work requests; they have no register menu and no accounts.
    await page.getByRole('banner').getByRole('link').click();
    await page.getByText('退出登录').click();
    await page.waitForURL(/\/login$/);
    await logIn(page, server.url, 'property');
    await expect.poll(() => menu.getByText('诉求', { exact: true }).isVisible()).toBe(true);
    expect(await menu.getByText('账号管理').count()).toBe(0);
    expect(await menu.getByText('地图').count()).toBe(0);
    expect(browser.consoleErrors).toEqual([]);
  });
});
