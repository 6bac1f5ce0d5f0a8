// PRODUCT.md §7: the installable app, opening offline, and taps kept on the phone while
// offline — through a reload — then sent with the times they were tapped. All of it over
// HTTPS on the machine's MagicDNS name, as a phone on the tailnet reaches the app: the
// browser trusts the test CA tailscaled's certificate comes from, and nothing pretends an
// insecure origin is secure.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { TAILNET_NAME, newPage, startApp, startSelling } from './harness.mjs';

let app;
before(async () => {
  app = await startApp({ tls: true });
  app.tailscaled.answerWith('whois-staff-iphone.json');
  // Each test may run alone: the phone has a seller before any of them.
  const page = await newPage(app);
  await startSelling(app, page, 'Nok');
  await page.context().close();
});
after(async () => { await app?.stop(); });

const hydrated = (page) => page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
/** Waits until the service worker controls the page and has kept the app's files. */
async function controlled(page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    const keys = await caches.keys();
    return navigator.serviceWorker.controller !== null && keys.some((k) => k.startsWith('lumicello-'));
  }, null, { timeout: 15000 });
}
/** No signal: the browser says it is offline, and the server is out of reach for real
 * (Chromium's offline emulation lets the odd request from a reloading, worker-controlled
 * page through, which a phone without signal could never send). */
async function offline(page) {
  await app.crash();
  await page.context().setOffline(true);
}
async function online(page) {
  await app.start();
  await page.context().setOffline(false);
}
const rows = () => Number(app.sql("SELECT count(*) FROM interactions WHERE staff_device = 'booth-phone-1'"));

test('the app is installable: manifest, icons, and a worker that controls the page', async () => {
  const page = await newPage(app);
  // A phone typing the plain address lands on HTTPS.
  await page.goto(`http://${TAILNET_NAME}:${app.tls.port}/`);
  assert.equal(page.url(), `${app.base}/`);
  await hydrated(page);
  assert.equal(await page.evaluate(() => window.isSecureContext), true, 'a secure context for real');
  await controlled(page);
  const manifest = JSON.parse((await app.get('/manifest.webmanifest')).body);
  assert.equal(manifest.name, 'Lumicello Insights');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.orientation, 'portrait');
  assert.equal(manifest.theme_color, '#D4654A');
  assert.equal(manifest.background_color, '#FDF8F4');
  assert.ok(manifest.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512'));
  for (const icon of [...manifest.icons.map((i) => i.src), '/icons/apple-touch-icon.png']) {
    const response = await app.get(icon);
    assert.equal(response.headers['content-type'], 'image/png', icon);
  }
  // Chromium's own verdict, as its install prompt uses it, in an ordinary (not
  // incognito) profile: test contexts are incognito, where nothing is installable.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lumicello-profile-'));
  const browser = await chromium.launchPersistentContext(profile, app.browserOptions);
  const installed = browser.pages()[0] ?? await browser.newPage();
  await installed.goto(app.base + '/');
  await controlled(installed);
  const cdp = await browser.newCDPSession(installed);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
  const worker = (await app.get('/sw.js')).body;
  assert.match(worker, /const VERSION = '[0-9a-f]{16}'/);
  assert.match(worker, /"\/pkg\/lumicello\.[\w-]+\.wasm"/, 'the content-hashed build is kept');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('offline: three walk-bys and a conversation are kept through a reload, then sent with their own times', async () => {
  const page = await newPage(app);
  await page.goto(app.base + '/');
  await hydrated(page);
  await controlled(page);
  await page.reload();
  await hydrated(page);
  const before = rows();

  await offline(page);
  const offlineFrom = app.sql("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS')");
  for (let i = 1; i <= 3; i++) {
    await page.click('[data-testid="walk-by"]');
    await page.waitForFunction((n) => document.querySelector('[data-testid="waiting"]')?.textContent.includes(`${n} `), i);
    await page.waitForTimeout(800); // two visitors, not a double tap
  }
  // Honest about where the tap is: kept on the phone, not "saved".
  await page.waitForFunction(() => /Kept on this phone/.test(document.querySelector('[data-testid="tap-state"]')?.textContent));
  assert.match(await page.textContent('[data-testid="waiting"]'), /3 waiting to sync.*sent by themselves once back online/s);
  assert.match(await page.textContent('[data-waiting="visitors"]'), /^\+3 waiting$/, 'Home counts them, marked as waiting');
  await page.click('[data-testid="conversation"]');
  await page.waitForSelector('main[data-step="who"]');
  await page.click('.tile:has-text("Gift Buyer")');
  await page.click('.tile:has-text("Big Garden Screen")');
  await page.click('.tile:has-text("3-Box Bundle")');
  await page.click('[data-lead="line"]');
  await page.waitForSelector('[data-testid="confirmation"]');
  assert.match(await page.textContent('[data-testid="summary"]'), /Gift Buyer → Big Garden Screen · 3-Box Bundle = ฿2,690 · LINE signup/);
  await page.waitForFunction(() => /Kept on this phone/.test(document.querySelector('[data-testid="confirmation"] [data-testid="tap-state"]')?.textContent));
  await page.waitForURL(/\/\?saved=/);
  await page.waitForFunction(() => document.querySelector('[data-testid="waiting"]')?.textContent.includes('4 '));
  assert.match(await page.textContent('[data-waiting="visitors"]'), /^\+4 waiting$/);
  assert.match(await page.textContent('[data-waiting="revenue"]'), /^\+฿2,690 waiting$/);
  const offlineUntil = app.sql("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS')");

  // Closed and opened again while still offline: the app starts from the phone, and
  // nothing is lost.
  await page.reload();
  await hydrated(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="waiting"]')?.textContent.includes('4 '));
  assert.equal(rows(), before, 'nothing reached the server yet');
  await page.waitForTimeout(1500); // time passes before the connection returns

  await online(page);
  for (let i = 0; i < 100 && rows() < before + 4; i++) await page.waitForTimeout(100);
  assert.equal(rows(), before + 4, 'exactly the four taps');
  await page.waitForSelector('[data-testid="waiting"]', { state: 'detached', timeout: 5000 });
  const late = app.sql(`SELECT count(*) FROM interactions WHERE staff_device = 'booth-phone-1' AND timestamp > '${offlineUntil}+00'::timestamptz + interval '1 second'`);
  assert.equal(late, '0', 'each keeps the time it was tapped, not the time it was sent');
  const during = app.sql(`SELECT count(*) FROM interactions WHERE staff_device = 'booth-phone-1' AND timestamp >= '${offlineFrom}+00'::timestamptz - interval '1 second'`);
  assert.equal(during, '4');
  assert.equal(app.sql("SELECT count(*) FROM interactions WHERE sale_type = 'bundle_3' AND lead_type = 'line' AND persona = 'gift_buyer'"), '1');
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::|404/.test(e)), []);
  await page.context().close();
});

