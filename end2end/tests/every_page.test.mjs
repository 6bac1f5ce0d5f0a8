// Every page of the app — staff, stats, every admin page, the identity, offline and
// not-found pages, and the overlays and confirmations — on a 360 px phone and a 1280 px
// laptop, in Thai and in English, with and without JavaScript, reached over a tailnet
// address (not 127.0.0.1, which browsers treat as a secure context). Each must pass
// `audit` (layout.mjs). SCREENSHOTS=<dir> keeps a picture of each.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SECOND_PHONE, call, startApp, tailnetAddress } from './harness.mjs';
import { audit } from './layout.mjs';

let app;
const ids = {};
const shots = process.env.SCREENSHOTS;

const ok = async (endpoint, body, options) => {
  const r = await call(app, endpoint, body, options);
  assert.ok(r.status < 400, `${endpoint}: ${r.status} ${r.body}`);
  return r.body ? JSON.parse(r.body) : null;
};
const key = () => crypto.randomUUID();

before(async () => {
  // Devices wait for approval, so the device list has one waiting.
  app = await startApp({
    env: { ADMIN_DEVICES: 'booth-phone-1', REGISTRATION: 'approval' },
    host: tailnetAddress() ?? '127.0.0.1',
  });
  app.tailscaled.answerWith('whois-staff-iphone.json');
  app.tailscaled.answerFor(SECOND_PHONE, 'whois-second-iphone.json');
  // A day at the booth: every outcome, every lead, a long Thai name, notes, a milestone,
  // something in the trash, a second seller and a phone waiting for approval.
  await ok('add_seller', 'name=Nok');
  await ok('admin_add_seller', `name=${encodeURIComponent('สมชาย ใจดีมากที่สุดในตลาด')}`);
  for (let i = 0; i < 14; i++) await ok('record_walk_by', `key=${key()}`);
  const talks = [
    'persona=parent&hook=physical_kits&sale=single&qty=2&price=990&lead=line',
    'persona=gift_buyer&hook=big_garden&sale=single&qty=1&price=1290&lead=email',
    'persona=gift_buyer&hook=big_garden&sale=bundle_3&lead=instagram',
    'persona=expat&hook=signage&sale=full_year&lead=line',
    'persona=future_parent&hook=signage&sale=none&objection=too_expensive&lead=none',
    'persona=parent&hook=physical_kits&sale=none&objection=has_toys&lead=email',
    'persona=expat&hook=big_garden&sale=none&objection=need_to_think&lead=none',
    'persona=parent&hook=signage&sale=none&objection=age_mismatch&lead=none',
    'persona=gift_buyer&hook=physical_kits&sale=none&objection=other&lead=instagram',
  ];
  for (const t of talks) ids.last = (await ok('record_conversation', `key=${key()}&${t}`)).id;
  ids.noted = ids.last;
  app.sql(`UPDATE interactions SET notes = 'ซื้อเป็นของขวัญให้หลาน — asked about the 3–5 age box, will come back on Saturday with her sister' WHERE id = '${ids.noted}'`);
  ids.key = app.sql(`SELECT idempotency_key FROM interactions WHERE id = '${ids.last}'`);
  await ok('record_milestone', `key=${key()}&description=${encodeURIComponent('New signage')}`);
  ids.milestone = app.sql('SELECT max(id) FROM events');
  const gone = await ok('record_walk_by', `key=${key()}`);
  ids.gone = gone.id;
  await ok('admin_delete_record', `id=${ids.gone}`);
  await call(app, 'home_summary', '', { from: SECOND_PHONE }); // booth-phone-2 waits for approval
  ids.otherSeller = app.sql("SELECT id FROM sellers WHERE id <> 'nok' LIMIT 1");
});
after(async () => { await app?.stop(); });

const flow = (step, picks = '') => `/log/${step}?key=${key()}${picks}`;
/** [path, { js: only with JS / without, act: what to do before looking, tailscaled: who
 * the caller is for this page }] */
