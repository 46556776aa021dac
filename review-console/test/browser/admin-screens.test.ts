import type { UserSummary, ViolationSummary } from '../../src/api/api-types.js';
import type { BrowserSession } from './support/chromium.js';
import { openBrowser } from './support/chromium.js';
import { ConsoleClient } from './support/console-client.js';
import { attributesOf, horizontalOverflow, screenshot, signIn, until, urlBecomes } from './support/page-checks.js';
import { EN, hanoiTime, VI, type UiWords } from './support/ui-words.js';
import { buildWebUi, type WebBuild } from './support/web-build.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';

/*
 * The admin's user management and the audit log in a real Chromium against a real console
 * (API, worker, SQLite, Redis): accounts made, changed and refused through the screens, then
 * checked against the server by signing in as them; the audit log read and downloaded by a
 * supervisor. Runs once per UI language.
 */
const DESKTOP = { width: 1366, height: 768 };
const NEW_USER = 'canbo.badinh';
const FIRST_PASSWORD = 'Ba-Dinh-lan-dau-2025';
const NEW_PASSWORD = 'Doi-mat-khau-Thu-Bay';

/** What an admin and a supervisor read on these screens, written out rather than taken from the UI's dictionaries. */
interface AdminWords {
  usersNav: string;
  usersTitle: string;
  auditNav: string;
  auditTitle: string;
  officer: string;
  supervisor: string;
  administrator: string;
  everyWard: string;
  active: string;
  disabled: string;
  newUsername: string;
  newPassword: string;
  create: string;
  weakPassword: RegExp;
  usernameTaken: (username: string) => string;
  resetOf: (username: string) => string;
  resetField: string;
  resetSubmit: string;
  disableOf: (username: string) => string;
  disableSubmit: string;
  enableOf: (username: string) => string;
  lastAdmin: (username: string) => string;
  editOf: (username: string) => string;
  role: string;
  district: string;
  installer: string;
  saveChanges: string;
  cancel: string;
  districtName: string;
  districtId: string;
  addDistrict: string;
  wardName: string;
  wardId: string;
  wardDistrict: string;
  addWard: string;
  auditUser: string;
  auditAction: string;
  decided: string;
  exported: string;
  confirmedDetails: string;
  dismissedDetails: string;
  loadMore: string;
  csv: string;
  csvHeader: string;
  auditEmpty: string;
  applyFilter: string;
}

const ADMIN_VI: AdminWords = {
  usersNav: 'Người dùng',
  usersTitle: 'Người dùng',
  auditNav: 'Nhật ký',
  auditTitle: 'Nhật ký hoạt động',
  officer: 'Cán bộ phường',
  supervisor: 'Giám sát viên',
  administrator: 'Quản trị viên',
  everyWard: 'Tất cả các phường',
  active: 'Đang hoạt động',
  disabled: 'Đã khoá',
  newUsername: 'Tên đăng nhập',
  newPassword: 'Mật khẩu',
  create: 'Tạo tài khoản',
  weakPassword: /^Mật khẩu quá dễ đoán/,
  usernameTaken: (u) => `Tên đăng nhập ${u} đã có người dùng. Hãy chọn tên khác.`,
  resetOf: (u) => `Đặt lại mật khẩu cho ${u}`,
  resetField: 'Mật khẩu mới',
  resetSubmit: 'Đặt mật khẩu mới',
  disableOf: (u) => `Khoá tài khoản ${u}`,
  disableSubmit: 'Khoá tài khoản',
  enableOf: (u) => `Mở khoá tài khoản ${u}`,
  lastAdmin: (u) => `${u} là quản trị viên cuối cùng còn hoạt động nên không thể bị khoá hay đổi vai trò. Hãy cấp quyền quản trị cho một tài khoản khác trước.`,
  editOf: (u) => `Sửa vai trò và phường của ${u}`,
  role: 'Vai trò',
  district: 'Quận',
  installer: 'Kỹ thuật viên',
  saveChanges: 'Lưu thay đổi',
  cancel: 'Huỷ',
  districtName: 'Tên quận',
  districtId: 'Mã quận',
  addDistrict: 'Thêm quận',
  wardName: 'Tên phường',
  wardId: 'Mã phường',
  wardDistrict: 'Thuộc quận',
  addWard: 'Thêm phường',
  auditUser: 'Người thực hiện',
  auditAction: 'Hành động',
  decided: 'Xử lý vụ việc',
  exported: 'Tải danh sách vụ việc',
  confirmedDetails: 'Đã xác nhận: Vi phạm rõ ràng trong đoạn video',
  dismissedDetails: 'Báo nhầm: Nhận diện sai (bóng, ánh sáng, vật khác)',
  loadMore: 'Tải thêm',
  csv: 'Tải CSV',
  csvHeader: 'Thời điểm,Người thực hiện,Hành động,Mã vụ việc,Phường,Chi tiết',
  auditEmpty: 'Không có mục nào khớp bộ lọc.',
  applyFilter: 'Lọc',
};

