// Screenshots of the event screens at 360 and 1280 px, Thai and English (not a test: for
// looking at). node shots.mjs → $SHOTS (default /tmp/shots).
import { call, newPage, startApp, startSelling } from './tests/harness.mjs';

const out = process.env.SHOTS ?? '/tmp/shots';
const app = await startApp({ env: { ADMIN_DEVICES: 'booth-phone-1' } });
try {
  app.tailscaled.answerWith('whois-staff-iphone.json');
  const first = await newPage(app);
  await startSelling(app, first, 'Nok');
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  await call(app, 'admin_save_event', `name=Central+World+2026&venue=Ratchaprasong&first_day=${today}&booth_fee=12000&opens=10:00&closes=22:00&target_visitors=50`);
  for (let i = 0; i < 3; i++) await call(app, 'record_walk_by', `key=${crypto.randomUUID()}`).catch(() => {});
  await first.context().close();
  const shoot = async (name, path, { width, lang }) => {
    const page = await newPage(app, { viewport: { width, height: 900 } });
    await page.context().addCookies([{ name: 'lang', value: lang, url: app.base }]);
    await page.goto(app.base + path);
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 }).catch(() => {});
    await page.screenshot({ path: `${out}/${name}-${width}-${lang}.png`, fullPage: true });
    if (page.errors.length) console.log(name, page.errors);
    await page.context().close();
  };
  const all = async (name, path) => {
    for (const width of [360, 1280]) for (const lang of ['en', 'th']) await shoot(name, path, { width, lang });
  };
  await all('home-choose', '/');
  await all('event', '/event');
  await all('admin-events', '/admin/events');
  await all('admin-event-edit', '/admin/events?edit=central-world-2026');
  await all('stats', '/stats?period=all&event=all');
  app.sql("UPDATE pop_up_events SET first_day = '2025-01-01', last_day = '2025-01-02'");
  await all('home-none', '/');
  console.log('done', out);
} finally {
  await app.stop();
}
