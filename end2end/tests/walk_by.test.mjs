// Journeys of PRODUCT.md §4's one-tap walk-by, with and without JavaScript, and the
// identity page for devices that may not log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newPage, startApp, startSelling, visitors } from './harness.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

test('after hydration, Walk-by saves without a reload, shows the overlay and the count', async () => {
  app.tailscaled.answerWith('whois-staff-iphone.json');
  const page = await newPage(app);
  await startSelling(app, page, 'Nok');
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
  assert.match(await page.textContent('.event-name'), /K Village 2025/);
  const before = await visitors(page);
  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('[data-testid="walk-by"]');
  await page.waitForSelector('[data-testid="overlay"]', { timeout: 5000 });
  assert.match(await page.textContent('[data-testid="overlay"]'), /Walk-by logged|บันทึกการเดินผ่านแล้ว/);
  await page.waitForFunction((n) => Number(document.querySelector('[data-stat="visitors"] dd').textContent) === n, before + 1);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page reload');
  // The overlay goes away by itself (~1.2 s).
  await page.waitForSelector('[data-testid="overlay"]', { state: 'detached', timeout: 5000 });
  // A second tap is a second record (a fresh idempotency key per tap).
  await page.click('[data-testid="walk-by"]');
  await page.waitForFunction((n) => Number(document.querySelector('[data-stat="visitors"] dd').textContent) === n, before + 2);
  await page.reload();
  assert.equal(await visitors(page), before + 2, 'persisted');
  assert.equal(app.sql("SELECT count(*) FROM interactions WHERE staff_device = 'booth-phone-1'"), String(before + 2));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a double tap while saving records one walk-by', async () => {
  app.tailscaled.answerWith('whois-staff-iphone.json');
  const page = await newPage(app);
  await page.goto(app.base + '/');
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
  const before = await visitors(page);
  await page.route('**/api/record_walk_by', async (route) => {
    await new Promise((r) => setTimeout(r, 400)); // a slow network, to tap twice while pending
    await route.continue();
  });
  await page.click('[data-testid="walk-by"]');
  assert.equal(await page.isDisabled('[data-testid="walk-by"]'), true, 'pending state disables the button');
  await page.click('[data-testid="walk-by"]', { force: true, timeout: 1000 }).catch(() => {});
  await page.waitForFunction((n) => Number(document.querySelector('[data-stat="visitors"] dd').textContent) === n, before + 1);
  await page.waitForTimeout(800);
  assert.equal(await visitors(page), before + 1);
  await page.context().close();
});

test('without JavaScript, Walk-by is a plain form post that comes back with the count', async () => {
  app.tailscaled.answerWith('whois-second-iphone.json');
  const page = await newPage(app, { javaScriptEnabled: false });
  await startSelling(app, page, 'Pim');
  const before = await visitors(page);
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="walk-by"]')]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.locator('[data-testid="undo-offer"]').count(), 1, 'the Undo offer comes back with the page');
  assert.equal(await visitors(page), before + 1);
  await page.reload();
  assert.equal(await visitors(page), before + 1);
  assert.equal(app.sql("SELECT count(*) FROM interactions WHERE staff_device = 'booth-phone-2'"), '1');
  await page.context().close();
});

async function assertRefused(answer, problem, setup) {
  const rowsBefore = app.sql('SELECT count(*) FROM interactions');
  app.tailscaled.answerWith(answer);
  setup?.();
  const page = await newPage(app);
  const response = await page.goto(app.base + '/');
  assert.equal(response.status(), 403, problem);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
  assert.equal(await page.getAttribute('[data-identity-problem]', 'data-identity-problem'), problem);
  assert.match(await page.textContent('.identity-card'), /Try again/);
  assert.match(await page.textContent('.identity-card'), /ลองอีกครั้ง/);
  assert.equal(await page.locator('[data-testid="walk-by"]').count(), 0, 'no way to log');
  // Even a hand-made request from the page cannot write.
  const status = await page.evaluate(async () => (await fetch('/api/record_walk_by', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `key=${crypto.randomUUID()}`,
  })).status);
  assert.equal(status, 403);
  assert.equal(app.sql('SELECT count(*) FROM interactions'), rowsBefore, 'nothing written');
  await page.context().close();
}

test('a device outside the tailnet sees the identity page and cannot write', async () => {
  await assertRefused(null, 'NotOnTailnet');
});

test('a tagged node sees the identity page and cannot write', async () => {
  await assertRefused('whois-tagged-server.json', 'TaggedNode');
});

test('a blocked device sees the identity page and cannot write', async () => {
  await assertRefused('whois-legacy-mac.json', 'Blocked', () => {
    app.sql("INSERT INTO staff (device_name, display_name, node_id, status) VALUES ('sisia', 'Sisia', 'nLegacyMac01CNTRL', 'blocked')");
  });
});
