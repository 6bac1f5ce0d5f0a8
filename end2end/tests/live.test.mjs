// PRODUCT.md §6 "Live": an open Home page reflects a record made on another page within
// 2 s, without reloading, and catches up by itself after its connection drops.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, newPage, startApp, startSelling, visitors, waitForCount } from './harness.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.stop(); });

test('a walk-by on one page shows on another within 2 s, and after a dropped connection', async () => {
  app.tailscaled.answerWith('whois-staff-iphone.json');
  const logger = await newPage(app);
  await startSelling(app, logger, 'Nok');
  await logger.waitForSelector('body[data-hydrated="true"]');
  const watcher = await newPage(app);
  await watcher.goto(app.base + '/');
  await watcher.waitForSelector('body[data-hydrated="true"]');
  await watcher.evaluate(() => { window.__sameDocument = true; });
  const before = await visitors(watcher);

  await logger.click('[data-testid="walk-by"]');
  const started = Date.now();
  await waitForCount(watcher, 'visitors', before + 1);
  assert.ok(Date.now() - started < 2000, `updated in ${Date.now() - started} ms`);
  assert.equal(await watcher.evaluate(() => window.__sameDocument), true, 'no reload');

  // Drop the watcher's network for a moment; a write made meanwhile still arrives.
  await watcher.context().setOffline(true);
  await logger.click('[data-testid="walk-by"]');
  await waitForCount(logger, 'visitors', before + 2);
  await watcher.context().setOffline(false);
  await waitForCount(watcher, 'visitors', before + 2);
  assert.deepEqual(watcher.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|net::/.test(e)), []);
});

test('an open page catches up by itself after the server restarts', async () => {
  app.tailscaled.answerWith('whois-staff-iphone.json');
  const watcher = await newPage(app);
  await watcher.goto(app.base + '/');
  await watcher.waitForSelector('body[data-hydrated="true"]');
  await watcher.evaluate(() => { window.__sameDocument = true; });
  const before = await visitors(watcher);
  await app.restart();
  // A write made right after the restart, by a call from outside this page.
  assert.equal((await call(app, 'record_walk_by', `key=${crypto.randomUUID()}`)).status, 200);
  await watcher.waitForFunction((n) => Number(document.querySelector('[data-stat="visitors"] dd').textContent) === n, before + 1, { timeout: 10000 });
  assert.equal(await watcher.evaluate(() => window.__sameDocument), true, 'no reload');
  await watcher.context().close();
});

test('Stats draws the journey as SVG and follows new records live', async () => {
  const stats = await newPage(app);
  await stats.goto(app.base + '/stats?period=today');
  await stats.waitForSelector('body[data-hydrated="true"]');
  assert.equal(await stats.locator('svg.sankey path').count() > 0, true, 'journey drawn');
  const visitors = async () => Number((await stats.textContent('.panel .stat dd')).replace(/[^0-9]/g, ''));
  const before = await visitors();
  const logger = await newPage(app);
  await logger.goto(app.base + '/');
  await logger.waitForSelector('body[data-hydrated="true"]');
  await logger.click('[data-testid="walk-by"]');
  await stats.waitForFunction((n) => Number(document.querySelector('.panel .stat dd').textContent.replace(/[^0-9]/g, '')) === n, before + 1, { timeout: 2000 });
  assert.equal(await visitors(), before + 1);
  // Without JavaScript the same page is complete.
  const plain = await newPage(app, { javaScriptEnabled: false });
  await plain.goto(app.base + '/stats?period=all');
  assert.equal(await plain.locator('svg.sankey path').count() > 0, true);
  assert.match(await plain.textContent('[data-testid="report"]'), /Hypothesis report/);
  assert.deepEqual(stats.errors, []);
});
