// Screenshots of the event and market screens at 360 and 1280 px, Thai and English (not a
// test: for looking at). node shots.mjs → $SHOTS (default /tmp/shots).
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
  // Two past markets with records and a milestone, for compare, heat map and effects.
  const day = (offset) => new Date(Date.now() + 7 * 3600e3 + offset * 864e5).toISOString().slice(0, 10);
  await call(app, 'admin_save_event', `name=K+Village+Market&first_day=${day(-6)}&last_day=${day(-5)}&opens=10:00&closes=20:00&booth_fee=8000&other_costs=2000`);
  for (const [event, offset, every] of [['k-village-market', -6, 3], ['central-world-2026', 0, 2]]) {
    app.sql(`INSERT INTO interactions (id, timestamp, staff_device, interaction_type, engaged, persona, hook, sale_type,
        quantity, unit_price, total_amount, lead_type, seller_id, updated_at, event_id)
      SELECT gen_random_uuid(), t.at, 'booth-phone-1', CASE WHEN t.e THEN 'conversation' ELSE 'walk_by' END, t.e,
        CASE WHEN t.e THEN 'parent' END, CASE WHEN t.e THEN CASE WHEN t.i % 3 = 0 THEN 'big_garden' ELSE 'signage' END END,
        CASE WHEN t.e THEN CASE WHEN t.s THEN 'single' ELSE 'none' END END,
        CASE WHEN t.s THEN 1 END, CASE WHEN t.s THEN CASE WHEN t.i % 5 = 0 THEN 990 ELSE 1290 END END,
        CASE WHEN t.s THEN CASE WHEN t.i % 5 = 0 THEN 990 ELSE 1290 END END,
        CASE WHEN t.e THEN CASE WHEN t.i % 4 = 0 THEN 'line' ELSE 'none' END END, NULL, t.at, '${event}'
      FROM (SELECT i, i % 2 = 0 AS e, i % 2 = 0 AND (i / 2) % ${every} = 0 AS s,
              ('${day(offset)} 10:00'::timestamp AT TIME ZONE 'Asia/Bangkok') + make_interval(mins => (i * 37) % 600 + (i / 120) * 1440) AS at
            FROM generate_series(0, 239) AS g(i)) AS t`);
  }
  app.sql(`INSERT INTO events (timestamp, description, staff_device, event_id)
    VALUES ('${day(-6)} 14:00'::timestamp AT TIME ZONE 'Asia/Bangkok', 'New signage', 'booth-phone-1', 'k-village-market')`);
  await all('compare', '/stats/compare?event=k-village-market&event=central-world-2026');
  await all('stats-market', '/stats?period=all&event=k-village-market');
  await call(app, 'choose_event', 'event_id=central-world-2026');
  await all('home-targets', '/');
  app.sql("UPDATE pop_up_events SET first_day = '2025-01-01', last_day = '2025-01-02'");
  await all('home-none', '/');
  console.log('done', out);
} finally {
  await app.stop();
}
