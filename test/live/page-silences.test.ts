// The page's silence controls in a real browser: headless Chromium (Debian package `chromium`) driven
// by playwright-core, against the local functions host serving the real handlers over state written by
// a real watch run, keys checked as Azure checks them and the page opened with the one key handed out
// (the `recommendations` function's). Without /usr/bin/chromium the test is skipped — loudly.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrations } from '../../src/functions/registrations.js';
import { startFunctionsHost, type FunctionsHost } from '../../src/local/functions-host.js';
import { functionKeysFor } from '../../src/local/host-keys.js';
import { startWatchedEstate, type WatchedEstate } from '../support/watched-estate.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`\n*** SKIPPED: the browser test of the page's silence controls needs ${CHROMIUM} (Debian: apt-get update && apt-get install -y chromium). ***\n`);
}

const KEY = 'page-silences-key';
const COMMENT = '<b onmouseover="window.__xss = 1">pool fix</b>';

let estate: WatchedEstate;
let host: FunctionsHost;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const refused: string[] = [];

describe.skipIf(!hasChromium)(`the page's silence controls in headless Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    estate = await startWatchedEstate();
    await estate.watch();
    const routes = registrations.flatMap((registration) => (registration.kind === 'http' ? [registration] : []));
    host = await startFunctionsHost(routes, { port: 0, setting: () => undefined, log: () => {}, keys: functionKeysFor(routes, { recommendations: KEY }) });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    page.on('pageerror', (error) => void problems.push(error.message));
    page.on('response', (response) => void (response.status() === 401 && refused.push(response.url())));
    const response = await page.goto(`${host.url.replace('localhost', '127.0.0.1')}/api/recommendations/view?code=${KEY}`);
    expect(response?.status()).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await estate?.close();
  });

  const card = () => page.locator(`section[data-target-id="${estate.ids.aks}"]`);
  const worstNode = () => card().locator(`.node[data-node="${estate.nodeIps[0]}"]`);

  it('should say there are no silences, and offer one from each target', async () => {
    expect(await page.locator('#silences [data-no-silences]').innerText()).toBe('No silences.');
    await card().locator('button[data-silence-target]').click();
    expect(await page.locator('#silence-form select[name=target]').inputValue()).toBe(estate.ids.aks);
    expect(await worstNode().locator('.chip.is-silenced').count()).toBe(0);
  });

  it('should name every wrong field the API refused, next to the form', async () => {
    const form = page.locator('#silence-form');
    await form.locator('input[name=createdBy]').fill('');
    await form.locator('select[name=duration]').selectOption('custom');
    await form.getByRole('button', { name: 'Silence' }).click();
    const problem = page.locator('#silence-result .problem');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/createdBy[\s\S]*endsAt|endsAt[\s\S]*createdBy/);
    expect(await form.locator('input[name=createdBy]').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('input[name=endsAt]').getAttribute('aria-invalid')).toBe('true');
  });

  it('should add a silence from the form with the page\'s key: listed, and the node\'s alerts marked silenced', async () => {
    const form = page.locator('#silence-form');
    await form.locator('select[name=target]').selectOption(estate.ids.aks);
    await form.locator('input[name=node]').fill(estate.nodeIps[0]!);
    await form.locator('select[name=duration]').selectOption('4h');
    await form.locator('input[name=comment]').fill(COMMENT);
    await form.locator('input[name=createdBy]').fill('ana');
    const posted = page.waitForRequest((request) => request.method() === 'POST');
    const reloaded = page.waitForEvent('load');
    await form.getByRole('button', { name: 'Silence' }).click();
    const url = new URL((await posted).url());
    expect([url.pathname, url.searchParams.get('code')]).toEqual(['/api/recommendations/silences', KEY]);
    await reloaded;
    const until = new Date(estate.clock.now().getTime() + 4 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const item = page.locator('#silences li.silence');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.innerText()).toContain(`kubernetes (aks-shop) · node ${estate.nodeIps[0]} · until ${until} UTC · by ana · `);
    expect(await item.locator('q.comment').innerText()).toBe(COMMENT);
    expect(await worstNode().locator('.chip.is-silenced').count()).toBe(2);
    expect(await worstNode().locator('.chip.is-silenced').first().innerText()).toContain(`silenced until ${until} UTC`);
    // The other nodes' alerts still speak.
    expect(await card().locator(`.node[data-node="${estate.nodeIps[1]}"] .chip.is-silenced`).count()).toBe(0);
    expect(await card().locator('.badge.silenced').innerText()).toMatch(/1 silence/i);
    // Your name is remembered for the next silence and for End.
    expect(await page.locator('#silence-form input[name=createdBy]').inputValue()).toBe('ana');
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/live-page-silences.png', fullPage: false, clip: { x: 0, y: 0, width: 1200, height: 1400 } });
  });

  it('should end a silence with its End button: gone from the list, the alerts no longer marked', async () => {
    const reloaded = page.waitForEvent('load');
    const ended = page.waitForRequest((request) => request.method() === 'DELETE');
    await page.locator('#silences li.silence button[data-end-silence]').click();
    expect(new URL((await ended).url()).searchParams.get('by')).toBe('ana');
    await reloaded;
    await expect.poll(() => page.locator('#silences [data-no-silences]').isVisible()).toBe(true);
    expect(await worstNode().locator('.chip.is-silenced').count()).toBe(0);
    const all = (await estate.runtime.silences.list(estate.clock.now())).map((silence) => [silence.createdBy, silence.endedBy]);
    expect(all).toEqual([['ana', 'ana']]);
  });

  it('should never be refused a call, run no injected script, and log no error but the refused form\'s 400', async () => {
    expect(refused).toEqual([]);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(problems.filter((text) => !/status of 400/.test(text))).toEqual([]);
  });
});