const pages = () => [
  ['/'],
  ['/?period=all'],
  [`/?saved=${ids.key}`],
  ['/?switched=1'],
  ['/?milestone=1'],
  ['/', { js: true, name: 'walk-by overlay', act: async (p) => { await p.click('[data-testid="walk-by"]'); await p.waitForSelector('[data-testid="overlay"]'); } }],
  ['/seller'],
  [`/seller?confirm=${encodeURIComponent(ids.otherSeller)}`],
  [flow('who')],
  [flow('hook', '&persona=gift_buyer')],
  [flow('result', '&persona=gift_buyer&hook=big_garden')],
  [flow('single', '&persona=gift_buyer&hook=big_garden&sale=single&qty=2')],
  [flow('objection', '&persona=gift_buyer&hook=big_garden&sale=none')],
  [flow('lead', '&persona=gift_buyer&hook=big_garden&sale=bundle_3')],
  [flow('lead', '&persona=gift_buyer&hook=big_garden&sale=bundle_3'), {
    js: true, name: 'conversation confirmation',
    act: async (p) => { await p.click('[data-lead="line"]'); await p.waitForSelector('[data-testid="confirmation"]'); },
  }],
  [`/done?id=${ids.last}`],
  ['/milestone'],
  ['/past'],
  ['/stats?period=all'],
  ['/stats?period=today'],
  ['/stats?period=all&heat=conversion&window=1'],
  ['/stats/compare'],
  ['/stats/compare?event=k-village-2025'],
  ['/admin?range=all'],
  ['/admin?range=all&type=sales&seller=nok'],
  [`/admin/record/${ids.noted}`],
  [`/admin/record/${ids.noted}?confirm=delete`],
  [`/admin/record/${ids.gone}`],
  [`/admin/milestone/${ids.milestone}`],
  ['/admin/trash'],
  [`/admin/trash?confirm=${ids.gone}`],
  ['/admin/trash?retention=30'],
  ['/admin/sellers'],
  ['/event'],
  ['/admin/events'],
  ['/admin/events?edit=k-village-2025'],
  ['/admin/devices'],
  ['/admin/devices?block=booth-phone-2'],
  ['/offline.html'],
  ['/no-such-page'],
  ['/', { name: 'identity: not on the tailnet', tailscaled: null }],
  ['/admin', { name: 'identity: a tagged server', tailscaled: 'whois-tagged-server.json' }],
];

const combos = [];
for (const width of [360, 1280]) for (const lang of ['th', 'en']) for (const js of [true, false]) combos.push({ width, lang, js });

test('every page, at 360 px and 1280 px, in Thai and English, with and without JavaScript, passes the layout audit', { timeout: 30 * 60 * 1000 }, async () => {
  const found = new Map();
  if (shots) fs.mkdirSync(shots, { recursive: true });
  for (const { width, lang, js } of combos) {
    const context = await app.browser.newContext({
      viewport: { width, height: width < 600 ? 780 : 900 },
      javaScriptEnabled: js,
      locale: lang === 'th' ? 'th-TH' : 'en-US',
    });
    await context.addCookies([{ name: 'lang', value: lang, url: app.base }]);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    for (const [url, options = {}] of pages()) {
      if (options.js !== undefined && options.js !== js) continue;
      const label = options.name ?? url;
      if ('tailscaled' in options) app.tailscaled.answerWith(options.tailscaled);
      try {
        await page.goto(app.base + url);
        if (js && !url.endsWith('.html')) {
          await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
        }
        if (options.act) await options.act(page);
        await page.waitForTimeout(250); // let entry animations finish
        const problems = await page.evaluate(audit, { phone: width < 600 });
        for (const problem of problems) {
          const where = `${width}px ${lang} ${js ? 'JS' : 'no JS'}`;
          const seen = found.get(`${label}: ${problem}`) ?? [];
          found.set(`${label}: ${problem}`, [...seen, where]);
        }
        if (shots) {
          const file = `${width}-${lang}-${js ? 'js' : 'nojs'}-${label.replace(/[^a-z0-9]+/gi, '_').slice(0, 60)}.png`;
          await page.screenshot({ path: path.join(shots, file), fullPage: !options.act });
        }
      } finally {
        if ('tailscaled' in options) app.tailscaled.answerWith('whois-staff-iphone.json');
      }
    }
    assert.deepEqual(errors, [], `${width}px ${lang} ${js}: errors in the page`);
    await context.close();
  }
  const report = [...found].map(([problem, where]) => `- ${problem}  [${where.join('; ')}]`);
  assert.equal(report.length, 0, `${report.length} problems a person would see:\n${report.join('\n')}`);
});
