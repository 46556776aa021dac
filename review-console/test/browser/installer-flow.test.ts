import { pollUntil } from '@wardwatch/devkit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteView, VersionSummary } from '../../src/api/site-api-types.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { postgresUrl } from '../support/test-databases.js';
import { openBrowser, type BrowserSession } from './support/chromium.js';
import { ConsoleClient } from './support/console-client.js';
import { FakeAgent } from './support/fake-agent.js';
import { sendHeartbeats } from './support/heartbeats.js';
import { INSTALLER_EN, INSTALLER_VI, type InstallerWords } from './support/installer-words.js';
import { attributesOf, horizontalOverflow, rowIds, screenshot, signIn, until, urlBecomes } from './support/page-checks.js';
import { EN, VI, type UiWords } from './support/ui-words.js';
import { buildWebUi, type WebBuild } from './support/web-build.js';

/*
 * The installer's workflow in a real Chromium against a real console (SQLite, Redis, worker): create
 * an agent and read its one-time token, let a stand-in agent enrol and sync over plain HTTP (the
 * contract's paths) and answer probes with a real JPEG, add a camera with a password, draw a zone on
 * the snapshot with the mouse, save, edit, roll back, and watch the agent list until the agent
 * catches up. Runs once per UI language, Vietnamese on SQLite and English on PostgreSQL.
 */
const DESKTOP = { width: 1366, height: 900 };
const INSTALLER = 'lapdat';
const AGENT = 'agent-hk-test';
const WARD = 'hoan-kiem';
const CAMERA = 'cam-01';
const CAMERA_NAME = 'Cổng UBND';
const STREAM = 'rtsp://127.0.0.1:8554/gate-sub';
const CAMERA_USER = 'viewer';
/** The '@' inside is the common case the URL handling must survive. */
const CAMERA_PASSWORD = 'S3cr3t@Cam-2026';
const STREAM_WITH_LOGIN = `rtsp://${CAMERA_USER}:${CAMERA_PASSWORD}@127.0.0.1:8554/gate-sub`;
const TOO_FEW_POINTS = 'zones[0].polygon: a polygon needs at least 3 points';

let web: WebBuild | undefined;
beforeAll(async () => {
  web = await buildWebUi();
}, 240_000);
afterAll(() => web?.remove());

/** Clicks at a fraction of the zone editor's picture. */
async function clickPicture(page: Page, x: number, y: number): Promise<void> {
  await page.getByTestId('zone-frame').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('zone-frame').boundingBox())!;
  await page.mouse.click(box.x + x * box.width, box.y + y * box.height);
}

/** The selected zone's points as the editor's handles say them (percent of the frame). */
async function handlePoints(page: Page, words: InstallerWords): Promise<[number, number][]> {
  const handles = page.getByRole('button', { name: words.point });
  const labels: string[] = [];
  for (let i = 0, n = await handles.count(); i < n; i += 1) labels.push((await handles.nth(i).getAttribute('aria-label')) ?? '');
  return labels.map((label) => {
    const match = /\(([\d.]+)%, ([\d.]+)%\)$/.exec(label);
    if (!match) throw new Error(`point label without coordinates: ${label}`);
    return [Number(match[1]) / 100, Number(match[2]) / 100];
  });
}

async function issueLines(page: Page, words: InstallerWords): Promise<string[]> {
  const list = page.getByRole('list', { name: words.problems });
  if ((await list.count()) === 0) return [];
  return (await list.getByRole('listitem').allTextContents()).map((line) => line.trim());
}

// Vietnamese on SQLite, English on PostgreSQL (when one is there): both stores, no extra run.
const pgUrl = await postgresUrl();
const RUNS: { ui: UiWords; words: InstallerWords; db: 'sqlite' | 'postgres' }[] = [
  { ui: VI, words: INSTALLER_VI, db: 'sqlite' },
  { ui: EN, words: INSTALLER_EN, db: pgUrl ? 'postgres' : 'sqlite' },
];

