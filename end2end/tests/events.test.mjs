// The events issue: an admin creates "Central World 2026" running today beside K Village
// (the first event, made at start-up from EVENT_NAME), two phones each pick one and log,
// and Stats shows each event apart while "All events" adds them up.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, newPage, startApp, startSelling } from './harness.mjs';

let app;
before(async () => { app = await startApp({ env: { ADMIN_DEVICES: 'booth-phone-1' } }); });
after(async () => { await app?.stop(); });

const hydrated = (page) => page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
const visitorsOnStats = async (page, event) => {
  await page.goto(`${app.base}/stats?period=all&event=${encodeURIComponent(event)}`);
  await hydrated(page);
  return Number((await page.textContent('.panel .cards .stat dd')).replace(/[^0-9]/g, ''));
};

test('two booths at once: each phone logs for its own, Stats shows each apart and all together', async () => {
  // Phone A, the admin, at 360 px.
  app.tailscaled.answerWith('whois-staff-iphone.json');
  const a = await newPage(app, { viewport: { width: 360, height: 780 } });
  await startSelling(app, a, 'Nok');
  assert.match(await a.textContent('[data-testid="event-name"]'), /K Village 2025/);
  await a.goto(`${app.base}/admin/events`);
  await hydrated(a);
  await a.click('[data-testid="new-event"] summary');
  await a.fill('[data-testid="new-event"] input[name="name"]', 'Central World 2026');
  await Promise.all([a.waitForURL(/\/admin\/events\?saved=/), a.click('[data-testid="new-event"] [data-testid="save-event"]')]);
  await a.waitForSelector('[data-event="central-world-2026"]');
  assert.match(await a.textContent('[data-event="central-world-2026"]'), /Running|กำลังจัด/);

  // Two events today: Home asks which booth; phone A takes Central World.
  await a.goto(app.base + '/');
  await hydrated(a);
  await a.waitForSelector('[data-testid="choose-event"]');
  await a.goto(app.base + '/event');
  await hydrated(a);
  await Promise.all([a.waitForURL(/\/\?event=1$/), a.click('button.seller-tile:has-text("Central World 2026")')]);
  await a.waitForSelector('[data-testid="event-name"]:has-text("Central World 2026")');
  await hydrated(a);
  for (let i = 1; i <= 2; i++) {
    await a.click('[data-testid="walk-by"]');
    await a.waitForFunction((n) => Number(document.querySelector('[data-stat="visitors"] dd').textContent) === n, i);
    await a.waitForTimeout(800);
  }

  // Phone B, staff, picks K Village and logs three.
  app.tailscaled.answerWith('whois-second-iphone.json');
  const b = await newPage(app, { viewport: { width: 360, height: 780 } });
  await startSelling(app, b, 'Pim');
  await b.goto(app.base + '/event');
  await hydrated(b);
  await Promise.all([b.waitForURL(/\/\?event=1$/), b.click('button.seller-tile:has-text("K Village 2025")')]);
  await hydrated(b);
  for (let i = 1; i <= 3; i++) {
    await b.click('[data-testid="walk-by"]');
    await b.waitForFunction((n) => Number(document.querySelector('[data-stat="visitors"] dd').textContent) === n, i);
    await b.waitForTimeout(800);
  }
  // A staff phone cannot make events.
  await b.goto(`${app.base}/admin/events`);
  assert.match(await b.textContent('body'), /Admins only|เฉพาะผู้ดูแล/);
  b.errors = b.errors.filter((e) => !/status of 403/.test(e)); // that refusal, as expected

  const placed = () => app.sql("SELECT string_agg(event_id || ':' || n, ',' ORDER BY event_id) FROM (SELECT event_id, count(*) AS n FROM interactions GROUP BY event_id) t");
  for (let i = 0; i < 50 && placed() !== 'central-world-2026:2,k-village-2025:3'; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(placed(), 'central-world-2026:2,k-village-2025:3');

  app.tailscaled.answerWith('whois-staff-iphone.json');
  assert.equal(await visitorsOnStats(a, 'central-world-2026'), 2);
  assert.equal(await visitorsOnStats(a, 'k-village-2025'), 3);
  assert.equal(await visitorsOnStats(a, 'all'), 5);
  await a.screenshot({ path: `${process.env.SCREENSHOTS ?? '/tmp'}/events-stats-360.png`, fullPage: true });
  await a.goto(`${app.base}/admin/events`);
  await hydrated(a);
  await a.screenshot({ path: `${process.env.SCREENSHOTS ?? '/tmp'}/events-admin-360.png`, fullPage: true });
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context().close();
  await b.context().close();
});

test('a tap outside every event waits on the phone with the reason, and goes once an admin starts one', async () => {
  app.tailscaled.answerWith('whois-staff-iphone.json');
  // Every event ends before today (through the admin form, as an admin would).
  for (const id of ['k-village-2025', 'central-world-2026']) {
    const r = await call(app, 'admin_save_event', `id=${id}&name=${id === 'k-village-2025' ? 'K+Village+2025' : 'Central+World+2026'}&first_day=2025-01-01&last_day=2025-01-02`);
    assert.equal(r.status, 200, r.body);
  }
  const page = await newPage(app, { viewport: { width: 360, height: 780 } });
  await page.goto(app.base + '/');
  await hydrated(page);
  await page.waitForSelector('[data-testid="no-event"]');
  const before = app.sql('SELECT count(*) FROM interactions');
  await page.click('[data-testid="walk-by"]');
  await page.waitForSelector('[data-testid="waiting"]');
  await page.waitForFunction(() => /No event runs|ไม่มีงาน/.test(document.querySelector('[data-testid="waiting-reason"]')?.textContent ?? ''));
  assert.equal(app.sql('SELECT count(*) FROM interactions'), before, 'not guessed into an event');
  await page.waitForSelector('[data-testid="overlay"]', { state: 'detached', timeout: 5000 });
  await page.screenshot({ path: `${process.env.SCREENSHOTS ?? '/tmp'}/events-waiting-360.png`, fullPage: true });
  // The admin starts an event today: the waiting tap goes by itself, into it.
  const started = await call(app, 'start_event_today', 'name=Siam+Square+Pop-up');
  assert.equal(started.status, 200);
  await page.waitForSelector('[data-testid="waiting"]', { state: 'detached', timeout: 15000 });
  assert.equal(app.sql("SELECT count(*) FROM interactions WHERE event_id = 'siam-square-pop-up'"), '1');
  // The browser logs the server's 409 ("no event for this tap"): that refusal, as expected.
  assert.deepEqual(page.errors.filter((e) => !/status of 409/.test(e)), []);
  await page.context().close();
});
