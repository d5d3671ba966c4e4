// The request loop end to end, as its users meet it: a resident places a request from the phone
// with a photo and the phone's position; the property company of that compound accepts and
// resolves it in the console; the resident rates it; the district's dashboard moves by exactly
// that request; and an account outside the place's scope finds nothing at the request's address.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, type Browser, DESKTOP, logIn, openBrowser, PHONE, png, RESULTS, screenshot, type Server, startServer } from './browser.js';

interface Compound {
  id: number;
  name: string;
  communityId: number;
  location: { lat: number; lng: number } | null;
  boundary: unknown;
}

interface Report {
  requests: number;
  byState: { closed: number };
  rateCounts: Record<'response' | 'resolution' | 'satisfaction', { numerator: number; denominator: number }>;
}

/** This year so far in Shanghai: the dashboard's default period. */
function thisYear() {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

const statistic = (page: Page, testId: string) => page.getByTestId(testId).locator('.ant-statistic-content-value');
const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describe.skipIf(!inject('chromium'))('点单 · 接单 · 督单 across the phone and the console', () => {
  let server: Server;
  /** Two browsers, as two people: the resident's phone and the staff's desk. */
  let phoneBrowser: Browser;
  let deskBrowser: Browser;
  let phone: Page;
  let desk: Page;
  let compound: Compound;
  let category: string;
  let districtId: number;
  let before: Report;
  let id = 0;
  let number = '';

  const figures = async () => {
    const admin = await apiSession(server.url, 'admin');
    const { from, to } = thisYear();
    return admin<Report>(`/figures?unit=${districtId}&from=${from}&to=${to}`);
  };

  beforeAll(async () => {
    server = await startServer(18_360);
    const property = await apiSession(server.url, 'property');
    const community = await apiSession(server.url, 'community');
    const admin = await apiSession(server.url, 'admin');
    const outside = (await community<{ account: { scope: { id: number } } }>('/auth/session')).account.scope.id;
    districtId = (await admin<{ account: { scope: { id: number } } }>('/auth/session')).account.scope.id;
    // A compound of the property company's, outside the community account's community: its
    // point is where the resident's phone says it is.
    const managed = await property<{ items: Compound[] }>('/compounds?pageSize=500');
    compound = managed.items.find((c) => c.boundary && c.location && c.communityId !== outside)!;
    expect(compound).toBeDefined();
    const categories = await admin<{ code: string; handlerKind: string; fields: { required: boolean }[]; active: boolean }[]>('/categories');
    category = categories.find((c) => c.handlerKind === 'property_company' && c.active && !c.fields.some((f) => f.required))!.code;
    before = await figures();
    [phoneBrowser, deskBrowser] = await Promise.all([
      openBrowser({ geolocation: { latitude: compound.location!.lat, longitude: compound.location!.lng } }),
      openBrowser(),
    ]);
    phone = await phoneBrowser.page(PHONE);
    desk = await deskBrowser.page(DESKTOP);
  });
  afterAll(async () => {
    await phoneBrowser?.close();
    await deskBrowser?.close();
    await server?.stop();
  });

  it('lets a resident place a request from the phone with a photo and the GPS position', async () => {
    const photo = path.join(RESULTS, 'loop-photo.png');
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(photo, png(160, 120));
    await phone.goto(`${server.url}/m/login`);
    await phone.getByLabel('用户名').fill('resident');
    await phone.getByLabel('密码').fill('hongyun-demo');
    await phone.getByLabel('密码').press('Enter');
    await phone.waitForURL((u) => !u.pathname.endsWith('/login'));
    await phone.getByRole('navigation').getByRole('link', { name: '我要点单' }).click();
    await phone.getByLabel('诉求类别').selectOption(category);
    await phone.getByLabel('问题描述').fill('单元门口的路灯坏了一个星期，晚上回家看不见台阶，请物业尽快维修。');
    await phone.locator('#f-photos').setInputFiles(photo);
    await phone.getByRole('button', { name: '我的位置' }).click();
    await expect.poll(() => phone.getByText(/已定位/).isVisible()).toBe(true);
    await screenshot(phone, 'loop-phone-new-request');
    await phone.getByRole('button', { name: '提交诉求' }).click();
    await expect.poll(() => phone.getByText('诉求已提交').isVisible()).toBe(true);
    number = (await phone.locator('.m-placed-number').textContent())!;
    expect(number).toMatch(/^HY-\d{8}-\d{4}$/);

    // Routed by the point to the compound and its property company, with the photo.
    const resident = await apiSession(server.url, 'resident');
    id = (await resident<{ items: { id: number; number: string }[] }>('/requests')).items.find((r) => r.number === number)!.id;
    const placed = await resident<{ compound: { id: number }; handler: { kind: string }; photos: unknown[]; state: string }>(`/requests/${id}`);
    expect(placed).toMatchObject({ state: 'submitted', compound: { id: compound.id }, handler: { kind: 'property_company' } });
    expect(placed.photos).toHaveLength(1);
  });

  it('lets the property company accept and resolve it in the console', async () => {
    await logIn(desk, server.url, 'property');
    await desk.getByRole('menu').getByText('诉求', { exact: true }).waitFor();
    await desk.goto(`${server.url}/requests/${id}`);
    const buttons = desk.getByTestId('actions').getByRole('button');
    await expect.poll(() => buttons.allInnerTexts()).toContain('接 单');
    await buttons.filter({ hasText: '接' }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByRole('button', { name: /接\s*单/ }).click();
    await desk.locator('[data-event="request.accepted"]').waitFor();
    await expect.poll(() => buttons.allInnerTexts()).toContain('办 结');
    await desk.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await buttons.filter({ hasText: '办' }).first().click();
    await dialog.getByLabel('办理结果').fill('已更换单元门口路灯，晚上试亮正常。');
    await dialog.getByRole('button', { name: /办\s*结/ }).click();
    await desk.locator('[data-event="request.resolved"]').waitFor();
    await desk.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await screenshot(desk, 'loop-request-detail');
  });

  it('lets the resident rate it on the phone, which closes it', async () => {
    await phone.goto(`${server.url}/m/requests/${id}`);
    await expect.poll(() => phone.getByRole('heading', { name: '评价本次办理' }).isVisible()).toBe(true);
    await phone.getByRole('radio', { name: '已解决' }).check();
    await phone.getByRole('radio', { name: '满意', exact: true }).check();
    await phone.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => phone.getByText('感谢您的评价').isVisible()).toBe(true);
    await screenshot(phone, 'loop-phone-rated');
    const resident = await apiSession(server.url, 'resident');
    expect(await resident<{ state: string }>(`/requests/${id}`)).toMatchObject({ state: 'closed' });
  });

  it("moves the district's dashboard by exactly this request", async () => {
    const after = await figures();
    expect(after.requests).toBe(before.requests + 1);
    expect(after.byState.closed).toBe(before.byState.closed + 1);
    // Accepted in time, rated solved and satisfied: one more on both sides of every rate.
    for (const rate of ['response', 'resolution', 'satisfaction'] as const) {
      expect(after.rateCounts[rate], rate).toEqual({ numerator: before.rateCounts[rate].numerator + 1, denominator: before.rateCounts[rate].denominator + 1 });
    }
    await desk.context().clearCookies();
    await logIn(desk, server.url, 'admin');
    await desk.waitForURL(`${server.url}/`);
    await expect.poll(async () => digits(await statistic(desk, 'requests-total').textContent())).toBe(after.requests);
    expect(await desk.getByTestId('state-closed').textContent()).toBe(`已办结 ${after.byState.closed}`);
    const { numerator, denominator } = after.rateCounts.satisfaction;
    expect(await desk.getByTestId('rate-satisfaction-counts').textContent()).toBe(`${numerator} / ${denominator} 件`);
    await desk.waitForTimeout(500); // the charts' entry animation
    await screenshot(desk, 'loop-dashboard');
  });

  it("shows an account outside the place's scope 'not found' at the request's address", async () => {
    await desk.context().clearCookies();
    await logIn(desk, server.url, 'community');
    await desk.getByRole('menu').getByText('诉求', { exact: true }).first().waitFor();
    await desk.goto(`${server.url}/requests/${id}`);
    await expect.poll(() => desk.getByText('未找到').isVisible()).toBe(true);
    expect(await desk.getByText(number).count()).toBe(0);
    // The browser's own line for the 404 answer is the only console error.
    expect(phoneBrowser.consoleErrors).toEqual([]);
    expect(deskBrowser.consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  });
});