describe.each(RUNS)('installer workflow in $ui.lang on $db', ({ ui, words, db }) => {
  let stack: ConsoleStack | undefined;
  let browser: BrowserSession;
  let api: ConsoleClient;
  let agent: FakeAgent | undefined;
  const apiBodies: Promise<{ url: string; text: string }>[] = [];
  const shot = (name: string, fullPage = false) => screenshot(browser.page, `${ui.lang}-installer-${name}`, { fullPage });

  beforeAll(async () => {
    stack = await startConsoleStack({ webDistDir: web!.dir, postgresUrl: db === 'postgres' ? pgUrl! : undefined });
    api = await ConsoleClient.signIn(stack.url, INSTALLER, stack.password);
    browser = await openBrowser(DESKTOP, ui.lang === 'vi' ? 'vi-VN' : 'en-GB');
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    browser.page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/') && (res.headers()['content-type'] ?? '').includes('json')) {
        apiBodies.push(res.text().then((text) => ({ url: res.url(), text }), () => ({ url: res.url(), text: '' })));
      }
    });
  }, 240_000);

  afterAll(async () => {
    await agent?.stop();
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('an installer creates an agent and sees its one-time enrolment command once', async () => {
    const { page } = browser;
    await page.goto(stack!.url);
    await urlBecomes(page, /\/login/);
    if (ui.switchTo) {
      await page.getByRole('button', { name: ui.switchTo }).click();
      await page.reload();
    }
    await signIn(page, ui, INSTALLER, stack!.password);
    await page.getByRole('link', { name: words.agentsNav, exact: true }).click();
    await urlBecomes(page, /\/agents$/);
    await page.getByRole('heading', { level: 1, name: words.agentsTitle }).waitFor();

    await page.getByLabel(words.agentId, { exact: true }).fill(AGENT);
    await page.getByLabel(words.ward, { exact: true }).selectOption(WARD);
    await page.getByRole('button', { name: words.createAgent }).click();
    const token = ((await page.getByTestId('enrol-token').textContent()) ?? '').trim();
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect((await page.getByTestId('enrol-command').textContent())?.trim()).toBe(`edge-agent run --console ${stack!.url} --enrol ${token}`);
    await page.getByRole('button', { name: words.copy }).click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(`edge-agent run --console ${stack!.url} --enrol ${token}`);
    await shot('enrolment');

    await page.getByRole('button', { name: words.enrolmentDone }).click();
    expect(await page.content()).not.toContain(token);
    await page.reload();
    await page.locator(`tr[data-agent-id="${AGENT}"]`).waitFor();
    expect(await page.content()).not.toContain(token);

    // The agent's part: enrol with the token (once only), then sync and answer probes.
    agent = await FakeAgent.enrol(stack!.url, token);
    expect(agent.agentId).toBe(AGENT);
    expect((await FakeAgent.tryEnrol(stack!.url, token)).status).toBe(401);
    agent.start();
    await until(page, `document.querySelector('tr[data-agent-id="${AGENT}"] [data-testid="agent-presence"]')?.textContent.includes(${JSON.stringify(words.online)}) === true`);
  });

  it('adds a camera with a password, tests it through the agent and saves version 1', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: AGENT, exact: true }).click();
    await urlBecomes(page, new RegExp(`/agents/${AGENT}$`));
    await page.getByRole('button', { name: words.addCamera }).click();
    await page.getByLabel(words.cameraId, { exact: true }).fill(CAMERA);
    await page.getByLabel(words.cameraName, { exact: true }).fill(CAMERA_NAME);
    await page.getByLabel(words.detectUrl, { exact: true }).fill(STREAM);
    await page.getByLabel(words.username, { exact: true }).fill(CAMERA_USER);
    await page.getByLabel(words.password, { exact: true }).fill(CAMERA_PASSWORD);
    await page.getByLabel(words.fps, { exact: true }).fill('5');

    await page.getByRole('button', { name: words.testCamera }).click();
    await page.getByTestId('probe-resolution').waitFor();
    expect(await page.getByTestId('probe-resolution').textContent()).toBe('768×432');
    expect(await page.getByTestId('probe-codec').textContent()).toBe('h264');
    await until(page, `(document.querySelector('.probe__snapshot')?.naturalWidth ?? 0) === 768`);
    // The typed login reached the agent inside the URL to test, and nowhere else.
    expect(agent!.probeTasks.map((t) => t.url)).toEqual([STREAM_WITH_LOGIN]);
    await shot('camera-form', true);

    await page.getByRole('button', { name: words.saveCamera }).click();
    await page.getByText(words.savedVersion(1), { exact: true }).waitFor();
    const row = page.locator(`tr[data-camera-id="${CAMERA}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(words.credentialsSaved);
    expect(await page.content()).not.toContain(CAMERA_PASSWORD);
    agent!.check();
  });

  it('finds cameras through the agent: a bad address is named, a refused login is said in the page’s words, a found camera fills the form, and an id in use is refused', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: words.addCamera }).click();
    await page.getByRole('button', { name: words.findCameras, exact: true }).click();
    await page.getByLabel(words.discoveryAddress, { exact: true }).fill('10.0.5.21 cam@gate!');
    await page.getByRole('button', { name: words.search, exact: true }).click();
    expect(await page.getByTestId('discovery-bad-address').textContent()).toBe(words.badAddress('cam@gate!'));
    expect(agent!.discoveryTasks).toEqual([]);

    // A pasted stream URL searches its host; the login goes with the search, to the agent only.
    await page.getByLabel(words.discoveryAddress, { exact: true }).fill('rtsp://10.0.5.21:554/Streaming/Channels/102');
    await page.getByLabel(words.discoveryUsername, { exact: true }).fill(CAMERA_USER);
    await page.getByLabel(words.discoveryPassword, { exact: true }).fill(CAMERA_PASSWORD);
    await page.getByLabel(words.discoveryPassword, { exact: true }).press('Enter');
    const use = page.getByRole('button', { name: words.useCameraOf('Cổng sau'), exact: true });
    await use.waitFor();
    expect(agent!.discoveryTasks.map(({ targets, login }) => ({ targets, login }))).toEqual([{ targets: ['10.0.5.21'], login: { user: CAMERA_USER, password: CAMERA_PASSWORD } }]);
    expect(await page.locator('[data-endpoint="urn:uuid:fake-cam-2"]').textContent()).toContain(words.problemLogin);
    // Searching is not editing: the form lists no problem yet.
    expect(await issueLines(page, words)).toEqual([]);
    await shot('find-cameras', true);

    await use.click();
    expect(await page.getByLabel(words.cameraName, { exact: true }).inputValue()).toBe('Cổng sau');
    expect(await page.getByLabel(words.detectUrl, { exact: true }).inputValue()).toBe('rtsp://10.0.5.21:554/Streaming/Channels/102');
    expect(await page.locator('input[name="record-url"]').inputValue()).toBe('rtsp://10.0.5.21:554/Streaming/Channels/101');
    expect(await page.getByLabel(words.username, { exact: true }).inputValue()).toBe(CAMERA_USER);
    expect(await page.getByLabel(words.cameraId, { exact: true }).inputValue()).toBe('cam-10-0-5-21');
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('camera-id');
    expect(await issueLines(page, words)).toEqual([]);
    // Complete as picked: it can be saved as it is.
    expect(await page.getByRole('button', { name: words.saveCamera }).isDisabled()).toBe(false);

    // The id of a camera this agent already has would replace it: refused before saving.
    await page.getByLabel(words.cameraId, { exact: true }).fill(CAMERA);
    expect(await issueLines(page, words)).toEqual([words.idTaken(CAMERA)]);
    expect(await page.getByRole('button', { name: words.saveCamera }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: words.cancel, exact: true }).click();
    agent!.check();
  });

  it('draws a zone on the snapshot, refuses too few points in the installer’s words as the API does, and saves version 2', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: words.drawZonesFor(CAMERA_NAME) }).click();
    const image = page.getByRole('img', { name: words.snapshotAlt });
    await image.waitFor();
    await until(page, `(document.querySelector('.zone-canvas__image')?.naturalWidth ?? 0) === 768`);
    // The saved camera is probed with its stored login, which only the agent gets back.
    expect(agent!.probeTasks.at(-1)?.url).toBe(STREAM_WITH_LOGIN);

    await page.getByRole('button', { name: words.addZone }).click();
    expect(await issueLines(page, words)).toEqual([words.tooFewPoints(words.newZoneName)]);
    expect(await page.getByRole('button', { name: words.saveZones }).isDisabled()).toBe(true);

    for (const [x, y] of [[0.2, 0.6], [0.5, 0.55], [0.55, 0.9], [0.15, 0.9]] as const) await clickPicture(page, x, y);
    expect(await page.getByRole('button', { name: words.point }).count()).toBe(4);
    expect(await issueLines(page, words)).toEqual([]);

    // Drag the second point up and to the right.
    const second = (await page.getByRole('button', { name: words.point }).nth(1).boundingBox())!;
    const frame = (await page.getByTestId('zone-frame').boundingBox())!;
    await page.mouse.move(second.x + second.width / 2, second.y + second.height / 2);
    await page.mouse.down();
    for (let step = 1; step <= 5; step += 1) {
      await page.mouse.move(second.x + second.width / 2 + ((frame.x + 0.65 * frame.width - second.x - second.width / 2) * step) / 5, second.y + second.height / 2 + ((frame.y + 0.45 * frame.height - second.y - second.height / 2) * step) / 5);
    }
    await page.mouse.up();
    const moved = (await handlePoints(page, words))[1]!;
    expect(moved[0]).toBeCloseTo(0.65, 1);
    expect(moved[1]).toBeCloseTo(0.45, 1);

    // The keyboard moves a selected point too: 1 % of the frame per arrow press.
    const before = (await handlePoints(page, words))[0]!;
    await page.getByRole('button', { name: words.point }).first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const after = (await handlePoints(page, words))[0]!;
    expect(after[0] - before[0]).toBeCloseTo(0.01, 3);
    expect(after[1] - before[1]).toBeCloseTo(0.01, 3);

    // Select the last two points in turn and remove them with the keyboard.
    await page.getByRole('button', { name: words.point }).nth(3).click();
    await page.keyboard.press('Delete');
    await page.getByRole('button', { name: words.point }).nth(2).click();
    await page.keyboard.press('Backspace');
    expect(await page.getByRole('button', { name: words.point }).count()).toBe(2);
    const shown = await issueLines(page, words);
    expect(shown).toEqual([words.tooFewPoints(words.newZoneName)]);
    expect(await page.getByRole('button', { name: words.saveZones }).isDisabled()).toBe(true);
    await page.getByText(words.saveBlocked, { exact: true }).waitFor();
    await shot('zone-too-few-points', true);

    // The API refuses the same zone for the same reason (its own line, which the editor words).
    const site = await api.get<SiteView>(`/api/agents/${AGENT}/site`);
    const camera = site.cameras[0]!.camera;
    const refused = await api.send('PUT', `/api/agents/${AGENT}/cameras/${CAMERA}`, {
      baseVersion: site.version,
      camera: { ...camera, zones: [{ id: 'zone-1', polygon: await handlePoints(page, words), rules: [{ type: 'illegal_parking' }] }] },
    });
    expect(refused.status).toBe(400);
    expect((refused.body as { error: { details: string[] } }).error.details).toContain(TOO_FEW_POINTS);

    await clickPicture(page, 0.55, 0.9);
    await clickPicture(page, 0.15, 0.9);
    expect(await issueLines(page, words)).toEqual([]);
    await page.getByLabel(words.zoneName, { exact: true }).fill('Cổng chính');
    await page.getByLabel(words.grace, { exact: true }).fill('20');
    const drawn = await handlePoints(page, words);
    await page.getByRole('button', { name: words.saveZones }).click();
    await page.getByText(words.zonesSaved(2), { exact: true }).waitFor();
    await shot('zone-saved', true);

    const saved = (await api.get<SiteView>(`/api/agents/${AGENT}/site`)).cameras[0]!.camera.zones;
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toBe('Cổng chính');
    expect(saved[0]!.rules[0]!.graceSeconds).toBe(20);
    saved[0]!.polygon.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(drawn[i]![0], 2);
      expect(y).toBeCloseTo(drawn[i]![1], 2);
    });

    // The agent's next sync carries version 2 with the zone and the camera's working URL.
    await expect.poll(() => agent!.lastConfig?.version, { timeout: 20_000 }).toBe(2);
    const synced = agent!.lastConfig!.cameras[0]!;
    expect(synced.detect.url).toBe(STREAM_WITH_LOGIN);
    expect(synced.zones[0]!.polygon).toEqual(saved[0]!.polygon);
  });

  it('edits the zone into version 3 and shows its diff against version 2', async () => {
    const { page } = browser;
    await page.getByLabel(words.grace, { exact: true }).fill('45');
    await page.getByRole('button', { name: words.saveZones }).click();
    await page.getByText(words.zonesSaved(3), { exact: true }).waitFor();

    await page.getByRole('link', { name: words.versionsTab }).click();
    await page.locator('tr[data-version="3"]').waitFor();
    expect(await rowIds(page, 'data-version')).toEqual(['3', '2', '1']);
    expect(await page.locator('tr[data-version="3"]').textContent()).toContain(words.newest);
    // What each version changed, worded in the page's language (the API keeps English lines too).
    expect(await page.locator('tr[data-version="3"] .change-lines li').allTextContents()).toEqual([words.zoneChanged(CAMERA_NAME, 'Cổng chính', words.rulesField)]);
    expect(await page.locator('tr[data-version="1"] .change-lines li').allTextContents()).toEqual([words.cameraAdded(CAMERA_NAME)]);

    await page.getByRole('link', { name: words.showChanges(3) }).click();
    // The rules are compared as a whole: the line shows them before and after.
    const rules = page.locator(`tr.diff-row[data-diff-path="cameras[${CAMERA}].zones[cong-chinh].rules"]`);
    await rules.waitFor();
    expect(await rules.locator('.diff-before').textContent()).toContain('"graceSeconds":20');
    expect(await rules.locator('.diff-after').textContent()).toContain('"graceSeconds":45');
    expect(await horizontalOverflow(page)).toBe(0);
    await shot('version-diff', true);
  });

  it('rolls back to version 2 as version 4, which the agent receives, and the agent list shows it lagging until it runs v4', async () => {
    const { page } = browser;
    // The agent runs v3 first; then it stops taking new versions, to show one lagging.
    await expect.poll(() => agent!.runningVersion, { timeout: 20_000 }).toBe(3);
    agent!.follow = false;

    await page.getByRole('button', { name: words.rollbackTo(2) }).first().click();
    const dialog = page.getByRole('dialog', { name: words.rollbackDialog(2) });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: words.rollbackConfirm, exact: true }).click();
    await page.locator('tr[data-version="4"]').waitFor();
    expect(await rowIds(page, 'data-version')).toEqual(['4', '3', '2', '1']);
    expect(await page.locator('tr[data-version="4"]').textContent()).toContain(words.rolledBackFrom(2));
    const versions = await api.get<{ items: VersionSummary[] }>(`/api/agents/${AGENT}/versions`);
    expect(versions.items[0]).toMatchObject({ version: 4, rolledBackFrom: 2, createdBy: INSTALLER });
    await shot('versions', true);

    await expect.poll(() => agent!.lastConfig?.version, { timeout: 20_000 }).toBe(4);
    expect(agent!.lastConfig!.cameras[0]!.zones[0]!.rules[0]!.graceSeconds).toBe(20);
    const v2 = agent!.configs.find((c) => c.version === 2)!;
    expect(agent!.lastConfig!.cameras).toEqual(v2.cameras);

    await page.getByRole('link', { name: words.agentsNav, exact: true }).click();
    const version = page.locator(`tr[data-agent-id="${AGENT}"] [data-testid="agent-version"]`);
    await until(page, `document.querySelector('tr[data-agent-id="${AGENT}"] [data-testid="agent-version"]')?.textContent.includes(${JSON.stringify(words.lagging)}) === true`);
    expect(await version.textContent()).toContain(words.versionLine(3, 4));
    await shot('agents-lagging');

    agent!.follow = true;
    await until(page, `document.querySelector('tr[data-agent-id="${AGENT}"] [data-testid="agent-version"]')?.textContent === ${JSON.stringify(words.versionLine(4, 4))}`, 30_000);
    await shot('agents-current');
    agent!.check();
  });

  it('an agent that runs its own config file says so on its page, and why saved changes do not reach it', async () => {
    const { page } = browser;
    await page.goto(`${stack!.url}/agents/${AGENT}`);
    expect(await page.getByTestId('local-config-note').count()).toBe(0);
    // The page reads what the agent reported at its last sync: reloaded until that shows.
    const noteShown = (shown: boolean) =>
      pollUntil(
        `the local-config note to ${shown ? 'appear' : 'go'}`,
        async () => {
          await page.reload();
          await page.getByTestId('agent-summary').waitFor();
          return ((await page.getByTestId('local-config-note').count()) > 0) === shown;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
    agent!.localLabel = 'a93439eaa9aa';
    await noteShown(true);
    expect(await page.getByTestId('local-config-note').textContent()).toBe(words.localConfig);

    // What it really runs (its heartbeats) is listed, read-only, above what the console holds.
    await sendHeartbeats(stack!.redisUrl, stack!.queuePrefix, [
      {
        agentId: AGENT, ward: WARD, token: agent!.token,
        cameras: [
          { id: 'cong-sau', name: 'Cổng sau', state: 'up', fps: 5, restarts: 0 },
          { id: 'bai-xe', name: 'Bãi xe', state: 'down', fps: 0, lastError: 'connection refused', restarts: 3 },
        ],
      },
    ]);
    await page.reload();
    await until(page, `document.querySelectorAll('[data-running-camera]').length === 2`, 30_000);
    const running = page.getByRole('region', { name: words.runningTitle });
    await running.waitFor();
    expect((await attributesOf(page, '[data-running-camera]', ['data-running-camera'])).flat().sort()).toEqual(['bai-xe', 'cong-sau']);
    expect(await running.getByRole('link').count()).toBe(0);
    await shot('agent-local-file', true);
    // Saving a camera here asks first: the agent will not apply it.
    const before = (await api.get<SiteView>(`/api/agents/${AGENT}/site`)).version;
    await page.getByRole('link', { name: words.editCameraOf(CAMERA_NAME) }).click();
    await page.getByLabel(words.cameraName, { exact: true }).fill(`${CAMERA_NAME} (mới)`);
    await page.getByRole('button', { name: words.saveCamera }).click();
    const ask = page.getByRole('dialog', { name: words.unappliedTitle });
    await ask.waitFor();
    await ask.getByRole('button', { name: words.cancel, exact: true }).click();
    await ask.waitFor({ state: 'detached' });
    expect((await api.get<SiteView>(`/api/agents/${AGENT}/site`)).version).toBe(before);
    // The agent list counts the cameras it runs, not the console's.
    await page.goto(`${stack!.url}/agents`);
    await until(page, `document.querySelector('tr[data-agent-id="${AGENT}"] [data-testid="agent-cameras"]')?.textContent === ${JSON.stringify(`2${words.fromLocalFile}`)}`);
    agent!.localLabel = undefined;
    await page.goto(`${stack!.url}/agents/${AGENT}`);
    await noteShown(false);
    agent!.check();
  });

  it('editing the camera says a login is stored and never shows it', async () => {
    const { page } = browser;
    await page.goto(`${stack!.url}/agents/${AGENT}`);
    await page.getByRole('link', { name: words.editCameraOf(CAMERA_NAME) }).click();
    const detect = page.getByRole('group', { name: words.detectStream });
    await detect.getByText(words.credentialsSaved, { exact: true }).waitFor();
    expect(await page.getByLabel(words.detectUrl, { exact: true }).inputValue()).toBe(STREAM);
    expect(await page.getByLabel(words.password, { exact: true }).inputValue()).toBe('');
    expect(await detect.getByRole('button', { name: words.clearCredentials }).isVisible()).toBe(true);
    await shot('camera-edit', true);
  });

  it('when someone else saved meanwhile, saving the zones names that version and reloads it', async () => {
    const { page } = browser;
    await page.goto(`${stack!.url}/agents/${AGENT}?zones=${CAMERA}`);
    await page.getByRole('img', { name: words.snapshotAlt }).waitFor();
    const site = await api.get<SiteView>(`/api/agents/${AGENT}/site`);
    const camera = site.cameras[0]!.camera;
    const other = await api.send('PUT', `/api/agents/${AGENT}/cameras/${CAMERA}`, {
      baseVersion: site.version,
      camera: { ...camera, zones: camera.zones.map((z) => ({ ...z, name: 'Cổng phụ' })) },
      note: 'renamed from another screen',
    });
    expect(other.status).toBe(200);

    await page.getByLabel(words.grace, { exact: true }).fill('30');
    await page.getByRole('button', { name: words.saveZones }).click();
    await page.getByText(words.conflict(site.version + 1, INSTALLER)).waitFor();
    await shot('zone-conflict', true);
    await page.getByRole('button', { name: words.reload, exact: true }).click();
    await until(page, `document.querySelector('.zone-list__name')?.textContent === 'Cổng phụ'`);
    expect(await page.getByLabel(words.zoneName, { exact: true }).inputValue()).toBe('Cổng phụ');
    expect(await page.getByLabel(words.grace, { exact: true }).inputValue()).toBe('20');
  });

  it('gives an existing agent a fresh one-time token, and deleting a camera asks first and makes a new version', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: words.agentsNav, exact: true }).click();
    await page.getByRole('button', { name: words.newEnrolmentOf('demo-cua-nam') }).click();
    await page.getByRole('heading', { name: words.enrolmentTitle('demo-cua-nam') }).waitFor();
    const token = ((await page.getByTestId('enrol-token').textContent()) ?? '').trim();
    expect((await FakeAgent.tryEnrol(stack!.url, token)).status).toBe(200);
    expect((await FakeAgent.tryEnrol(stack!.url, token)).status).toBe(401);
    await page.getByRole('button', { name: words.enrolmentDone }).click();

    await page.getByRole('link', { name: AGENT, exact: true }).click();
    const before = await api.get<SiteView>(`/api/agents/${AGENT}/site`);
    await page.getByRole('button', { name: words.deleteCameraOf(CAMERA_NAME) }).click();
    const dialog = page.getByRole('dialog', { name: words.deleteDialog(CAMERA_NAME) });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: words.delete, exact: true }).click();
    await page.getByText(words.savedVersion(before.version + 1), { exact: true }).waitFor();
    await page.getByText(words.noCameras, { exact: true }).waitFor();
    expect((await api.get<SiteView>(`/api/agents/${AGENT}/site`)).cameras).toEqual([]);
    await expect.poll(() => agent!.lastConfig?.cameras.length, { timeout: 20_000 }).toBe(0);
  });

  it('a long history is paged: the newest 50 versions first, the older ones on request, down to v1', async () => {
    const { page } = browser;
    // Rollbacks alternate between v1 and v2, so each one changes the config and makes a version.
    let latest = (await api.get<SiteView>(`/api/agents/${AGENT}/site`)).version;
    while (latest < 56) latest = (await api.post<{ version: number }>(`/api/agents/${AGENT}/versions/${latest % 2 === 0 ? 1 : 2}/rollback`, { baseVersion: latest })).version;
    await page.getByRole('link', { name: words.agentsNav, exact: true }).click();
    await page.getByRole('link', { name: AGENT, exact: true }).click();
    await page.getByRole('link', { name: words.versionsTab }).click();
    await page.locator(`tr[data-version="${latest}"]`).waitFor();
    const firstPage = await rowIds(page, 'data-version');
    expect(firstPage).toEqual(Array.from({ length: 50 }, (_v, i) => String(latest - i)));
    await page.getByRole('button', { name: words.showOlder }).click();
    await page.locator('tr[data-version="1"]').waitFor();
    expect(await rowIds(page, 'data-version')).toEqual(Array.from({ length: latest }, (_v, i) => String(latest - i)));
    // Fewer than a page came back: there is nothing older.
    expect(await page.getByRole('button', { name: words.showOlder }).count()).toBe(0);
  });

  it('never shows the camera password to the browser: not in any API answer the page got, not in the page', async () => {
    const bodies = await Promise.all(apiBodies);
    expect(bodies.length).toBeGreaterThan(10);
    const leaks = bodies.filter((b) => b.text.includes(CAMERA_PASSWORD) || b.text.includes(encodeURIComponent(CAMERA_PASSWORD)));
    expect(leaks.map((b) => b.url)).toEqual([]);
    expect(await browser.page.content()).not.toContain(CAMERA_PASSWORD);
  });
});
