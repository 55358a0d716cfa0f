// The page for people in a real browser: headless Chromium (Debian package `chromium`) driven by
// playwright-core, against the local functions host serving the real handlers, over state written
// by a real watch run. The host checks function keys as Azure does (per function, `start --keys`), and
// the page is opened with the one key docs/deploy.md hands out — the `recommendations` function's —
// so a call the page makes to any other function would fail here as it would in Azure (401).
// Without /usr/bin/chromium the test is skipped — loudly, never silently.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrations } from '../../src/functions/registrations.js';
import { startFunctionsHost, type FunctionsHost } from '../../src/local/functions-host.js';
import { functionKeysFor, type FunctionKeys } from '../../src/local/host-keys.js';
import type { TargetSnapshot } from '../../src/watch/target-snapshot.js';
import { startWatchedEstate, type WatchedEstate } from '../support/watched-estate.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`\n*** SKIPPED: the browser test of the live page needs ${CHROMIUM} (Debian: apt-get update && apt-get install -y chromium). ***\n`);
}

const KEY = 'test-function-key';
const HOSTILE = '<script>window.__xss = 1</script>';

let estate: WatchedEstate;
let host: FunctionsHost;
let browser: Browser;
let page: Page;
let keys: FunctionKeys;
const problems: string[] = [];
const refused: string[] = [];