const ADMIN_EN: AdminWords = {
  usersNav: 'Users',
  usersTitle: 'Users',
  auditNav: 'Audit log',
  auditTitle: 'Audit log',
  officer: 'Ward officer',
  supervisor: 'Supervisor',
  administrator: 'Administrator',
  everyWard: 'Every ward',
  active: 'Active',
  disabled: 'Disabled',
  newUsername: 'Username',
  newPassword: 'Password',
  create: 'Create account',
  weakPassword: /^This password is too easy to guess/,
  usernameTaken: (u) => `The username ${u} is taken. Choose another one.`,
  resetOf: (u) => `Reset the password of ${u}`,
  resetField: 'New password',
  resetSubmit: 'Set new password',
  disableOf: (u) => `Disable the account ${u}`,
  disableSubmit: 'Disable account',
  enableOf: (u) => `Enable the account ${u}`,
  lastAdmin: (u) => `${u} is the last active administrator, so the account cannot be disabled or given another role. Make another account an administrator first.`,
  editOf: (u) => `Change the role and wards of ${u}`,
  role: 'Role',
  district: 'District',
  installer: 'Installer',
  saveChanges: 'Save changes',
  cancel: 'Cancel',
  districtName: 'District name',
  districtId: 'District id',
  addDistrict: 'Add a district',
  wardName: 'Ward name',
  wardId: 'Ward id',
  wardDistrict: 'District',
  addWard: 'Add a ward',
  auditUser: 'User',
  auditAction: 'Action',
  decided: 'Case decided',
  exported: 'Cases exported',
  confirmedDetails: 'Confirmed: Violation clearly visible in the clip',
  dismissedDetails: 'False alarm: Wrong detection (shadow, light, other object)',
  loadMore: 'Load more',
  csv: 'Download CSV',
  csvHeader: 'Time,User,Action,Case id,Ward,Details',
  auditEmpty: 'No entry matches these filters.',
  applyFilter: 'Filter',
};

let web: WebBuild | undefined;
beforeAll(async () => {
  web = await buildWebUi();
}, 240_000);
afterAll(() => web?.remove());

/** A user's row as the table shows it. */
async function userRow(page: Page, username: string): Promise<{ role: string; wards: string; state: string }> {
  const row = page.locator(`tbody tr[data-username="${username}"]`);
  await row.waitFor();
  const text = async (id: string) => ((await row.getByTestId(id).textContent()) ?? '').trim();
  return { role: await text('user-role'), wards: await text('user-wards'), state: await text('user-state') };
}

async function signInStatus(url: string, username: string, password: string): Promise<number> {
  return (await signInRequest(url, username, password)).status;
}