test('two tabs offline share one outbox: closing one before the connection returns loses nothing', async () => {
  const first = await newPage(app);
  await first.goto(app.base + '/');
  await hydrated(first);
  await controlled(first);
  const second = await first.context().newPage();
  await second.goto(app.base + '/');
  await hydrated(second);
  const before = rows();

  await offline(first);
  await first.click('[data-testid="walk-by"]');
  await first.waitForFunction(() => document.querySelector('[data-testid="waiting"]')?.textContent.includes('1 '));
  await second.click('[data-testid="walk-by"]');
  await second.waitForFunction(() => document.querySelector('[data-testid="waiting"]')?.textContent.includes('2 '));
  await first.close();
  await second.reload();
  await hydrated(second);
  await second.waitForFunction(() => document.querySelector('[data-testid="waiting"]')?.textContent.includes('2 '));

  await online(second);
  for (let i = 0; i < 100 && rows() < before + 2; i++) await second.waitForTimeout(100);
  await second.waitForSelector('[data-testid="waiting"]', { state: 'detached', timeout: 5000 });
  assert.equal(rows(), before + 2, 'both tabs\' taps, once each');
  await second.context().close();
});

test('offline, a page the phone never kept says so, with the way Home', async () => {
  const page = await newPage(app);
  await page.goto(app.base + '/');
  await hydrated(page);
  await controlled(page);
  await offline(page);
  await page.goto(app.base + '/stats?period=all');
  await page.waitForSelector('[data-testid="offline-page"]');
  assert.match(await page.textContent('[data-testid="offline-page"]'), /You're offline/);
  await page.click('[data-testid="offline-page"] a[href="/"]');
  await page.waitForSelector('[data-testid="walk-by"]');
  await online(page);
  await page.context().close();
});