describe.skipIf(!hasChromium)(`recommendationsView in headless Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    estate = await startWatchedEstate();
    await estate.watch();
    await recordHostileTarget(estate);
    const routes = registrations.flatMap((registration) => (registration.kind === 'http' ? [registration] : []));
    keys = functionKeysFor(routes, { recommendations: KEY });
    host = await startFunctionsHost(routes, { port: 0, setting: () => undefined, log: () => {}, keys });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    page = await context.newPage();
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    page.on('pageerror', (error) => void problems.push(error.message));
    page.on('response', (response) => void (response.status() === 401 && refused.push(response.url())));
    const base = host.url.replace('localhost', '127.0.0.1');
    const response = await page.goto(`${base}/api/recommendations/view?code=${KEY}`);
    expect(response?.status()).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await estate?.close();
  });

  it('should draw a bar per node with its numbers, and the warning and critical lines', async () => {
    const card = page.locator(`section[data-target-id="${estate.ids.aks}"]`);
    await expect.poll(() => card.locator('.node').count()).toBe(6);
    const worst = card.locator('.node').first();
    expect(await worst.getAttribute('data-node')).toBe(estate.nodeIps[0]);
    expect(await worst.innerText()).toMatch(/950 \/ 1,024[\s\S]*92\.8 %/);
    const track = (await worst.locator('rect.track').boundingBox())!;
    const fill = (await worst.locator('rect.fill').boundingBox())!;
    expect(fill.width / track.width).toBeCloseTo(0.928, 2);
    const warningLine = (await worst.locator('line.line-warning').boundingBox())!;
    expect((warningLine.x + warningLine.width / 2 - track.x) / track.width).toBeCloseTo(0.75, 1);
    expect(await card.locator('.node.status-warning').count()).toBe(2);
    expect(await card.innerText()).toContain('az aks update --resource-group rg-shop --name aks-shop --load-balancer-managed-outbound-ip-count 2 --load-balancer-outbound-ports 1024');
  });

  it('should mark a target the watch could not read as blind', async () => {
    const gone = page.locator(`section[data-target-id="${estate.ids.missing}"]`);
    await expect.poll(() => gone.locator('.badge.blind').isVisible()).toBe(true);
    expect(await gone.innerText()).toContain('could not read this target (not-found)');
  });

  it('should show a target named like a script as text, and run no injected script', async () => {
    await expect.poll(() => page.getByRole('heading', { name: HOSTILE }).isVisible()).toBe(true);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('should copy a command with its button', async () => {
    const block = page.locator(`section[data-target-id="${estate.ids.aks}"] .command`).first();
    await block.locator('button.copy').click();
    await expect.poll(() => block.locator('button.copy').innerText()).toBe('Copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(await block.locator('code').innerText());
  });

  it('should fill the what-if form from a target, post it with the page\'s function key, and show the plan', async () => {
    await page.locator(`section[data-target-id="${estate.ids.aks}"] button[data-prefill]`).click();
    const form = page.locator('#what-if-form');
    expect(await form.locator('input[name=current]').inputValue()).toBe('6');
    expect(await form.locator('input[name=max]').inputValue()).toBe('60');
    await form.locator('input[name=max]').fill('120');
    const posted = page.waitForRequest((request) => request.method() === 'POST');
    await form.getByRole('button', { name: 'Plan' }).click();
    expect(new URL((await posted).url()).searchParams.get('code')).toBe(KEY);
    const plan = page.locator('#what-if-result .what-if-plan');
    await plan.waitFor();
    expect(await plan.locator('.allocation').innerText()).toContain('at the maximum of 120 nodes, 256 ports per node');
    expect(await plan.locator('.risk').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('TIER_CLIFF')]));
    // Filled from the watched cluster, the commands name it instead of placeholders. 126 nodes with
    // surge would fit 504 ports on one IP, a cut from today's 1,024: the fix that keeps them comes first.
    expect(await plan.locator('pre').first().innerText()).toBe('az aks update --resource-group rg-shop --name aks-shop --load-balancer-managed-outbound-ip-count 3 --load-balancer-outbound-ports 1024');
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/live-page.png', fullPage: true });
  });

  it('should name every wrong field the planner refused, next to the form', async () => {
    const form = page.locator('#what-if-form');
    await form.locator('input[name=current]').fill('');
    await form.locator('input[name=max]').fill('-3');
    await form.getByRole('button', { name: 'Plan' }).click();
    const problem = page.locator('#what-if-result .problem');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('nodes.current');
    expect(await form.locator('input[name=current]').getAttribute('aria-invalid')).toBe('true');
  });

  it('should run under its Content-Security-Policy without a single console error', () => {
    // The one expected: the browser logs the planner's 400 to the refused what-if above.
    expect(problems.filter((text) => !/status of 400/.test(text))).toEqual([]);
  });

  it('should follow its own links with the same key, and never be refused one of its calls', async () => {
    await page.locator(`section[data-target-id="${estate.ids.aks}"] h2 a`).click();
    await page.waitForURL((url) => url.searchParams.has('target'));
    expect(new URL(page.url()).searchParams.get('code')).toBe(KEY);
    await expect.poll(() => page.locator('section.target').count()).toBe(1);
    expect(refused).toEqual([]);
  });

  it('should be refused (401) without a key, and with the key of another function', async () => {
    const base = host.url.replace('localhost', '127.0.0.1');
    const open = (query: string) => fetch(`${base}/api/recommendations/view${query}`).then((response) => response.status);
    expect([await open(''), await open(`?code=${keys.openapi}`), await open(`?code=${KEY}`)]).toEqual([401, 401, 200]);
  });
});

/** A target whose name and finding are markup, recorded through the real snapshot store. */
async function recordHostileTarget(estate: WatchedEstate): Promise<void> {
  const nat = (await estate.runtime.snapshots.getLatest(estate.ids.nat))!.value;
  const id = nat.target.id.replace(/nat-egress$/, 'evil');
  const snapshot: TargetSnapshot = {
    ...nat,
    target: { ...nat.target, id, name: HOSTILE },
    evaluation: nat.evaluation && {
      ...nat.evaluation,
      findings: [{ code: 'NO_DATA', severity: 'info', node: '*', message: '"><img src=x onerror="window.__xss = 2">' }],
    },
  };
  await estate.runtime.snapshots.putLatest(id, snapshot, { now: estate.clock.now() });
}