async function signInRequest(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

/** Each audit row's cells, in the order shown. */
async function auditRows(page: Page): Promise<{ user: string; action: string; ward: string; details: string; time: string; caseHref: string | null }[]> {
  return page.evaluate(`[...document.querySelectorAll('tbody tr[data-audit-id]')].map((tr) => ({
    user: tr.querySelector('[data-testid="audit-user"]').textContent.trim(),
    action: tr.querySelector('[data-testid="audit-action"]').textContent.trim(),
    ward: tr.querySelector('[data-testid="audit-ward"]').textContent.trim(),
    details: tr.querySelector('[data-testid="audit-details"]').textContent.trim(),
    time: tr.querySelector('[data-testid="audit-time"]').textContent.trim(),
    caseHref: tr.querySelector('a')?.getAttribute('href') ?? null,
  }))`);
}

describe.each([
  [VI, ADMIN_VI],
  [EN, ADMIN_EN],
])('admin screens in $lang', (words: UiWords, admin: AdminWords) => {
  let stack: ConsoleStack | undefined;
  let browser: BrowserSession;
  let api: ConsoleClient;
  let cases: ViolationSummary[];
  const shot = (name: string, fullPage = false) => screenshot(browser.page, `${words.lang}-${name}`, { fullPage });
  const today = () => hanoiTime(new Date().toISOString()).slice(6);

  beforeAll(async () => {
    stack = await startConsoleStack({ cases: 4, webDistDir: web!.dir });
    api = await ConsoleClient.signIn(stack.url, 'admin', stack.password);
    cases = await api.pending();
    browser = await openBrowser(DESKTOP, words.locale);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('an admin finds the users screen in the nav, with every account in words', async () => {
    const { page } = browser;
    await page.goto(stack!.url);
    await urlBecomes(page, /\/login/);
    if (words.switchTo) {
      await page.getByRole('button', { name: words.switchTo }).click();
      await page.reload();
    }
    await signIn(page, words, 'admin', stack!.password);
    await urlBecomes(page, /\/queue/);
    await page.getByRole('link', { name: admin.usersNav, exact: true }).click();
    await urlBecomes(page, /\/admin\/users$/);
    await page.getByRole('heading', { level: 1, name: admin.usersTitle }).waitFor();
    expect(await userRow(page, 'canbo.hoankiem')).toEqual({ role: admin.officer, wards: 'Phường Hoàn Kiếm', state: admin.active });
    expect(await userRow(page, 'giamsat')).toMatchObject({ role: admin.supervisor, state: admin.active });
    expect(await userRow(page, 'admin')).toMatchObject({ role: admin.administrator, wards: admin.everyWard });
    const created = await page.locator('tbody tr[data-username="canbo.hoankiem"] td.nowrap').textContent();
    expect(created).toBe(today());
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('adds an officer of Ba Đình, saying in words why a weak password or a taken name is refused', async () => {
    const { page } = browser;
    const form = page.locator('section[aria-labelledby="add-user-title"]');
    await form.getByLabel(admin.newUsername, { exact: true }).fill(NEW_USER);
    await form.getByLabel(admin.newPassword, { exact: true }).fill('password123');
    await form.getByLabel('Phường Ba Đình', { exact: true }).check();
    await form.getByRole('button', { name: admin.create }).click();
    expect((await form.getByRole('alert').textContent())?.trim()).toMatch(admin.weakPassword);

    await form.getByLabel(admin.newUsername, { exact: true }).fill('canbo.hoankiem');
    await form.getByLabel(admin.newPassword, { exact: true }).fill(FIRST_PASSWORD);
    await form.getByRole('button', { name: admin.create }).click();
    await until(page, `document.querySelector('section[aria-labelledby="add-user-title"] [role="alert"]')?.textContent.trim() === ${JSON.stringify(admin.usernameTaken('canbo.hoankiem'))}`);

    await form.getByLabel(admin.newUsername, { exact: true }).fill(NEW_USER);
    await form.getByRole('button', { name: admin.create }).click();
    expect(await userRow(page, NEW_USER)).toEqual({ role: admin.officer, wards: 'Phường Ba Đình', state: admin.active });
    const stored = (await api.get<{ items: UserSummary[] }>('/api/admin/users')).items.find((u) => u.username === NEW_USER);
    expect(stored).toMatchObject({ role: 'officer', wards: ['ba-dinh'], disabled: false });
    expect(await signInStatus(stack!.url, NEW_USER, FIRST_PASSWORD)).toBe(200);
    await shot('admin-users');
  });

  it('resets the password, and the user signs in with the new one only', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: admin.resetOf(NEW_USER) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(admin.resetField, { exact: true }).fill(NEW_PASSWORD);
    await dialog.getByRole('button', { name: admin.resetSubmit }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await signInStatus(stack!.url, NEW_USER, NEW_PASSWORD)).toBe(200);
    expect(await signInStatus(stack!.url, NEW_USER, FIRST_PASSWORD)).toBe(401);
  });

  it('disables the user, who then cannot sign in, and enables them again', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: admin.disableOf(NEW_USER) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: admin.disableSubmit }).click();
    await dialog.waitFor({ state: 'detached' });
    await until(page, `document.querySelector('tr[data-username="${NEW_USER}"] [data-testid="user-state"]')?.textContent.trim() === ${JSON.stringify(admin.disabled)}`);
    // With the right password the user is told the account is locked; a wrong one learns nothing more.
    const locked = await signInRequest(stack!.url, NEW_USER, NEW_PASSWORD);
    expect({ status: locked.status, code: ((await locked.json()) as { error: { code: string } }).error.code }).toEqual({ status: 401, code: 'account_locked' });
    const wrong = await signInRequest(stack!.url, NEW_USER, 'not-the-password-1');
    expect({ status: wrong.status, code: ((await wrong.json()) as { error: { code: string } }).error.code }).toEqual({ status: 401, code: 'unauthenticated' });

    await page.getByRole('button', { name: admin.enableOf(NEW_USER) }).click();
    await until(page, `document.querySelector('tr[data-username="${NEW_USER}"] [data-testid="user-state"]')?.textContent.trim() === ${JSON.stringify(admin.active)}`);
    expect(await signInStatus(stack!.url, NEW_USER, NEW_PASSWORD)).toBe(200);
  });

  it('does not offer to lock oneself out, and refuses to demote the last admin in a sentence the admin can act on', async () => {
    const { page } = browser;
    expect(await page.getByRole('button', { name: admin.disableOf('admin') }).count()).toBe(0);
    const dialog = page.getByRole('dialog');
    await page.getByRole('button', { name: admin.editOf('admin') }).click();
    await dialog.getByLabel(admin.role, { exact: true }).selectOption({ label: admin.installer });
    await dialog.getByRole('button', { name: admin.saveChanges }).click();
    expect((await dialog.getByRole('alert').textContent())?.trim()).toBe(admin.lastAdmin('admin'));
    await shot('admin-last-admin');
    await dialog.getByRole('button', { name: admin.cancel }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await userRow(page, 'admin')).toMatchObject({ state: admin.active });
    expect((await api.get<{ items: UserSummary[] }>('/api/admin/users')).items.find((u) => u.username === 'admin')).toMatchObject({ role: 'admin', disabled: false });
  });

  it('adds a district and a ward in it, which the add-user form then offers by name', async () => {
    const { page } = browser;
    await page.getByLabel(admin.districtName, { exact: true }).fill('Quận Ven Hồ');
    await page.getByLabel(admin.districtId, { exact: true }).fill('ven-ho');
    await page.getByRole('button', { name: admin.addDistrict, exact: true }).click();
    await page.locator('tr[data-district-id="ven-ho"]').waitFor();

    await page.getByLabel(admin.wardName, { exact: true }).fill('Phường Thanh Nhàn');
    await page.getByLabel(admin.wardId, { exact: true }).fill('thanh-nhan');
    await page.getByLabel(admin.wardDistrict, { exact: true }).selectOption({ label: 'Quận Ven Hồ' });
    await page.getByRole('button', { name: admin.addWard, exact: true }).click();
    const row = page.locator('tr[data-ward-id="thanh-nhan"]');
    await row.waitFor();
    expect((await row.locator('td').allTextContents()).map((s) => s.trim())).toEqual(['thanh-nhan', 'Quận Ven Hồ']);
    await until(page, `document.querySelector('tr[data-district-id="ven-ho"] td:last-child')?.textContent.trim() === 'Phường Thanh Nhàn'`);
    await page.locator('section[aria-labelledby="add-user-title"]').getByLabel('Phường Thanh Nhàn', { exact: true }).waitFor();
    expect((await api.get<{ items: { id: string; name: string; districtId: string | null }[] }>('/api/admin/wards')).items).toContainEqual(expect.objectContaining({ id: 'thanh-nhan', name: 'Phường Thanh Nhàn', districtId: 'ven-ho' }));
    await shot('admin-users-full', true);
  });

  it('makes the new officer a supervisor of the new district, and their access changes with it', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: admin.editOf(NEW_USER) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(admin.role, { exact: true }).selectOption({ label: admin.supervisor });
    await dialog.getByLabel(admin.district, { exact: true }).selectOption({ label: 'Quận Ven Hồ' });
    await dialog.getByLabel('Phường Ba Đình', { exact: true }).uncheck();
    await dialog.getByRole('button', { name: admin.saveChanges }).click();
    await dialog.waitFor({ state: 'detached' });
    await until(page, `document.querySelector('tr[data-username="${NEW_USER}"] [data-testid="user-role"]')?.textContent.trim() === ${JSON.stringify(admin.supervisor)}`);
    expect((await page.locator(`tr[data-username="${NEW_USER}"] td`).nth(2).textContent())?.trim()).toBe('Quận Ven Hồ');
    expect((await api.get<{ items: UserSummary[] }>('/api/admin/users')).items.find((u) => u.username === NEW_USER)).toMatchObject({ role: 'supervisor', districtId: 'ven-ho', wards: [] });
    const me = (await (await ConsoleClient.signIn(stack!.url, NEW_USER, NEW_PASSWORD)).get<{ user: { wards: { id: string }[] } }>('/api/auth/me')).user;
    expect(me.wards.map((w) => w.id)).toEqual(['thanh-nhan']);
  });

  it('a supervisor reads the audit log in words, filters it by user and action, pages it and downloads it as CSV', async () => {
    const { page } = browser;
    const hoanKiem = cases.find((c) => c.ward === 'hoan-kiem')!;
    const cuaNam = cases.find((c) => c.ward === 'cua-nam')!;
    const officer = await ConsoleClient.signIn(stack!.url, 'canbo.hoankiem', stack!.password);
    await officer.decide(hoanKiem.id, 'confirmed', 'clear_violation');
    await (await ConsoleClient.signIn(stack!.url, 'canbo.cuanam', stack!.password)).decide(cuaNam.id, 'dismissed', 'false_detection');
    // More exports than one page holds, so the list has to page.
    for (let i = 0; i < 53; i += 1) expect((await officer.fetch('/api/export.csv?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&ward=hoan-kiem')).status).toBe(200);

    await page.getByRole('button', { name: words.signOut }).click();
    await urlBecomes(page, /\/login/);
    await signIn(page, words, 'giamsat', stack!.password);
    await urlBecomes(page, /\/queue/);
    expect(await page.getByRole('link', { name: admin.usersNav, exact: true }).count()).toBe(0);
    await page.getByRole('link', { name: admin.auditNav, exact: true }).click();
    await urlBecomes(page, /\/audit$/);
    await page.getByRole('heading', { level: 1, name: admin.auditTitle }).waitFor();
    const visible = (await (await ConsoleClient.signIn(stack!.url, 'giamsat', stack!.password)).get<{ items: unknown[] }>('/api/audit?limit=200')).items.length;
    expect(visible).toBeGreaterThan(50);
    await until(page, `document.querySelectorAll('tbody tr[data-audit-id]').length === 50`);
    await page.getByRole('button', { name: admin.loadMore }).click();
    await until(page, `document.querySelectorAll('tbody tr[data-audit-id]').length === ${Math.min(visible, 100)}`);

    await page.getByLabel(admin.auditUser, { exact: true }).fill('canbo.hoankiem');
    await page.getByRole('button', { name: admin.applyFilter, exact: true }).click();
    await urlBecomes(page, (url) => url.searchParams.get('actor') === 'canbo.hoankiem');
    await page.getByLabel(admin.auditAction, { exact: true }).selectOption({ label: admin.decided });
    await urlBecomes(page, (url) => url.searchParams.get('action') === 'decision' && url.searchParams.get('actor') === 'canbo.hoankiem');
    await until(page, `document.querySelectorAll('tbody tr[data-audit-id]').length === 1`);
    const [mine] = await auditRows(page);
    expect(mine).toMatchObject({ user: 'canbo.hoankiem', action: admin.decided, ward: 'Phường Hoàn Kiếm', details: admin.confirmedDetails, caseHref: `/cases/${hoanKiem.id}` });
    expect(mine!.time).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    expect(mine!.time.slice(6)).toBe(today());

    // The CSV link carries the same filters and the reader's language.
    const href = (await attributesOf(page, 'a[download]', ['href']))[0]?.[0] ?? '';
    const link = new URL(href, stack!.url);
    expect(link.pathname).toBe('/api/audit.csv');
    expect(Object.fromEntries(link.searchParams)).toEqual({ actor: 'canbo.hoankiem', action: 'decision', lang: words.lang });
    expect((await page.getByRole('link', { name: admin.csv }).getAttribute('href'))).toBe(href);
    const res = await page.request.get(link.toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toEqual([admin.csvHeader, `${mine!.time},canbo.hoankiem,${admin.decided},${hoanKiem.id},Phường Hoàn Kiếm,${admin.confirmedDetails}`]);

    // Without the user filter, both officers' decisions, each in words.
    await page.getByLabel(admin.auditUser, { exact: true }).fill('');
    await page.getByLabel(admin.auditUser, { exact: true }).press('Enter');
    await urlBecomes(page, (url) => !url.searchParams.has('actor') && url.searchParams.get('action') === 'decision');
    await until(page, `document.querySelectorAll('tbody tr[data-audit-id]').length === 2`);
    expect((await auditRows(page)).map((r) => [r.user, r.details])).toEqual([
      ['canbo.cuanam', admin.dismissedDetails],
      ['canbo.hoankiem', admin.confirmedDetails],
    ]);
    await shot('audit-log');

    // A period that holds nothing yet (from tomorrow on) empties the list; the dates stay in the address.
    const tomorrow = hanoiTime(new Date(Date.now() + 86_400_000).toISOString()).slice(6);
    await page.getByLabel(words.fromDay, { exact: true }).fill(tomorrow);
    await urlBecomes(page, (url) => /^\d{4}-\d{2}-\d{2}$/.test(url.searchParams.get('from') ?? ''));
    await page.getByText(admin.auditEmpty).waitFor();
    await page.reload();
    await page.getByText(admin.auditEmpty).waitFor();
    expect(await page.getByLabel(words.fromDay, { exact: true }).inputValue()).toBe(tomorrow);
  });

  it('sends an officer who types /audit, or a supervisor who types /admin/users, back to the queue, saying why', async () => {
    const { page } = browser;
    await page.goto(`${stack!.url}/admin/users`);
    await urlBecomes(page, /\/queue$/);
    await page.getByText(words.lang === 'vi' ? 'Tài khoản của bạn không mở được trang đó; đã chuyển về trang chính.' : 'Your account cannot open that page; you are back on your start page.').waitFor();
    await page.getByRole('button', { name: words.signOut }).click();
    await urlBecomes(page, /\/login/);
    await signIn(page, words, 'canbo.hoankiem', stack!.password);
    await urlBecomes(page, /\/queue/);
    expect(await page.getByRole('link', { name: admin.auditNav, exact: true }).count()).toBe(0);
    await page.goto(`${stack!.url}/audit?action=decision`);
    await urlBecomes(page, /\/queue$/);
    expect(await page.getByRole('heading', { level: 1, name: admin.auditTitle }).count()).toBe(0);
    await page.goto(`${stack!.url}/no-such-page`);
    await urlBecomes(page, /\/queue$/);
    await page.getByText(words.lang === 'vi' ? 'Không có trang ở địa chỉ đó; đã chuyển về trang chính.' : 'There is no page at that address; you are back on your start page.').waitFor();
  });
});
